import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { OperationTypeNode } from 'graphql';
import { Agent } from 'undici';
import {
  SubgraphDataSource,
  type SubgraphContext,
  type SubgraphDataSourceOptions,
} from '../../../gateway/src/datasources/subgraphDataSource';
import { createLogger } from '../../../lib/logger';
import { eventually } from '../../harness/eventually';
import { failureOf } from './resilienceSupport';

/**
 * Cross-request entity batching: `_entities` fetches that concurrent requests of one
 * caller make with the same operation become one subgraph call, and each request gets
 * exactly its own share back.
 */
const ENTITIES = /* GraphQL */ `
  query Ctx__orders__1($representations: [_Any!]!, $first: Int) {
    _entities(representations: $representations) {
      ... on Customer {
        name
      }
    }
  }
`;

interface Call {
  representations: { id: string }[];
  variables: Record<string, unknown>;
  headers: Record<string, string | string[] | undefined>;
}

const logger = createLogger({ name: 'test', level: 'silent' });
let server: Server;
let url: string;
let calls: Call[];
let failNext = 0;
/** While set, answers wait for it, so a test can keep a call in flight. */
let held: Promise<void> | null = null;
let agent: Agent;

beforeEach(async () => {
  calls = [];
  failNext = 0;
  held = null;
  agent = new Agent({ connections: 8 });
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString()) as {
        variables: { representations: { id: string }[] } & Record<string, unknown>;
      };
      const { representations } = body.variables;
      calls.push({ representations, variables: body.variables, headers: req.headers });
      if (failNext > 0) {
        failNext--;
        res.statusCode = 503;
        res.end('{}');
        return;
      }
      res.setHeader('content-type', 'application/json');
      res.setHeader('cache-control', 'max-age=60, private');
      const answer = () =>
        res.end(
          JSON.stringify({
            data: {
              _entities: representations.map((r) =>
                r.id === 'broken' ? null : { name: `name of ${r.id}` },
              ),
            },
            errors: representations.flatMap((r, i) =>
              r.id === 'broken' ? [{ message: `no ${r.id}`, path: ['_entities', i, 'name'] }] : [],
            ),
            extensions: { cacheTags: representations.map((r) => `customer:${r.id}`) },
          }),
        );
      if (held) void held.then(answer);
      else answer();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
});

afterEach(async () => {
  await agent.close();
  await new Promise((resolve) => server.close(resolve));
});

function dataSource(
  options: Partial<SubgraphDataSourceOptions<SubgraphContext>> = {},
): SubgraphDataSource {
  return new SubgraphDataSource('orders', url, logger, {
    dispatcher: agent,
    headers: (context) => ({
      'x-cc-caller': typeof context?.caller === 'string' ? context.caller : 'anonymous',
    }),
    ...options,
    call: { retries: 0, ...options.call },
  });
}

interface Restriction {
  maxAge?: number;
  scope?: string;
}

/** An entity fetch as Apollo's executor sends it, for `caller`, with its cache policy. */
function fetchEntities(
  source: SubgraphDataSource,
  ids: string[],
  caller: string,
  extra: { variables?: Record<string, unknown>; operation?: OperationTypeNode } = {},
): { response: Promise<GatewayGraphQLResponse>; restrictions: Restriction[] } {
  const restrictions: Restriction[] = [];
  const request = {
    query: ENTITIES,
    variables: {
      representations: ids.map((id) => ({ __typename: 'Customer', id })),
      ...extra.variables,
    },
  };
  const context = { caller };
  const options = {
    kind: 'incoming operation',
    request,
    context,
    incomingRequestContext: {
      request,
      context,
      operation: { operation: extra.operation ?? OperationTypeNode.QUERY },
      overallCachePolicy: { restrict: (hint: Restriction) => restrictions.push(hint) },
    },
  } as unknown as GraphQLDataSourceProcessOptions<SubgraphContext>;
  return { response: source.process(options), restrictions };
}

describe('cross-request entity batching', () => {
  it('sends concurrent fetches of one caller as one call, and gives each its own share', async () => {
    const batches: number[] = [];
    const source = dataSource({ onBatch: (_subgraph, fetches) => batches.push(fetches) });
    const a = fetchEntities(source, ['c1', 'c2'], 'agent-1');
    const b = fetchEntities(source, ['c3', 'broken'], 'agent-1');
    const c = fetchEntities(source, ['c4'], 'agent-1');
    const [ra, rb, rc] = await Promise.all([a.response, b.response, c.response]);

    expect(calls).toHaveLength(1);
    expect(calls[0]!.representations.map((r) => r.id)).toEqual(['c1', 'c2', 'c3', 'broken', 'c4']);
    expect(batches).toEqual([3]);
    expect(ra.data).toEqual({ _entities: [{ name: 'name of c1' }, { name: 'name of c2' }] });
    expect(rb.data).toEqual({ _entities: [{ name: 'name of c3' }, null] });
    expect(rc.data).toEqual({ _entities: [{ name: 'name of c4' }] });
    // The error belongs to the second request only, re-indexed into its share.
    expect(ra.errors).toBeUndefined();
    expect(rb.errors).toEqual([{ message: 'no broken', path: ['_entities', 1, 'name'] }]);
    expect(rc.errors).toBeUndefined();
    // Every request's cache policy is narrowed by the answer's Cache-Control.
    for (const { restrictions } of [a, b, c]) {
      expect(restrictions).toContainEqual({ maxAge: 60, scope: 'PRIVATE' });
    }
  });

  it('never merges fetches of different callers', async () => {
    const source = dataSource();
    const [one, two] = await Promise.all([
      fetchEntities(source, ['c1'], 'agent-1').response,
      fetchEntities(source, ['c2'], 'agent-2').response,
    ]);
    expect(calls).toHaveLength(2);
    expect(calls.map((call) => call.headers['x-cc-caller']).sort()).toEqual(['agent-1', 'agent-2']);
    expect(one.data).toEqual({ _entities: [{ name: 'name of c1' }] });
    expect(two.data).toEqual({ _entities: [{ name: 'name of c2' }] });
  });

  it('never merges fetches whose other variables differ', async () => {
    const source = dataSource();
    await Promise.all([
      fetchEntities(source, ['c1'], 'agent-1', { variables: { first: 5 } }).response,
      fetchEntities(source, ['c2'], 'agent-1', { variables: { first: 20 } }).response,
    ]);
    expect(calls).toHaveLength(2);
    expect(calls.map((call) => call.variables.first).sort()).toEqual([20, 5]);
  });

  it('leaves the entity fetches of mutations alone', async () => {
    const source = dataSource();
    await Promise.all([
      fetchEntities(source, ['c1'], 'agent-1', { operation: OperationTypeNode.MUTATION }).response,
      fetchEntities(source, ['c2'], 'agent-1', { operation: OperationTypeNode.MUTATION }).response,
    ]);
    expect(calls).toHaveLength(2);
  });

  it('fails every request of a batch when the call fails, naming the subgraph', async () => {
    failNext = 1;
    const source = dataSource();
    const errors = await Promise.all([
      failureOf(fetchEntities(source, ['c1'], 'agent-1').response),
      failureOf(fetchEntities(source, ['c2'], 'agent-1').response),
    ]);
    expect(calls).toHaveLength(1);
    for (const error of errors) {
      expect(error.extensions).toMatchObject({ code: 'SUBGRAPH_UNAVAILABLE', subgraph: 'orders' });
    }
  });

  it('sends a batch once it holds maxRepresentations, and not at all when off', async () => {
    const capped = dataSource({ call: { batch: { maxRepresentations: 2 } } });
    await Promise.all(
      ['c1', 'c2', 'c3'].map((id) => fetchEntities(capped, [id], 'agent-1').response),
    );
    expect(calls.map((call) => call.representations.length)).toEqual([2, 1]);

    calls = [];
    const off = dataSource({ call: { batch: null } });
    await Promise.all(['c1', 'c2'].map((id) => fetchEntities(off, [id], 'agent-1').response));
    expect(calls).toHaveLength(2);
  });

  it('holds a batch open for the window only while calls are in flight', async () => {
    // A window far beyond the test's timeout: a lone fetch must not wait for it.
    const source = dataSource({ call: { batch: { windowMs: 60_000 } } });
    const lone = await fetchEntities(source, ['c1'], 'agent-1').response;
    expect(lone.data).toEqual({ _entities: [{ name: 'name of c1' }] });

    calls = [];
    let release!: () => void;
    held = new Promise((resolve) => (release = resolve));
    const windowed = dataSource({ call: { batch: { windowMs: 100 } } });
    const first = fetchEntities(windowed, ['c1'], 'agent-2').response;
    await eventually(async () => expect(calls).toHaveLength(1));
    // With a call in flight, fetches a few ticks apart still share one batch.
    const second = fetchEntities(windowed, ['c2'], 'agent-1').response;
    await new Promise((resolve) => setImmediate(resolve));
    const third = fetchEntities(windowed, ['c3'], 'agent-1').response;
    await eventually(async () => expect(calls).toHaveLength(2));
    release();
    await Promise.all([first, second, third]);
    expect(calls.map((call) => call.representations.map((r) => r.id))).toEqual([
      ['c1'],
      ['c2', 'c3'],
    ]);
  });
});
