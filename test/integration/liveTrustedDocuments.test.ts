import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PERSONA } from '../../subgraphs/shared/seedIds';
import { subscribeOverSse, subscribeOverWebSocket } from '../harness/liveClients';
import { startTestStack, TEST_AGENT, type TestStack } from '../harness/startTestStack';

// Each test waits on live results twice (up to a minute each, the harness's default).
jest.setTimeout(180_000);

const LIVE = readFileSync(
  join(__dirname, '..', '..', 'schema', 'operations', 'LiveCustomerContext.graphql'),
  'utf8',
);

describe('live subscriptions under TRUSTED_DOCUMENTS=require (the production default)', () => {
  let stack: TestStack;
  let token: string;
  beforeAll(async () => {
    stack = await startTestStack({ gatewayEnv: { TRUSTED_DOCUMENTS: 'require' } });
    token = await stack.tokenFor(TEST_AGENT);
  });
  afterAll(() => stack.stop());

  it('runs the registered LiveCustomerContext subscription over WebSocket and SSE', async () => {
    for (const subscribe of [subscribeOverWebSocket, subscribeOverSse]) {
      const live = subscribe(stack.gateway.url, token, LIVE, { id: PERSONA.dana });
      try {
        const first = await live.next((r) => Boolean(r.data || r.errors));
        expect(first.errors).toBeUndefined();
        expect(first.data).toMatchObject({
          customerContext: { id: PERSONA.dana, displayName: 'Dana Reyes' },
        });
      } finally {
        await live.close();
      }
    }
  });

  it('refuses a subscription document that is not registered, before running it', async () => {
    const adHoc = 'subscription { customerContext(id: "cus-dana-reyes") { id displayName } }';
    for (const subscribe of [subscribeOverWebSocket, subscribeOverSse]) {
      // The earlier reads' events (an agent's read is audited: customer.viewed) are relayed
      // in the background; let that settle so only this subscription could count.
      await stack.flushOutboxes();
      const before = await stack.statements('crm');
      const live = subscribe(stack.gateway.url, token, adHoc);
      try {
        const refused = await live.next((r) => Boolean(r.errors));
        expect(refused.data ?? null).toBeNull();
        expect(refused.errors?.[0]?.extensions?.['code']).toBe('TRUSTED_DOCUMENT_REQUIRED');
        await live.ended;
        expect(await stack.statements('crm')).toBe(before);
      } finally {
        await live.close();
      }
    }
  });
});
