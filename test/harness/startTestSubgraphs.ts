import { randomBytes } from 'node:crypto';
import type { DestinationStream } from 'pino';
import type { Claims } from '../../lib/claims';
import { createLogger } from '../../lib/logger';
import { signRequest } from '../../lib/signedClaims';
import { createEventBus } from '../../subgraphs/shared/events/createEventBus';
import type { EventBus } from '../../subgraphs/shared/events/eventBus';
import { loadSubgraphConfig } from '../../subgraphs/shared/config';
import {
  prepareDatabase,
  startSubgraph,
  type RunningSubgraph,
} from '../../subgraphs/shared/startSubgraph';
import type { SubgraphDefinition } from '../../subgraphs/shared/subgraphDefinition';
import { createTestDatabase, type Engine, type TestDatabase } from './testDatabase';

/** A GraphQL response as a client sees it. */
export interface GraphQLResponse<TData = Record<string, unknown>> {
  data?: TData | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

/** Subgraphs running on port 0 over one fresh test database. */
export interface TestSubgraphs {
  engine: Engine;
  database: TestDatabase;
  subgraphs: Record<string, RunningSubgraph>;
  /** The `SUBGRAPH_HMAC_SECRET` this stack's subgraphs share (random per stack). */
  secret: string;
  /**
   * Sends an operation straight to one subgraph over HTTP, signed as `claims`
   * (default {@link TEST_SERVICE_CLAIMS}; null signs an anonymous caller).
   */
  query<TData = Record<string, unknown>>(
    subgraph: string,
    query: string,
    variables?: Record<string, unknown>,
    claims?: Claims | null,
  ): Promise<GraphQLResponse<TData>>;
  /** The event bus the subgraphs share (in-process unless `redisUrl` was given). */
  bus: EventBus;
  /** Publishes every pending outbox row of every subgraph now. */
  flushOutboxes(): Promise<void>;
  /** Current value of `subgraph_db_queries_total` read from the subgraph's `/metrics`. */
  statements(subgraph: string): Promise<number>;
  stop(): Promise<void>;
}

/** The caller the harness signs as unless a test passes other claims: a machine client that may read PII. */
export const TEST_SERVICE_CLAIMS: Readonly<Claims> = {
  sub: 'test-harness',
  role: 'service',
  scopes: ['pii:read'],
};

/** Options for {@link startTestSubgraphs}. */
export interface StartTestSubgraphsOptions {
  engine?: Engine;
  /** Generated customers to seed beside the personas. Default 30. */
  seedCustomers?: number;
  /** Redis for the event bus (Streams); default the in-process bus. */
  redisUrl?: string;
  /** Extra subgraph configuration (env-style keys), e.g. `{ NODE_ENV: 'production' }`. */
  subgraphEnv?: Record<string, string>;
  /** Where the subgraphs' log lines go (at `info`); default nowhere (`TEST_LOG_LEVEL`). */
  logDestination?: DestinationStream;
}

/**
 * Migrates and seeds a fresh database, then starts each subgraph on a free port,
 * exactly as `npm start` does but isolated per test file.
 */
export async function startTestSubgraphs(
  definitions: readonly SubgraphDefinition[],
  options: StartTestSubgraphsOptions = {},
): Promise<TestSubgraphs> {
  const database = await createTestDatabase(options.engine);
  const logger = createLogger({
    name: 'test',
    ...(options.logDestination
      ? { level: 'info', destination: options.logDestination }
      : { level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
  });
  const subgraphs: Record<string, RunningSubgraph> = {};
  const bus = createEventBus(options.redisUrl ?? null, logger);
  const secret = randomBytes(32).toString('base64url');
  try {
    for (const definition of definitions) {
      const config = loadSubgraphConfig(definition.name, 0, {
        [`${definition.name.toUpperCase()}_PORT`]: '0',
        HOST: '127.0.0.1',
        SEED_CUSTOMERS: String(options.seedCustomers ?? 30),
        SUBGRAPH_HMAC_SECRET: secret,
        ...options.subgraphEnv,
      });
      await prepareDatabase(definition, database.db, config);
      subgraphs[definition.name] = await startSubgraph(definition, {
        config,
        db: database.db,
        logger,
        bus,
        // The subgraphs of this stack, including those started after this one.
        peerUrl: (name) => subgraphs[name]?.graphqlUrl ?? null,
      });
    }
  } catch (error) {
    await Promise.all(Object.values(subgraphs).map((s) => s.stop()));
    await bus.close();
    await database.drop();
    throw error;
  }
  const urlOf = (name: string): string => {
    const running = subgraphs[name];
    if (!running) throw new Error(`subgraph ${name} is not running in this test`);
    return running.url;
  };
  return {
    engine: database.engine,
    database,
    subgraphs,
    secret,
    bus,
    async flushOutboxes() {
      for (const running of Object.values(subgraphs)) await running.relay?.flush();
    },
    async query(name, query, variables, claims = TEST_SERVICE_CLAIMS) {
      const url = `${urlOf(name)}/graphql`;
      const body = JSON.stringify({ query, variables });
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...signRequest(claims, secret, { subgraph: name, body }),
        },
        body,
      });
      return (await response.json()) as GraphQLResponse<never>;
    },
    async statements(name) {
      const text = await (await fetch(`${urlOf(name)}/metrics`)).text();
      const match = new RegExp(
        `^subgraph_db_queries_total\\{subgraph="${name}"\\} (\\d+)`,
        'm',
      ).exec(text);
      if (!match?.[1]) throw new Error(`no subgraph_db_queries_total for ${name} in /metrics`);
      return Number(match[1]);
    },
    async stop() {
      await Promise.all(Object.values(subgraphs).map((s) => s.stop()));
      await bus.close();
      await database.drop();
    },
  };
}
