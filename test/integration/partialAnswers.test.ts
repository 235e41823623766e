import { toEvent, type OutboxRow } from '../../subgraphs/shared/events/outboxRelay';
import { createLogger } from '../../lib/logger';
import { contactOf } from '../../subgraphs/engagement/src/modules/outcomes/outcomesConsumer';
import { SUBGRAPHS } from '../../subgraphs/registry';
import { loadSubgraphConfig } from '../../subgraphs/shared/config';
import { PERSONA } from '../../subgraphs/shared/seedIds';
import { startSubgraph } from '../../subgraphs/shared/startSubgraph';
import { CUSTOMER_CONTEXT } from '../harness/customerContext';
import { eventually } from '../harness/eventually';
import { startTestStack, type TestStack } from '../harness/startTestStack';
import type { GraphQLResponse } from '../harness/startTestSubgraphs';
import { timelineCaughtUp } from '../harness/timelineCaughtUp';

/**
 * The rep's `CustomerContext` while each subgraph in turn is stopped: what the other
 * subgraphs own still arrives, and each hole in the answer is explained by a
 * `SUBGRAPH_UNAVAILABLE` error naming the stopped subgraph at (or under) that path.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Path = (string | number)[];
type Answer = GraphQLResponse<{ customer: Record<string, Json> | null }>;

/** Dana has flags from every owner; Sam is in the app now. Between them every field has data. */
const CUSTOMERS = [
  { kind: 'PHONE', value: '(415) 555-0134' },
  { kind: 'EMAIL', value: 'sam.okafor@example.com' },
];
/** The ids of {@link CUSTOMERS}: Dana and Sam. */
const CUSTOMER_IDS = [PERSONA.dana, PERSONA.sam];

/** The top-level `Customer` fields of `CustomerContext` each subgraph adds (crm owns the rest). */
const CONTRIBUTES: Record<string, string[]> = {
  orders: ['orders'],
  provisioning: ['services', 'appointments'],
  support: ['attention', 'cases', 'activeConversations', 'resumableConversations', 'timeline'],
  engagement: ['inAppNow', 'recentAppActivity'],
};

let stack: TestStack;
let wholes: Answer[];
beforeAll(async () => {
  // No gateway cache, so every answer below was fetched while the subgraph was down.
  stack = await startTestStack({
    seedCustomers: 3,
    gatewayEnv: { CACHE: 'off', SUBGRAPH_BREAKER_HALF_OPEN_MS: '200' },
  });
  wholes = await settledWholes();
});
afterAll(() => stack.stop());

/** `CustomerContext` for each of {@link CUSTOMERS}. */
function askAll(): Promise<Answer[]> {
  return Promise.all(
    CUSTOMERS.map((customer) =>
      stack.gatewayQuery<Answer['data'] & object>(CUSTOMER_CONTEXT, customer),
    ),
  );
}

/**
 * The whole answers once every event about {@link CUSTOMER_IDS} is in what its consumer
 * makes of it, which the answers show: the timeline (support records each event of their
 * history as an entry) and the channel a customer came to after the app (engagement
 * records each event that is a contact). Both happen asynchronously after start.
 */
async function settledWholes(): Promise<Answer[]> {
  for (const id of CUSTOMER_IDS) await timelineCaughtUp(stack, id);
  await contactsRecorded();
  return eventually(async () => {
    const answers = await askAll();
    for (const answer of answers) expect(answer.errors).toBeUndefined();
    return answers;
  });
}

/**
 * Waits until engagement has recorded every event about {@link CUSTOMER_IDS} in any
 * subgraph's outbox that is a contact (by its consumer's own `contactOf`).
 */
async function contactsRecorded(): Promise<void> {
  const events = Object.keys(stack.subgraphs)
    .map(
      (schema) =>
        `SELECT '${schema}' AS source, id, customer_id, event_type, subject_type, subject_id,
                summary, channel, actor, payload, occurred_at
           FROM ${schema}.outbox WHERE customer_id = ANY($1::text[])`,
    )
    .join(' UNION ALL ');
  await eventually(async () => {
    await stack.flushOutboxes();
    const rows = await stack.database.db.query<OutboxRow & { source: string }>(
      `SELECT event.* FROM (${events}) AS event
        WHERE NOT EXISTS (SELECT 1 FROM engagement.customer_contact c WHERE c.event_id = event.id)`,
      [CUSTOMER_IDS],
    );
    const unrecorded = rows
      .filter((row) => contactOf(toEvent(row, row.source)) !== null)
      .map((row) => `${row.source} ${row.event_type} ${row.id}`);
    expect(unrecorded).toEqual([]);
  });
}

/** Stops one subgraph's server, runs `body`, then starts it again on the same port. */
async function withSubgraphDown(name: string, body: () => Promise<void>): Promise<void> {
  const running = stack.subgraphs[name];
  const definition = SUBGRAPHS.find((candidate) => candidate.name === name);
  if (!running || !definition) throw new Error(`no subgraph ${name}`);
  const port = new URL(running.url).port;
  await running.stop();
  try {
    await body();
  } finally {
    const config = loadSubgraphConfig(name, 0, {
      [`${name.toUpperCase()}_PORT`]: port,
      HOST: '127.0.0.1',
      SEED_CUSTOMERS: '3',
      SUBGRAPH_HMAC_SECRET: stack.secret,
    });
    stack.subgraphs[name] = await startSubgraph(definition, {
      config,
      db: stack.database.db,
      logger: createLogger({ name: `test-${name}`, level: 'silent' }),
      bus: stack.bus,
    });
    await eventually(async () => {
      for (const answer of await askAll()) expect(answer.errors).toBeUndefined();
    }, 15_000);
  }
}

/**
 * Walks the whole answer beside the degraded one: every value is the same, except
 * where the degraded answer has null and an error path starts at that place; list
 * lengths may only differ under the `derived` path (attention flags support computes
 * from other owners' flags), whose flags must each be one of the whole answer's.
 */
function expectHolesExplained(
  wholeValue: Json,
  degraded: Json,
  path: Path,
  errorPaths: Path[],
  derived: string,
): void {
  const here = path.join('.');
  if (degraded === null && wholeValue !== null) {
    // List positions are not compared: under a union (attention and timeline subjects)
    // Apollo's gateway numbers a failed entity fetch's entities among all the list's
    // items, so the index may name a sibling; the field path itself is exact.
    const explained = errorPaths.some((errorPath) =>
      path.every(
        (step, index) =>
          errorPath[index] === step ||
          (typeof step === 'number' && typeof errorPath[index] === 'number'),
      ),
    );
    if (!explained) throw new Error(`${here} is null with no error at or under it`);
    return;
  }
  if (Array.isArray(wholeValue) && Array.isArray(degraded)) {
    if (here === derived) {
      degraded.forEach((item, index) => {
        const same = wholeValue.find((candidate) => sameFlag(candidate, item));
        expect({ here, item, found: Boolean(same) }).toEqual({ here, item, found: true });
        expectHolesExplained(same ?? null, item, [...path, index], errorPaths, derived);
      });
      return;
    }
    expect({ here, length: degraded.length }).toEqual({ here, length: wholeValue.length });
    wholeValue.forEach((item, index) =>
      expectHolesExplained(item, degraded[index] ?? null, [...path, index], errorPaths, derived),
    );
    return;
  }
  if (wholeValue && degraded && typeof wholeValue === 'object' && typeof degraded === 'object') {
    for (const [key, value] of Object.entries(wholeValue))
      expectHolesExplained(
        value,
        (degraded as Record<string, Json>)[key] ?? null,
        [...path, key],
        errorPaths,
        derived,
      );
    return;
  }
  expect({ here, value: degraded }).toEqual({ here, value: wholeValue });
}

/** Whether two attention flags are the same flag (same code and message). */
function sameFlag(a: Json, b: Json): boolean {
  const key = (flag: Json) =>
    flag && typeof flag === 'object' && !Array.isArray(flag)
      ? JSON.stringify([flag.code, flag.message])
      : '';
  return key(a) !== '' && key(a) === key(b);
}

/** Every error is SUBGRAPH_UNAVAILABLE naming `subgraph`, with a path; returns the paths. */
function unavailablePaths(answer: Answer, subgraph: string): Path[] {
  expect(answer.errors?.length).toBeGreaterThan(0);
  return (answer.errors ?? []).map((error) => {
    expect(error.extensions).toMatchObject({ code: 'SUBGRAPH_UNAVAILABLE', subgraph });
    expect(error.path?.length).toBeGreaterThan(0);
    return error.path ?? [];
  });
}

it('answers whole while every subgraph is up (control)', () => {
  for (const whole of wholes) expect(whole.errors).toBeUndefined();
  for (const field of Object.values(CONTRIBUTES).flat())
    expect({ field, answered: wholes.some((w) => w.data?.customer?.[field]) }).toEqual({
      field,
      answered: true,
    });
});

it.each(Object.keys(CONTRIBUTES))(
  'with %s stopped, answers everything the other subgraphs own',
  async (down) => {
    wholes = await settledWholes();
    await withSubgraphDown(down, async () => {
      const answers = await askAll();
      answers.forEach((answer, index) => {
        const whole = wholes[index]?.data?.customer ?? null;
        const errorPaths = unavailablePaths(answer, down);
        const customer = answer.data?.customer ?? null;
        expect(customer?.id).toBe(whole?.id);
        for (const [owner, fields] of Object.entries(CONTRIBUTES))
          for (const field of fields)
            if (owner === down) {
              expect({ field, value: customer?.[field] }).toEqual({ field, value: null });
              expect(errorPaths).toContainEqual(['customer', field]);
            }
        // Support computes attention from the other owners' flags: some may be missing.
        expectHolesExplained(whole, customer, ['customer'], errorPaths, 'customer.attention');
      });
    });
  },
);

it('with crm stopped, names crm at the customer it could not find', async () => {
  await withSubgraphDown('crm', async () => {
    for (const answer of await askAll()) {
      expect(answer.data?.customer).toBeNull();
      expect(unavailablePaths(answer, 'crm')).toEqual([['customer']]);
    }
  });
});
