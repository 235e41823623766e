import { Agent } from 'undici';
import { SubgraphDataSource } from '../../../gateway/src/datasources/subgraphDataSource';
import type { SubgraphCallOptionsInput } from '../../../gateway/src/resilience/subgraphCallOptions';
import { createLogger } from '../../../lib/logger';
import { startSlowSubgraph, type SlowSubgraph } from '../../fixtures/slowSubgraph';
import { MUTATION, QUERY, failureOf, send } from './resilienceSupport';

const logger = createLogger({ name: 'test', level: 'silent' });
let subgraph: SlowSubgraph;
let agent: Agent;

beforeEach(async () => {
  subgraph = await startSlowSubgraph();
  agent = new Agent({ connections: 64 });
});
afterEach(async () => {
  await agent.close();
  await subgraph.stop();
});

function dataSource(call: SubgraphCallOptionsInput = {}): SubgraphDataSource {
  return new SubgraphDataSource('accounts', subgraph.url, logger, {
    dispatcher: agent,
    call: { retryBaseDelayMs: 10, ...call },
  });
}

describe('subgraph timeout', () => {
  it('answers SUBGRAPH_UNAVAILABLE (timeout) within the deadline, without the URL', async () => {
    // The subgraph answers nothing until released, so only a deadline can end a fetch.
    // A control fetch with a minute's deadline starts first: were the 200 ms deadline
    // ignored (both would get the default 5 s), the control would time out first. So the
    // fetch failing while the control still waits shows its own short deadline ended it,
    // with no bound on elapsed time for a loaded machine to break.
    const release = subgraph.hold();
    let controlSettled = false;
    const control = send(dataSource({ timeoutMs: 60_000 }), QUERY).finally(
      () => (controlSettled = true),
    );
    try {
      const error = await failureOf(send(dataSource({ timeoutMs: 200 }), QUERY));
      expect(controlSettled).toBe(false);
      expect(error.message).toBe('subgraph "accounts" is unavailable');
      expect(error.extensions).toEqual({
        code: 'SUBGRAPH_UNAVAILABLE',
        subgraph: 'accounts',
        reason: 'timeout',
      });
      expect(JSON.stringify(error.toJSON())).not.toContain('127.0.0.1');
    } finally {
      release();
    }
    // Released, the subgraph answers the control: it was held, not broken.
    expect((await control).data).toMatchObject({ served: expect.any(Number) });
  });

  it('reports a stopped subgraph as connection refused', async () => {
    await subgraph.stop();
    const error = await failureOf(send(dataSource({ retries: 0 }), QUERY));
    expect(error.extensions).toMatchObject({ reason: 'connection refused' });
  });
});

describe('retries', () => {
  it('retries a query after a transient 503 and succeeds', async () => {
    subgraph.failNext(1, 503);
    const response = await send(dataSource(), QUERY);
    expect(response.data).toEqual({ served: 2 });
    expect(subgraph.requests).toHaveLength(2);
  });

  it('never retries a mutation', async () => {
    subgraph.failNext(1, 503);
    const error = await failureOf(send(dataSource(), MUTATION));
    expect(error.extensions).toMatchObject({ code: 'SUBGRAPH_UNAVAILABLE', reason: 'HTTP 503' });
    expect(subgraph.requests).toHaveLength(1);
  });

  it('gives up after the configured number of retries', async () => {
    subgraph.failNext(10, 502);
    const error = await failureOf(send(dataSource({ retries: 2 }), QUERY));
    expect(error.extensions).toMatchObject({ reason: 'HTTP 502' });
    expect(subgraph.requests).toHaveLength(3);
  });

  it('does not retry a 500 (a subgraph bug, not a transient failure)', async () => {
    subgraph.failNext(1, 500);
    await failureOf(send(dataSource(), QUERY));
    expect(subgraph.requests).toHaveLength(1);
  });

  it('starts no retry that would end after the deadline', async () => {
    subgraph.failNext(10, 503);
    const call = { timeoutMs: 300, retryBaseDelayMs: 2000 };
    const error = await failureOf(send(dataSource(call), QUERY));
    expect(error.extensions).toMatchObject({ reason: 'HTTP 503' });
    expect(subgraph.requests).toHaveLength(1);
  });
});

describe('in-flight dedupe', () => {
  it('shares one fetch between identical concurrent queries', async () => {
    subgraph.delayMs = 100;
    const source = dataSource();
    const responses = await Promise.all(
      [1, 2, 3, 4, 5].map((n) => send(source, QUERY, { requestId: `r-${n}` })),
    );
    expect(subgraph.requests).toHaveLength(1);
    expect(responses.map((r) => r.data)).toEqual(Array(5).fill({ served: 1 }));
  });

  it('keeps callers with different credentials apart', async () => {
    subgraph.delayMs = 100;
    const source = new SubgraphDataSource('accounts', subgraph.url, logger, {
      dispatcher: agent,
      headers: (context) => ({ authorization: String(context?.user) }),
    });
    await Promise.all([send(source, QUERY, { user: 'a' }), send(source, QUERY, { user: 'b' })]);
    expect(subgraph.requests.map((r) => r.headers.authorization).sort()).toEqual(['a', 'b']);
  });

  it('never shares mutations, and fetches again once the first query settled', async () => {
    subgraph.delayMs = 50;
    const source = dataSource();
    await Promise.all([send(source, MUTATION), send(source, MUTATION)]);
    expect(subgraph.requests).toHaveLength(2);
    await send(source, QUERY);
    await send(source, QUERY);
    expect(subgraph.requests).toHaveLength(4);
  });
});

describe('connection pool and headers', () => {
  it('reuses keep-alive connections for sequential fetches', async () => {
    const source = dataSource();
    for (let i = 0; i < 10; i++) await send(source, QUERY);
    expect(subgraph.requests).toHaveLength(10);
    // undici may hand the next request to a second pooled socket while the first is
    // still being released; either way sockets are reused, not opened per request.
    expect(subgraph.connections()).toBeLessThanOrEqual(2);
  });

  it('opens at most maxConnections sockets per subgraph', async () => {
    subgraph.delayMs = 50;
    const source = new SubgraphDataSource('accounts', subgraph.url, logger, {
      call: { maxConnections: 2 },
    });
    await Promise.all(Array.from({ length: 6 }, () => send(source, MUTATION)));
    expect(subgraph.requests).toHaveLength(6);
    expect(subgraph.connections()).toBe(2);
  });

  it('sets the headers the hook returns, with the request context', async () => {
    const source = new SubgraphDataSource('accounts', subgraph.url, logger, {
      dispatcher: agent,
      headers: (context, _request, name) => ({
        'x-request-id': String(context?.requestId),
        'x-subgraph': name,
      }),
    });
    await send(source, QUERY, { requestId: 'req-1' });
    expect(subgraph.requests[0]?.headers).toMatchObject({
      'x-request-id': 'req-1',
      'x-subgraph': 'accounts',
      'content-type': 'application/json',
    });
  });
});
