import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent } from 'undici';
import { NOT_MODIFIED_HEADER } from '../../../lib/readValidators';
import {
  READ_AT_HEADER,
  createResilientFetcher,
} from '../../../gateway/src/resilience/resilientFetcher';
import { resolveSubgraphCallOptions } from '../../../gateway/src/resilience/subgraphCallOptions';
import { startSlowSubgraph, type SlowSubgraph } from '../../fixtures/slowSubgraph';

/**
 * The fetcher hands Apollo's data source a buffered Fetch-like response (undici's
 * `request` underneath, not its `fetch`): what the data source and our caches read of
 * it must behave as Fetch's Response does.
 */
let subgraph: SlowSubgraph;
let agent: Agent;

beforeEach(async () => {
  subgraph = await startSlowSubgraph();
  agent = new Agent({ connections: 8 });
});
afterEach(async () => {
  await agent.close();
  await subgraph.stop();
});

const QUERY_BODY = JSON.stringify({ query: '{ served }' });

function fetcher(call: Parameters<typeof resolveSubgraphCallOptions>[0] = {}) {
  return createResilientFetcher({
    subgraph: 'accounts',
    call: resolveSubgraphCallOptions({ retries: 0, ...call }),
    dispatcher: agent,
  });
}

describe('the buffered subgraph response', () => {
  it('has the status, headers in any case, the JSON body once, and when it was read', async () => {
    const startedAt = Date.now();
    const response = await fetcher()(subgraph.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: QUERY_BODY,
    });
    expect(response.status).toBe(200);
    expect(response.ok).toBe(true);
    expect(response.statusText).toBe('OK');
    expect(response.headers.get('Content-Type')).toBe('application/json');
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.headers.has('CONTENT-TYPE')).toBe(true);
    expect(response.headers.get('x-absent')).toBeNull();
    expect(Number(response.headers.get(READ_AT_HEADER))).toBeGreaterThanOrEqual(startedAt);
    const copy = response.clone();
    await expect(response.json()).resolves.toEqual({ data: { served: 1 } });
    expect(response.bodyUsed).toBe(true);
    await expect(response.text()).rejects.toThrow(TypeError);
    await expect(copy.text()).resolves.toBe('{"data":{"served":1}}');
  });

  it('answers a 4xx as not ok, with its body, for Apollo to turn into an error', async () => {
    subgraph.failNext(1, 400);
    const response = await fetcher()(subgraph.url, { method: 'POST', body: QUERY_BODY });
    expect(response.status).toBe(400);
    expect(response.ok).toBe(false);
    expect(response.statusText).toBe('Bad Request');
    await expect(response.json()).resolves.toEqual({ message: 'unavailable' });
  });

  it('gives each waiter of a shared in-flight query a response of its own', async () => {
    subgraph.delayMs = 100;
    const fetch = fetcher();
    const init = { method: 'POST', headers: { 'x-cc-caller': 'a' }, body: QUERY_BODY };
    const [first, second] = await Promise.all([
      fetch(subgraph.url, init),
      fetch(subgraph.url, init),
    ]);
    expect(subgraph.requests).toHaveLength(1);
    await expect(first.json()).resolves.toEqual({ data: { served: 1 } });
    // The first waiter reading its body does not use up the second's.
    await expect(second.json()).resolves.toEqual({ data: { served: 1 } });
    first.headers.set('x-cache', 'miss');
    expect(second.headers.get('x-cache')).toBeNull();
  });
});

describe('a conditional re-read', () => {
  /** Answers 304 to `If-None-Match`, else 200 with a forged "not modified" marker. */
  async function conditionalSubgraph(): Promise<{ url: string; close: () => Promise<void> }> {
    const server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        if (req.headers['if-none-match']) {
          res.writeHead(304, { etag: req.headers['if-none-match'] });
          res.end();
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json', [NOT_MODIFIED_HEADER]: '1' });
        res.end('{"data":{"served":1}}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return {
      url: `http://127.0.0.1:${port}/graphql`,
      close: () => new Promise((resolve) => server.close(() => resolve())),
    };
  }

  it("hands a 304 on as an empty JSON answer marked not modified, and strips the marker from a subgraph's own answer", async () => {
    const conditional = await conditionalSubgraph();
    try {
      const notModified = await fetcher()(conditional.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'if-none-match': '"v"' },
        body: QUERY_BODY,
      });
      expect(notModified.status).toBe(200);
      expect(notModified.headers.get(NOT_MODIFIED_HEADER)).toBe('1');
      expect(notModified.headers.get('content-type')).toBe('application/json');
      expect(notModified.headers.get('etag')).toBe('"v"');
      await expect(notModified.json()).resolves.toEqual({});

      const forged = await fetcher()(conditional.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: QUERY_BODY,
      });
      expect(forged.headers.get(NOT_MODIFIED_HEADER)).toBeNull();
      await expect(forged.json()).resolves.toEqual({ data: { served: 1 } });
    } finally {
      await conditional.close();
    }
  });
});
