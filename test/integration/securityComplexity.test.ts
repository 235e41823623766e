import type { Claims } from '../../lib/claims';
import { PERSONA } from '../../subgraphs/shared/seedIds';
import { subscribeOverSse, subscribeOverWebSocket } from '../harness/liveClients';
import { postToGateway } from '../harness/postToGateway';
import { startTestStack, type TestStack } from '../harness/startTestStack';

jest.setTimeout(120_000);

/**
 * Finding 4 of issue 17: a 904-byte anonymous document of nested fragment spreads
 * expanded to 2^22 selections and held the process for seconds. It is refused, over HTTP
 * and over both live transports, before anything walks it, and the process keeps
 * answering meanwhile.
 */
function bomb(typeName: string, leaf: string, root: string): string {
  const lines = [`fragment F0 on ${typeName} { ${leaf} }`];
  for (let i = 1; i <= 22; i += 1) {
    lines.push(`fragment F${i} on ${typeName} { ...F${i - 1} ...F${i - 1} }`);
  }
  return [...lines, root].join('\n');
}

const QUERY_BOMB = bomb('Query', '__typename', 'query { ...F22 }');
const LIVE_BOMB = bomb(
  'Customer',
  'id',
  `subscription { customerContext(id: "${PERSONA.dana}") { ...F22 } }`,
);

let stack: TestStack;
let token: string;
beforeAll(async () => {
  stack = await startTestStack();
  const dana: Claims = { sub: PERSONA.dana, role: 'customer', scopes: [] };
  token = await stack.tokenFor(dana);
});
afterAll(() => stack.stop());

describe('a fragment bomb', () => {
  it('of under 1 KiB is refused with 400 OPERATION_TOO_COMPLEX, and /health answers meanwhile', async () => {
    expect(Buffer.byteLength(QUERY_BOMB)).toBeLessThan(1024);
    const [refused, health] = await Promise.all([
      postToGateway(stack.gateway.url, { query: QUERY_BOMB }),
      fetch(`${stack.gateway.url}/health`),
    ]);
    expect({ status: health.status, body: await health.text() }).toMatchObject({ status: 200 });
    expect(refused.status).toBe(400);
    expect(refused.body.data).toBeUndefined();
    expect(refused.body.errors?.[0]).toMatchObject({
      message: expect.stringContaining(
        'field selections with fragments expanded is 4194304',
      ) as string,
      extensions: {
        code: 'OPERATION_TOO_COMPLEX',
        violations: [{ code: 'expandedSelections', actual: 4194304, limit: 2000 }],
      },
    });
    const after = await fetch(`${stack.gateway.url}/health`);
    expect({ status: after.status, body: await after.text() }).toMatchObject({ status: 200 });
  });

  type Refusal = { message: string; extensions?: object }[] | undefined;
  type Live = ReturnType<typeof subscribeOverSse>;
  it.each([
    // graphql-ws answers a refused subscribe with an `error` message, graphql-sse with a result.
    [
      'WebSocket',
      subscribeOverWebSocket,
      (live: Live) => live.ended.then((e) => e.error as Refusal),
    ],
    [
      'SSE',
      subscribeOverSse,
      (live: Live) => live.next((r) => Boolean(r.errors)).then((r) => r.errors),
    ],
  ])('is refused as a subscription over %s', async (_transport, subscribe, refusalOf) => {
    const subscription = subscribe(stack.gateway.url, token, LIVE_BOMB);
    try {
      expect(await refusalOf(subscription)).toEqual([
        expect.objectContaining({
          message: expect.stringContaining('fragments expanded is 4194305') as string,
          extensions: expect.objectContaining({ code: 'OPERATION_TOO_COMPLEX' }) as object,
        }),
      ]);
    } finally {
      await subscription.close();
    }
  });
});
