import { toEvent, type OutboxRow } from '../../subgraphs/shared/events/outboxRelay';
import type { Claims } from '../../lib/claims';
import { contactOf } from '../../subgraphs/engagement/src/modules/outcomes/outcomesConsumer';
import { SUBGRAPHS } from '../../subgraphs/registry';
import type { PublishedEvent } from '../../subgraphs/shared/events/eventBus';
import { PERSONA, PERSONA_PLACE, PERSONA_PROVISIONING } from '../../subgraphs/shared/seedIds';
import { CUSTOMER_VIEWED } from '../../subgraphs/support/src/viewsConsumer';
import {
  DANA_VARIABLES,
  NOT_CUSTOMER_OWNED,
  OTHER_CUSTOMERS_ID,
  OTHERS,
  window,
  type DanaIds,
} from '../fixtures/mutationInputs';
import { eventually } from '../harness/eventually';
import {
  mutationDocument,
  mutationIdFields,
  withValueAt,
  type MutationShape,
} from '../harness/mutationIdFields';
import { startTestStack, type TestStack } from '../harness/startTestStack';
import type { GraphQLResponse } from '../harness/startTestSubgraphs';
import { oneEngine } from '../harness/testDatabase';
import { timelineCaughtUp } from '../harness/timelineCaughtUp';

/**
 * Ownership of every id in every input: for each `ID` argument or input field of every
 * mutation in the subgraph SDLs, Dana (a customer) sends the mutation with another
 * customer's id there and her own everywhere else. She must get FORBIDDEN, exactly as
 * for an id that does not exist, nothing may be written, and nothing of the other
 * customer may come back. A new `ID` input field fails this test until it is mapped here.
 */

const DANA: Claims = { sub: PERSONA.dana, role: 'customer', scopes: [] };
const AGENT: Claims = { sub: 'agt-care-jordan', role: 'agent', team: 'care', scopes: ['pii:read'] };

const { mutations, fields } = mutationIdFields(SUBGRAPHS);
const byName = new Map(mutations.map((m) => [m.name, m]));
const ownedFields = fields.filter((field) => OTHER_CUSTOMERS_ID[field.name] !== undefined);
const CASES = ownedFields.map((field) => ({
  ...field,
  label: `${field.subgraph} ${field.mutation}(${field.path.join('.')})`,
}));

describe('every ID in every mutation input is accounted for', () => {
  it('has a mapping for each ID field and Dana’s variables for each mutation', () => {
    const unmapped = fields
      .filter((f) => !OTHER_CUSTOMERS_ID[f.name] && !NOT_CUSTOMER_OWNED[f.name])
      .map((f) => `${f.subgraph} ${f.mutation}(${f.path.join('.')})`);
    expect({
      unmapped,
      hint: 'add the field name to OTHER_CUSTOMERS_ID with Sam’s or Priya’s seeded id of that entity (subgraphs/shared/seedIds.ts), or to NOT_CUSTOMER_OWNED with the reason',
    }).toEqual(expect.objectContaining({ unmapped: [] }));
    const untemplated = mutations.filter((m) => !DANA_VARIABLES[m.name]).map((m) => m.name);
    expect({
      untemplated,
      hint: 'add the mutation to DANA_VARIABLES with a valid input holding Dana’s own ids',
    }).toEqual(expect.objectContaining({ untemplated: [] }));
    expect(CASES.length).toBeGreaterThan(10);
  });
});

/** An outbox row, which subgraph wrote it, and what the consumers have recorded of it. */
interface ConsumedRow extends OutboxRow {
  source: string;
  contact_recorded: boolean;
  by_agent: boolean;
  view_logged: boolean;
}

/** The event the bus carried for `row`. */
function publishedEvent(row: ConsumedRow): PublishedEvent {
  return toEvent(row, row.source);
}

describe.each(oneEngine())('a customer cannot use another customer’s ids, on %s', (engine) => {
  let stack: TestStack;
  let dana: string;
  let tables: string[];
  const danaIds: DanaIds = { conversationId: '' };
  beforeAll(async () => {
    stack = await startTestStack({ engine, seedCustomers: 5 });
    dana = `Bearer ${await stack.tokenFor(DANA)}`;
    const started = await stack.gatewayQuery<{ startConversation: { id: string } }>(
      `mutation ($input: StartConversationInput!) { startConversation(input: $input) { id } }`,
      DANA_VARIABLES.startConversation!.variables(danaIds),
      { authorization: dana },
    );
    danaIds.conversationId = started.data!.startConversation.id;
    const rows = await stack.database.db.query<{ name: string }>(
      `SELECT format('%I.%I', table_schema, table_name) AS name FROM information_schema.tables
        WHERE table_schema = ANY($1::text[]) AND table_type = 'BASE TABLE' ORDER BY 1`,
      [SUBGRAPHS.map((s) => s.name)],
    );
    tables = rows.map((row) => row.name);
    // The event consumers write rows after start (for the seed's events and the
    // conversation's): all of it is written before rows are counted.
    await eventsConsumed();
  });
  afterAll(() => stack.stop());

  /**
   * Waits until every consumer of the event bus has written what it writes for every
   * event in every subgraph's outbox: support the timeline entry of each customer's
   * history (with its `timeline.entry_added` event), engagement each contact (by its own
   * `contactOf`, refreshing the function days in the same transaction), support the log
   * row of each view by one of its agents (with its `customer.view_logged` event). The
   * events those consumers record are neither history, contacts nor views: nothing follows.
   */
  async function eventsConsumed(): Promise<void> {
    const events = SUBGRAPHS.map(
      (s) =>
        `SELECT '${s.name}' AS source, id, customer_id, event_type, subject_type, subject_id,
                summary, channel, actor, payload, occurred_at
           FROM ${s.name}.outbox`,
    ).join(' UNION ALL ');
    const customers = await stack.database.db.query<{ id: string }>(
      `SELECT DISTINCT customer_id AS id FROM (${events}) AS event ORDER BY 1`,
    );
    for (const customer of customers) await timelineCaughtUp(stack, customer.id);
    await eventually(async () => {
      await stack.flushOutboxes();
      const rows = await stack.database.db.query<ConsumedRow>(
        `SELECT event.*,
                EXISTS (SELECT 1 FROM engagement.customer_contact c WHERE c.event_id = event.id)
                  AS contact_recorded,
                EXISTS (SELECT 1 FROM support.agent a WHERE a.id = event.actor) AS by_agent,
                EXISTS (SELECT 1 FROM support.customer_view v
                         WHERE v.agent_id = event.actor AND v.customer_id = event.customer_id
                           AND v.viewed_at = event.occurred_at) AS view_logged
           FROM (${events}) AS event`,
      );
      const pending = rows
        .filter(
          (row) =>
            (contactOf(publishedEvent(row)) !== null && !row.contact_recorded) ||
            (row.event_type === CUSTOMER_VIEWED && row.by_agent && !row.view_logged),
        )
        .map((row) => `${row.source} ${row.event_type} ${row.id}`);
      expect(pending).toEqual([]);
    });
  }

  /** Rows in every table of every subgraph, by table. */
  async function rowCounts(): Promise<Record<string, number>> {
    const union = tables.map((t) => `SELECT '${t}' AS name, count(*)::int AS n FROM ${t}`);
    const rows = await stack.database.db.query<{ name: string; n: number }>(
      union.join(' UNION ALL '),
    );
    return Object.fromEntries(rows.map((row) => [row.name, row.n]));
  }

  async function send(
    mutation: string,
    variables: object,
    authorization: string,
  ): Promise<GraphQLResponse<{ result: unknown }>> {
    const shape = byName.get(mutation) as MutationShape;
    return stack.gatewayQuery(mutationDocument(shape), variables as Record<string, unknown>, {
      authorization,
    });
  }

  const refusal = (response: GraphQLResponse) =>
    response.errors?.map((error) => ({ code: error.extensions?.code, message: error.message }));

  /**
   * The error codes of `response` but those of state: an order or visit an earlier case
   * already changed may now be in a state that forbids the change (no authorization
   * decision, and no sign of a bad input).
   */
  const stateless = (response: GraphQLResponse): unknown[] =>
    (refusal(response) ?? [])
      .filter(
        (error) => !['INVALID_STATE_TRANSITION', 'SLOT_UNAVAILABLE'].includes(String(error.code)),
      )
      .map((error) =>
        error.code === 'FORBIDDEN' ? error.code : `${String(error.code)}: ${error.message}`,
      );

  it.each(CASES)('$label: FORBIDDEN as for an unknown id, nothing written or echoed', async (c) => {
    const template = DANA_VARIABLES[c.mutation]!.variables(danaIds);
    const before = await rowCounts();
    const foreign = await send(
      c.mutation,
      withValueAt(template, c.path, OTHER_CUSTOMERS_ID[c.name]!) as object,
      dana,
    );
    expect(await rowCounts()).toEqual(before);
    expect(foreign.data?.result ?? null).toBeNull();
    expect(refusal(foreign)?.[0]?.code).toBe('FORBIDDEN');
    for (const text of OTHERS) expect(JSON.stringify(foreign)).not.toContain(text);

    const unknown = await send(
      c.mutation,
      withValueAt(template, c.path, 'zz-no-such-id') as object,
      dana,
    );
    expect(refusal(unknown)).toEqual(refusal(foreign));
    expect(await rowCounts()).toEqual(before);
  });

  it.each(CASES)(
    '$label: not refused with Dana’s own ids (so the refusal above is the id’s)',
    async (c) => {
      const { staffOnly, variables } = DANA_VARIABLES[c.mutation]!;
      const codes = stateless(await send(c.mutation, variables(danaIds), dana));
      expect(codes).toEqual(staffOnly ? ['FORBIDDEN'] : []);
    },
  );

  const PLACE_ORDER = /* GraphQL */ `
    mutation ($input: PlaceOrderInput!) {
      placeOrder(input: $input) {
        id
        place {
          id
          line1
          city
          postcode
        }
      }
    }
  `;
  const SCHEDULE = /* GraphQL */ `
    mutation ($input: ScheduleAppointmentInput!) {
      scheduleAppointment(input: $input) {
        id
        status
      }
    }
  `;
  const count = async (table: string): Promise<number> =>
    (await stack.database.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0]!.n;

  it('the reported order: Dana cannot have an order delivered to Sam’s home', async () => {
    const orders = await count('orders."order"');
    const input = (DANA_VARIABLES.placeOrder!.variables(danaIds) as { input: object }).input;
    const response = await stack.gatewayQuery(
      PLACE_ORDER,
      { input: { ...input, placeId: PERSONA_PLACE.sam } },
      { authorization: dana },
    );
    expect(response.errors?.[0]?.extensions).toMatchObject({
      code: 'FORBIDDEN',
      argument: 'input.placeId',
    });
    expect(JSON.stringify(response)).not.toMatch(/Brick Lane|London|E1 6PU/);
    expect(await count('orders."order"')).toBe(orders);
  });

  it('Dana’s own order at her home is placed once per key, with her address', async () => {
    const orders = await count('orders."order"');
    const variables = DANA_VARIABLES.placeOrder!.variables(danaIds);
    const first = await stack.gatewayQuery<{ placeOrder: { id: string; place: { id: string } } }>(
      PLACE_ORDER,
      variables,
      { authorization: dana },
    );
    expect(first.errors).toBeUndefined();
    expect(first.data?.placeOrder.place.id).toBe(PERSONA_PLACE.danaNewHome);
    const replay = await stack.gatewayQuery<{ placeOrder: { id: string } }>(
      PLACE_ORDER,
      variables,
      { authorization: dana },
    );
    expect(replay.data?.placeOrder.id).toBe(first.data?.placeOrder.id);
    expect(await count('orders."order"')).toBe(orders + 1);
  });

  it('the reported visit: Dana cannot book on Priya’s service order at Priya’s home', async () => {
    const visits = await count('provisioning.appointment');
    const input = (DANA_VARIABLES.scheduleAppointment!.variables(danaIds) as { input: object })
      .input;
    const response = await stack.gatewayQuery(
      SCHEDULE,
      {
        input: {
          ...input,
          serviceOrderId: PERSONA_PROVISIONING.priyaServiceOrder,
          placeId: PERSONA_PLACE.priya,
        },
      },
      { authorization: dana },
    );
    expect(response.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(response.data ?? null).toBeNull();
    expect(await count('provisioning.appointment')).toBe(visits);
  });

  it('an agent books Priya’s visit on her service order at her home, and orders for Sam', async () => {
    const agent = `Bearer ${await stack.tokenFor(AGENT)}`;
    const input = (DANA_VARIABLES.scheduleAppointment!.variables(danaIds) as { input: object })
      .input;
    const visit = await stack.gatewayQuery<{ scheduleAppointment: { status: string } }>(
      SCHEDULE,
      {
        input: {
          ...input,
          customerId: PERSONA.priya,
          serviceOrderId: PERSONA_PROVISIONING.priyaServiceOrder,
          placeId: PERSONA_PLACE.priya,
          window: window(45),
        },
      },
      { authorization: agent },
    );
    expect(visit.errors).toBeUndefined();
    expect(visit.data?.scheduleAppointment.status).toBe('CONFIRMED');
    const order = (DANA_VARIABLES.placeOrder!.variables(danaIds) as { input: object }).input;
    const placed = await stack.gatewayQuery<{ placeOrder: { place: { line1: string } } }>(
      PLACE_ORDER,
      { input: { ...order, customerId: PERSONA.sam, placeId: PERSONA_PLACE.sam } },
      { authorization: agent },
    );
    expect(placed.errors).toBeUndefined();
    expect(placed.data?.placeOrder.place.line1).toBe('21 Brick Lane');
  });

  const WITH_OWNED_IDS = [...new Set(CASES.map((c) => c.mutation))];
  it.each(WITH_OWNED_IDS)('%s: an agent may use the other customers’ ids', async (mutation) => {
    const agent = `Bearer ${await stack.tokenFor(AGENT)}`;
    const fixture = DANA_VARIABLES[mutation]!;
    let variables: object = fixture.variables(danaIds);
    for (const c of CASES.filter((each) => each.mutation === mutation)) {
      variables = withValueAt(variables, c.path, OTHER_CUSTOMERS_ID[c.name]!) as object;
    }
    if (fixture.othersVariables) variables = fixture.othersVariables();
    expect(stateless(await send(mutation, variables, agent))).toEqual([]);
  });
});
