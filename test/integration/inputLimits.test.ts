import { readFileSync } from 'node:fs';
import { isInputObjectType, isObjectType } from 'graphql';
import { apiSchemaOf } from '../../gateway/src/check/apiSchemaOf';
import { MAX_CLIENT_MESSAGE_LENGTH } from '../../lib/clientMessage';
import { inputLimits } from '../../schema/inputLimits';
import { PERSONA, PERSONA_ORDER } from '../../subgraphs/shared/seedIds';
import { postToGateway, type RawGatewayResponse } from '../harness/postToGateway';
import {
  SUPERGRAPH_FILE,
  startTestStack,
  TEST_AGENT,
  type TestStack,
} from '../harness/startTestStack';
import { overLimitCases } from './inputLimitsSupport';

// Finding 6 of issue 17: 900 KB strings were stored as sent, or hit PostgreSQL's index
// size limit as a 500, and a SOCIAL value came back in a 1.8 MB error. Every string and
// list input now has a bound (schema/inputLimits.ts) refused at the gateway before
// planning, and again at each subgraph.

const HUGE = 'x'.repeat(900_000);
const schema = apiSchemaOf(readFileSync(SUPERGRAPH_FILE, 'utf8'));

let stack: TestStack;
let headers: Record<string, string>;
beforeAll(async () => {
  stack = await startTestStack({ seedCustomers: 2 });
  headers = { authorization: `Bearer ${await stack.tokenFor(TEST_AGENT)}` };
});
afterAll(() => stack.stop());

const post = (query: string, variables: Record<string, unknown>): Promise<RawGatewayResponse> =>
  postToGateway(stack.gateway.url, { query, variables }, headers);

function expectRefused(answer: RawGatewayResponse, coordinate: string, limit: number): void {
  const [error] = answer.body.errors ?? [];
  expect({ status: answer.status, message: error?.message, ...error?.extensions }).toMatchObject({
    status: 400,
    code: 'BAD_USER_INPUT',
    message: expect.stringContaining(`at most ${limit}`) as unknown,
    inputLimit: { coordinate, limit },
  });
  expect(JSON.stringify(answer.body).length).toBeLessThan(2_000);
}

describe('the examples of the finding, through the gateway', () => {
  it('refuses a 900 KB deviceId, topic, cancel reason and idempotency key, storing nothing', async () => {
    const before = await Promise.all(
      ['engagement', 'support', 'orders'].map((s) => stack.statements(s)),
    );
    expectRefused(
      await post('mutation ($i: StartAppSessionInput!) { startAppSession(input: $i) { id } }', {
        i: { idempotencyKey: 'k1', customerId: PERSONA.dana, deviceId: HUGE, platform: 'IOS' },
      }),
      'StartAppSessionInput.deviceId',
      256,
    );
    expectRefused(
      await post('mutation ($i: StartConversationInput!) { startConversation(input: $i) { id } }', {
        i: { idempotencyKey: 'k2', customerId: PERSONA.dana, channel: 'MOBILE_APP', topic: HUGE },
      }),
      'StartConversationInput.topic',
      256,
    );
    expectRefused(
      await post('mutation ($i: CancelOrderInput!) { cancelOrder(input: $i) { id } }', {
        i: { orderId: PERSONA_ORDER.priyaGigabit, reason: HUGE },
      }),
      'CancelOrderInput.reason',
      1_000,
    );
    expectRefused(
      await post('mutation ($i: PlaceOrderInput!) { placeOrder(input: $i) { id } }', {
        i: { idempotencyKey: HUGE, customerId: PERSONA.dana, items: [] },
      }),
      'PlaceOrderInput.idempotencyKey',
      256,
    );
    const after = await Promise.all(
      ['engagement', 'support', 'orders'].map((s) => stack.statements(s)),
    );
    expect(after).toEqual(before);
  });

  it('refuses a 900 KB email or social handle with a short answer', async () => {
    const lookup =
      'query ($k: IdentifierKind!, $v: String!) { customerByIdentifier(kind: $k, value: $v) { id } }';
    for (const kind of ['EMAIL', 'SOCIAL']) {
      expectRefused(
        await post(lookup, { k: kind, v: `${HUGE}@example.com` }),
        'Query.customerByIdentifier(value:)',
        256,
      );
    }
  });

  it('never echoes huge input in an error message', async () => {
    const answer = await post('query ($id: ID!) { customer(id: $id) { id } }', {
      id: { nested: HUGE },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(answer.body.errors?.[0]?.message.length).toBeLessThan(MAX_CLIENT_MESSAGE_LENGTH + 50);
  });
});

it('every subgraph enforces the same bounds when called directly', async () => {
  const answer = await stack.query(
    'engagement',
    'mutation ($i: StartAppSessionInput!) { startAppSession(input: $i) { id } }',
    {
      i: {
        idempotencyKey: 'k3',
        customerId: PERSONA.dana,
        deviceId: 'd'.repeat(257),
        platform: 'IOS',
      },
    },
  );
  expect(answer.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  expect(answer.errors?.[0]?.message).toContain('StartAppSessionInput.deviceId allows at most 256');
});

describe('every string and list input of the API schema is bounded', () => {
  const cases = overLimitCases(schema, inputLimits);

  it('reaches every input field and argument of type String, ID or list', () => {
    const expected = new Set<string>();
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith('__')) continue;
      const argsOrFields = isInputObjectType(type)
        ? Object.values(type.getFields()).map((f) => [`${type.name}.${f.name}`, f.type] as const)
        : isObjectType(type)
          ? Object.values(type.getFields()).flatMap((f) =>
              f.args.map((a) => [`${type.name}.${f.name}(${a.name}:)`, a.type] as const),
            )
          : [];
      for (const [coordinate, inputType] of argsOrFields) {
        if (/\[|^(String|ID)!?$/.test(String(inputType))) expected.add(coordinate);
      }
    }
    const covered = new Set(cases.map((c) => c.coordinate));
    expect([...expected].filter((c) => !covered.has(c))).toEqual([]);
  });

  it('names only coordinates that exist (an override with a typo would bound nothing)', () => {
    const known = new Set(cases.map((c) => c.coordinate));
    const unknown = Object.keys(inputLimits.fields).filter(
      (c) => !known.has(c) && c !== 'Query._entities(representations:)',
    );
    expect(unknown).toEqual([]);
  });

  it('refuses one character or item over each bound, naming the field and the limit', async () => {
    const wrong: string[] = [];
    for (const over of cases) {
      const answer = await post(over.query, over.variables);
      const limit = answer.body.errors?.[0]?.extensions?.inputLimit as
        { coordinate?: string } | undefined;
      if (answer.status !== 400 || limit?.coordinate !== over.coordinate) {
        wrong.push(
          `${over.coordinate}: ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`,
        );
      }
    }
    expect(wrong).toEqual([]);
    expect(cases.length).toBeGreaterThan(100);
  });
});
