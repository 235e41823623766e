import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { composeServices } from '@apollo/composition';
import { ApolloServer } from '@apollo/server';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { createClient } from 'redis';
import { graphqlHttpHandler } from '../../lib/http/graphqlHttpHandler';
import { startHttpServer } from '../../lib/http/startHttpServer';
import { createLogger } from '../../lib/logger';
import { eventStreamKey } from '../../lib/redisKeys';
import { signToken } from '../../gateway/src/auth/signToken';
import { DEFAULT_JWT_AUDIENCE, DEFAULT_JWT_ISSUER } from '../../gateway/src/auth/devCredentials';
import { eventually } from '../harness/eventually';
import { subscribeOverSse } from '../harness/liveClients';
import { startTestRedis } from '../harness/redisServer';
import { runCli } from '../../gateway/src/cli';
import { ROOT, startCommand } from '../harness/runCommand';
import { runInProcess } from '../harness/runInProcess';

const SECRET = 'x'.repeat(48);

interface Body {
  data?: { product?: Record<string, unknown> | null } | null;
  errors?: { extensions?: { code?: string } }[];
}

/** What the stock subgraph's resolvers record per request: the tags of what they read. */
interface StockContext {
  cacheTags: string[];
}

/** Apollo Server's per-field cache hint, as a resolver's `info` carries it. */
interface CacheControlInfo {
  cacheControl: { setCacheHint(hint: { maxAge: number; scope: 'PUBLIC' | 'PRIVATE' }): void };
}

/** A stock subgraph: nothing here is about customers. */
const STOCK_SDL = /* GraphQL */ `
  extend schema
    @link(
      url: "https://specs.apollo.dev/federation/v2.7"
      import: ["@key", "@authenticated", "@requiresScopes"]
    )
  type Product @key(fields: "upc") @authenticated {
    upc: String!
    name: String!
    inStock: Int!
    costPrice: Int! @requiresScopes(scopes: [["stock:cost"]])
  }
  type Query {
    product(upc: String!): Product @authenticated
  }
`;

async function startStockSubgraph() {
  const stock = new Map([['p-1', { upc: 'p-1', name: 'Kettle', inStock: 3, costPrice: 11 }]]);
  let calls = 0;
  const server = new ApolloServer({
    stopOnTerminationSignals: false,
    schema: buildSubgraphSchema({
      typeDefs: parse(STOCK_SDL),
      resolvers: {
        Query: {
          product: (_: unknown, { upc }: { upc: string }, context: unknown, info: unknown) => {
            calls += 1;
            // Cacheable for a minute, and tagged with what it was read from, as the
            // gateway's response cache expects of any subgraph.
            (info as CacheControlInfo).cacheControl.setCacheHint({ maxAge: 60, scope: 'PRIVATE' });
            (context as StockContext).cacheTags.push(`Product:${upc}`);
            return stock.get(upc) ?? null;
          },
        },
      },
    }),
    plugins: [
      {
        async requestDidStart() {
          return {
            async willSendResponse({ response, contextValue }) {
              const { cacheTags } = contextValue as StockContext;
              if (response.body.kind === 'single' && cacheTags.length > 0) {
                const result = response.body.singleResult;
                result.extensions = { ...result.extensions, cacheTags };
              }
            },
          };
        },
      },
    ],
  });
  await server.start();
  const http = await startHttpServer({
    port: 0,
    host: '127.0.0.1',
    logger: createLogger({ name: 'stock', level: 'silent' }),
    routes: {
      '/graphql': graphqlHttpHandler({
        server,
        context: async (): Promise<StockContext> => ({ cacheTags: [] }),
      }),
    },
  });
  return {
    url: `${http.url}/graphql`,
    stock,
    calls: () => calls,
    async stop() {
      await http.close();
      await server.stop();
    },
  };
}

const token = (role: string, scopes: string[] = []) =>
  signToken({
    secret: SECRET,
    issuer: DEFAULT_JWT_ISSUER,
    audience: DEFAULT_JWT_AUDIENCE,
    sub: `${role}-1`,
    role,
    scopes,
  });

describe('a supergraph of another domain, from configuration alone', () => {
  it('serves its roles, its live field, its events and the plugins the operator named', async () => {
    const subgraph = await startStockSubgraph();
    const redis = await startTestRedis();
    const dir = mkdtempSync(join(tmpdir(), 'cc-stock-'));
    const composed = composeServices([
      { name: 'stock', url: subgraph.url, typeDefs: parse(STOCK_SDL) },
    ]);
    expect(composed.errors).toBeUndefined();
    writeFileSync(join(dir, 'stock.graphql'), composed.supergraphSdl!);
    writeFileSync(
      join(dir, 'domain.json'),
      JSON.stringify({
        claims: { roles: ['clerk', 'auditor'] },
        live: [
          {
            subscriptionField: 'stockLevel',
            queryField: 'product',
            argument: 'upc',
            tag: 'Product:{value}',
          },
        ],
        events: { requiredFields: ['upc'], tags: ['Product:{upc}'] },
      }),
    );
    // One plugin from the config file, the documented example from the command line.
    writeFileSync(
      join(dir, 'configPlugin.mjs'),
      `import { appendFileSync } from 'node:fs';
       export default { name: 'from-config', onDomainEvent: (c) =>
         appendFileSync(${JSON.stringify(join(dir, 'config.log'))}, c.eventType + '\\n') };`,
    );
    writeFileSync(
      join(dir, 'gateway.json'),
      JSON.stringify({ plugins: [join(dir, 'configPlugin.mjs')] }),
    );
    const callLog = join(dir, 'calls.log');
    const gateway = startCommand(
      join(ROOT, 'bin', 'customer-context-gateway.js'),
      [
        'serve',
        '--supergraph',
        join(dir, 'stock.graphql'),
        '--domain',
        join(dir, 'domain.json'),
        '--plugin',
        join(ROOT, 'docs', 'examples', 'callLogPlugin.ts'),
        '--port',
        '0',
      ],
      {
        env: {
          LOG_LEVEL: 'silent',
          HOST: '127.0.0.1',
          JWT_SECRET: SECRET,
          SUBGRAPH_HMAC_SECRET: 'y'.repeat(40),
          REDIS_URL: redis.url,
          CONFIG_FILE: join(dir, 'gateway.json'),
          CALL_LOG_FILE: callLog,
        },
      },
    );
    const publisher = createClient({ url: redis.url });
    await publisher.connect();
    try {
      const [, url] = await gateway.waitFor(/at (http:\/\/\S+\/graphql)/);
      const post = async (query: string, bearer?: string) => {
        const response = await fetch(url!, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
          },
          body: JSON.stringify({ query }),
        });
        return {
          status: response.status,
          cache: response.headers.get('x-cache'),
          body: (await response.json()) as Body,
        };
      };
      const PRODUCT = '{ product(upc: "p-1") { name inStock } }';
      // Its own roles: a clerk reads; this repository's roles are unknown here.
      const clerk = await token('clerk');
      const first = await post(PRODUCT, clerk);
      expect({ cache: first.cache, data: first.body.data }).toEqual({
        cache: 'miss',
        data: { product: { name: 'Kettle', inStock: 3 } },
      });
      const refused = await post(PRODUCT, await token('agent'));
      expect(refused.status).toBe(401);
      expect(JSON.stringify(refused.body)).toContain('unknown role');
      // Its own scopes guard its own fields.
      const cost = await post('{ product(upc: "p-1") { costPrice } }', clerk);
      expect(cost.body.data?.product?.costPrice ?? null).toBeNull();
      expect(cost.body.errors?.[0]?.extensions?.code).toBeDefined();
      const auditor = await token('auditor', ['stock:cost']);
      expect((await post('{ product(upc: "p-1") { costPrice } }', auditor)).body.data).toEqual({
        product: { costPrice: 11 },
      });

      // Its answers are cached under its own tags: the same read again is a hit, and the
      // subgraph is not asked...
      const calls = subgraph.calls();
      const again = await post(PRODUCT, clerk);
      expect({ cache: again.cache, data: again.body.data }).toEqual({
        cache: 'hit',
        data: { product: { name: 'Kettle', inStock: 3 } },
      });
      expect(subgraph.calls()).toBe(calls);
      // ...until one of its events names the product: then the next read is fresh.
      subgraph.stock.get('p-1')!.inStock = 4;
      const restock = {
        id: 'e-0',
        type: 'stock.restocked',
        occurredAt: new Date().toISOString(),
        source: 'stock',
        upc: 'p-1',
      };
      await publisher.xAdd(eventStreamKey(), '*', { event: JSON.stringify(restock) });
      // Reads before the gateway takes the event may still be hits (of the old answer).
      const fresh = await eventually(async () => {
        const read = await post(PRODUCT, clerk);
        expect(read.body.data?.product?.inStock).toBe(4);
        return read;
      }, 30_000);
      expect(fresh.cache).toBe('miss');
      expect(subgraph.calls()).toBe(calls + 1);

      // Its live field re-runs on its events.
      const live = subscribeOverSse<{ stockLevel: { inStock: number } | null }>(
        url!.replace('/graphql', ''),
        clerk,
        'subscription { stockLevel(upc: "p-1") { inStock } }',
      );
      try {
        await live.next((r) => r.data?.stockLevel?.inStock === 4);
        subgraph.stock.get('p-1')!.inStock = 2;
        const event = {
          id: 'e-1',
          type: 'stock.moved',
          occurredAt: new Date().toISOString(),
          source: 'stock',
          upc: 'p-1',
        };
        await publisher.xAdd(eventStreamKey(), '*', { event: JSON.stringify(event) });
        await live.next((r) => r.data?.stockLevel?.inStock === 2);
      } finally {
        await live.close();
      }
      // Both plugins saw their hooks.
      await eventually(async () =>
        expect(readFileSync(join(dir, 'config.log'), 'utf8')).toContain('stock.moved'),
      );
      const hooks = readFileSync(callLog, 'utf8')
        .trim()
        .split('\n')
        .map((line) => (JSON.parse(line) as { hook: string }).hook);
      expect(new Set(hooks)).toEqual(
        new Set([
          'requestDidStart',
          'beforeSubgraphRequest',
          'afterSubgraphResponse',
          'onDomainEvent',
        ]),
      );
      expect(readFileSync(callLog, 'utf8')).not.toContain(clerk);
    } finally {
      await publisher.quit();
      gateway.child.kill('SIGTERM');
      await gateway.exited;
      await redis.destroy();
      await subgraph.stop();
    }
  });

  it('fails start-up naming a plugin that cannot load', async () => {
    // In this process: the bin's way of printing a start-up error is tested by portInUse.
    await expect(
      runInProcess(
        runCli,
        [
          'serve',
          '--supergraph',
          join(ROOT, 'schema', 'supergraph.graphql'),
          '--plugin',
          '/nonexistent/plugin.ts',
          '--port',
          '0',
        ],
        { env: { LOG_LEVEL: 'silent', JWT_SECRET: SECRET, SUBGRAPH_HMAC_SECRET: 'y'.repeat(40) } },
      ),
    ).rejects.toThrow('plugin "/nonexistent/plugin.ts"');
  });
});
