import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { composeServices } from '@apollo/composition';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { GraphQLError, parse } from 'graphql';
import type { Claims } from '../../lib/claims';
import { createLogger } from '../../lib/logger';
import { WANT_VALIDATOR_HEADER } from '../../lib/readValidators';
import { CLAIMS_HEADER } from '../../lib/signedClaims';
import { OPERATION_KIND_HEADER } from '../../gateway/src/resilience/operationKind';
import { DEFAULT_JWT_AUDIENCE, DEFAULT_JWT_ISSUER } from '../../gateway/src/auth/devCredentials';
import { signToken } from '../../gateway/src/auth/signToken';
import { loadGatewayConfig } from '../../gateway/src/config';
import { createGatewayServer, type RunningGateway } from '../../gateway/src/server';
import { eventually } from '../harness/eventually';
import { metricValue } from '../harness/startGatewayFor';

/**
 * Inbound deduplication, end to end: a real gateway in front of a subgraph whose
 * resolvers hold every call at a gate the test opens, so "in flight at once" is a fact
 * the test waits for (the gateway's waiting gauge, the subgraph's arrivals), never a
 * guessed delay. The gateway's own outbound dedupe is off, so every execution the
 * inbound one lets through reaches the subgraph and is counted there.
 */
const SDL = /* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
  type Query {
    whoami(tag: String!): Who!
    broken(tag: String!): String
  }
  type Mutation {
    bump(tag: String!): Int!
  }
  type Who {
    sub: String
    role: String
    scopes: [String!]!
    client: String
    tag: String!
    execution: Int!
  }
`;

interface Subgraph {
  url: string;
  /** The headers of the last call with `tag`. */
  headers(tag: string): Record<string, unknown> | undefined;
  arrivals(tag: string): number;
  open(tag: string): void;
  stop(): Promise<void>;
}

async function startGatedSubgraph(): Promise<Subgraph> {
  const arrivals = new Map<string, number>();
  const headersByTag = new Map<string, Record<string, unknown>>();
  const gates = new Map<string, { opened: Promise<void>; open(): void }>();
  const gate = (tag: string) => {
    let entry = gates.get(tag);
    if (!entry) {
      let open = (): void => undefined;
      const opened = new Promise<void>((resolve) => (open = resolve));
      entry = { opened, open };
      gates.set(tag, entry);
    }
    return entry;
  };
  const arrive = async (tag: string) => {
    arrivals.set(tag, (arrivals.get(tag) ?? 0) + 1);
    await gate(tag).opened;
  };
  let executions = 0;
  let bumps = 0;
  type Context = {
    claims: Claims | null;
    client: string | null;
    headers: Record<string, unknown>;
  };
  const server = new ApolloServer<Context>({
    plugins: [ApolloServerPluginInlineTraceDisabled()],
    schema: buildSubgraphSchema({
      typeDefs: parse(SDL),
      resolvers: {
        Query: {
          whoami: async (
            _: unknown,
            { tag }: { tag: string },
            { claims, client, headers }: Context,
          ) => {
            headersByTag.set(tag, headers);
            await arrive(tag);
            return {
              ...claims,
              scopes: claims?.scopes ?? [],
              client,
              tag,
              execution: ++executions,
            };
          },
          broken: async (_: unknown, { tag }: { tag: string }) => {
            await arrive(tag);
            throw new GraphQLError(`broken on purpose (${++executions})`, {
              extensions: { code: 'BROKEN' },
            });
          },
        },
        Mutation: {
          bump: async (_: unknown, { tag }: { tag: string }) => {
            await arrive(tag);
            return ++bumps;
          },
        },
      } as never,
    }),
  });
  const { url } = await startStandaloneServer(server, {
    listen: { port: 0, host: '127.0.0.1' },
    context: async ({ req }) => {
      // The gateway's claims header (its signature is the subgraphs' business, not this test's).
      const header = req.headers[CLAIMS_HEADER];
      const decoded =
        typeof header === 'string'
          ? (JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as {
              claims: Claims | null;
            })
          : { claims: null };
      const client = req.headers['apollographql-client-name'];
      return {
        claims: decoded.claims,
        client: typeof client === 'string' ? client : null,
        headers: { ...req.headers },
      };
    },
  });
  return {
    url,
    arrivals: (tag) => arrivals.get(tag) ?? 0,
    headers: (tag) => headersByTag.get(tag),
    open: (tag) => gate(tag).open(),
    stop: () => server.stop(),
  };
}

const JWT_SECRET = 'j'.repeat(48);

function tokenFor(claims: Claims): Promise<string> {
  return signToken({
    secret: JWT_SECRET,
    issuer: DEFAULT_JWT_ISSUER,
    audience: DEFAULT_JWT_AUDIENCE,
    sub: claims.sub,
    role: claims.role,
    ...(claims.team ? { team: claims.team } : {}),
    scopes: claims.scopes,
    ttlSec: 600,
  });
}

const AGENT: Claims = { sub: 'agt-1', role: 'agent', team: 'care', scopes: ['pii:read'] };
const AGENT_NO_PII: Claims = { ...AGENT, scopes: [] };
const OTHER_AGENT: Claims = { ...AGENT, sub: 'agt-2' };
const CUSTOMER_1: Claims = { sub: 'cus-1', role: 'customer', scopes: [] };
const CUSTOMER_2: Claims = { sub: 'cus-2', role: 'customer', scopes: [] };

const WHOAMI =
  'query Who($tag: String!) { whoami(tag: $tag) { sub role scopes client tag execution } }';

describe('inbound deduplication', () => {
  let subgraph: Subgraph;
  let supergraphFile: string;
  const gateways: RunningGateway[] = [];

  beforeAll(async () => {
    subgraph = await startGatedSubgraph();
    const composed = composeServices([{ name: 'gated', url: subgraph.url, typeDefs: parse(SDL) }]);
    expect(composed.errors).toBeUndefined();
    supergraphFile = join(mkdtempSync(join(tmpdir(), 'cc-dedupe-')), 'supergraph.graphql');
    writeFileSync(supergraphFile, composed.supergraphSdl!);
  });

  afterAll(async () => {
    await Promise.all(gateways.map((g) => g.stop()));
    await subgraph.stop();
  });

  async function startGateway(env: Record<string, string> = {}): Promise<RunningGateway> {
    const config = loadGatewayConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      SUPERGRAPH_FILE: supergraphFile,
      LOG_LEVEL: 'silent',
      JWT_SECRET,
      SUBGRAPH_HMAC_SECRET: 's'.repeat(40),
      // Every execution the inbound dedupe lets through must reach the subgraph.
      SUBGRAPH_DEDUPE: 'false',
      ...env,
    });
    const gateway = await createGatewayServer(config, {
      logger: createLogger({ name: 'test-gateway', level: 'silent' }),
    }).listen();
    gateways.push(gateway);
    return gateway;
  }

  async function post(
    gateway: RunningGateway,
    caller: Claims,
    query: string,
    variables: Record<string, unknown>,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; requestId: string | null; text: string }> {
    const response = await fetch(`${gateway.url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${await tokenFor(caller)}`,
        ...headers,
      },
      body: JSON.stringify({ query, variables }),
    });
    return {
      status: response.status,
      requestId: response.headers.get('x-request-id'),
      text: await response.text(),
    };
  }

  const waiting = async (gateway: RunningGateway): Promise<number> =>
    metricValue(
      await (await fetch(`${gateway.url}/metrics`)).text(),
      'gateway_inbound_dedupe_waiting',
    ) ?? 0;

  it('executes identical queries of one caller once; every one gets the same bytes', async () => {
    const gateway = await startGateway();
    const answers = Array.from({ length: 5 }, () =>
      post(gateway, AGENT, WHOAMI, { tag: 'same-caller' }),
    );
    await eventually(async () => expect(await waiting(gateway)).toBe(4));
    expect(subgraph.arrivals('same-caller')).toBe(1);
    subgraph.open('same-caller');
    const results = await Promise.all(answers);
    expect(subgraph.arrivals('same-caller')).toBe(1);
    expect(new Set(results.map((r) => r.text)).size).toBe(1);
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(JSON.parse(results[0]!.text)).toMatchObject({
      data: { whoami: { sub: 'agt-1', tag: 'same-caller' } },
    });
    // Each has its own request id, not the leader's.
    expect(new Set(results.map((r) => r.requestId)).size).toBe(5);
  });

  it('never shares between callers, authorization classes or answer-shaping headers', async () => {
    const gateway = await startGateway();
    const tag = 'many-callers';
    const sent = [
      post(gateway, CUSTOMER_1, WHOAMI, { tag }),
      post(gateway, CUSTOMER_2, WHOAMI, { tag }),
      post(gateway, AGENT, WHOAMI, { tag }),
      post(gateway, OTHER_AGENT, WHOAMI, { tag }),
      post(gateway, AGENT_NO_PII, WHOAMI, { tag }),
      // Same caller, a propagated client header of another value.
      post(gateway, AGENT, WHOAMI, { tag }, { 'apollographql-client-name': 'other-app' }),
    ];
    await eventually(async () => expect(subgraph.arrivals(tag)).toBe(6));
    expect(await waiting(gateway)).toBe(0);
    subgraph.open(tag);
    const [c1, c2, agent, other, noPii, otherApp] = (await Promise.all(sent)).map(
      (r) => (JSON.parse(r.text) as { data: { whoami: Record<string, unknown> } }).data.whoami,
    );
    expect(c1).toMatchObject({ sub: 'cus-1', role: 'customer', scopes: [] });
    expect(c2).toMatchObject({ sub: 'cus-2', role: 'customer', scopes: [] });
    expect(agent).toMatchObject({
      sub: 'agt-1',
      role: 'agent',
      scopes: ['pii:read'],
      client: null,
    });
    expect(other).toMatchObject({ sub: 'agt-2', scopes: ['pii:read'] });
    expect(noPii).toMatchObject({ sub: 'agt-1', scopes: [] });
    expect(otherApp).toMatchObject({ sub: 'agt-1', client: 'other-app' });
    const executions = [c1, c2, agent, other, noPii, otherApp].map((w) => w!.execution);
    expect(new Set(executions).size).toBe(6);
  });

  it('shares an answer with errors as it is, to the same caller only', async () => {
    const gateway = await startGateway();
    const query = 'query Broken($tag: String!) { broken(tag: $tag) }';
    const answers = Array.from({ length: 3 }, () => post(gateway, AGENT, query, { tag: 'errors' }));
    await eventually(async () => expect(await waiting(gateway)).toBe(2));
    subgraph.open('errors');
    const results = await Promise.all(answers);
    expect(subgraph.arrivals('errors')).toBe(1);
    expect(new Set(results.map((r) => r.text)).size).toBe(1);
    const body = JSON.parse(results[0]!.text) as { errors: { extensions: { code: string } }[] };
    expect(body.errors[0]!.extensions.code).toBe('BROKEN');
  });

  it('never shares a mutation', async () => {
    const gateway = await startGateway();
    const mutation = 'mutation Bump($tag: String!) { bump(tag: $tag) }';
    const sent = Array.from({ length: 3 }, () => post(gateway, AGENT, mutation, { tag: 'bump' }));
    await eventually(async () => expect(subgraph.arrivals('bump')).toBe(3));
    expect(await waiting(gateway)).toBe(0);
    subgraph.open('bump');
    const values = (await Promise.all(sent)).map(
      (r) => (JSON.parse(r.text) as { data: { bump: number } }).data.bump,
    );
    expect(new Set(values).size).toBe(3);
  });

  it('CACHE=off: no validator is asked for and no replay kept; the kind travels as a header', async () => {
    const off = await startGateway({ CACHE: 'off' });
    subgraph.open('cache-off');
    expect((await post(off, AGENT, WHOAMI, { tag: 'cache-off' })).status).toBe(200);
    expect(subgraph.headers('cache-off')).not.toHaveProperty(WANT_VALIDATOR_HEADER);
    expect(subgraph.headers('cache-off')).toHaveProperty(OPERATION_KIND_HEADER, 'query');
    // The same request with the response cache on: the bookkeeping CACHE=off skips.
    const on = await startGateway({ CACHE: 'memory' });
    subgraph.open('cache-on');
    expect((await post(on, AGENT, WHOAMI, { tag: 'cache-on' })).status).toBe(200);
    expect(subgraph.headers('cache-on')).toHaveProperty(WANT_VALIDATOR_HEADER, '1');
  });

  it('is off with INBOUND_DEDUPE=off: identical queries each execute', async () => {
    const gateway = await startGateway({ INBOUND_DEDUPE: 'off' });
    const sent = Array.from({ length: 3 }, () => post(gateway, AGENT, WHOAMI, { tag: 'off' }));
    await eventually(async () => expect(subgraph.arrivals('off')).toBe(3));
    subgraph.open('off');
    const results = await Promise.all(sent);
    expect(results.every((r) => r.status === 200)).toBe(true);
    const text = await (await fetch(`${gateway.url}/metrics`)).text();
    expect(text).not.toContain('gateway_inbound_dedupe');
  });
});
