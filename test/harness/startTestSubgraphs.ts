import { randomBytes } from 'node:crypto';
import type { DestinationStream } from 'pino';
import type { Claims } from '../../lib/claims';
import { createLogger } from '../../lib/logger';
import { signRequest } from '../../lib/signedClaims';
import { createEventBus } from '../../subgraphs/shared/events/createEventBus';
import type { EventBus } from '../../subgraphs/shared/events/eventBus';
import { loadSubgraphConfig, type SubgraphConfig } from '../../subgraphs/shared/config';
import type { Database } from '../../subgraphs/shared/db';
import {
  prepareDatabase,
  startSubgraph,
  type RunningSubgraph,
} from '../../subgraphs/shared/startSubgraph';
import type { SubgraphDefinition } from '../../subgraphs/shared/subgraphDefinition';
import { SUBGRAPHS } from '../../subgraphs/registry';
import { SEED_HOUR, SEED_NOW } from './seedClock';
import { createPreparedTestDatabase } from './databaseSnapshots';
import { createTestDatabase, defaultEngine, type Engine, type TestDatabase } from './testDatabase';

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
 * A database migrated and seeded for `definitions`: copied from this run's snapshot
 * when they are all the repository's own subgraphs (whose migrations and seeds are the
 * same for every test file), prepared from scratch otherwise.
 */
async function preparedDatabase(
  definitions: readonly SubgraphDefinition[],
  configs: readonly SubgraphConfig[],
  engine: Engine,
): Promise<TestDatabase> {
  const prepare = async (db: Database): Promise<void> => {
    for (const [index, definition] of definitions.entries()) {
      await prepareDatabase(definition, db, configs[index]!, SEED_NOW);
    }
  };
  if (!definitions.every((definition) => SUBGRAPHS.includes(definition))) {
    const database = await createTestDatabase(engine);
    try {
      await prepare(database.db);
    } catch (error) {
      await database.drop();
      throw error;
    }
    return database;
  }
  const key = JSON.stringify({
    subgraphs: definitions.map((definition) => definition.name),
    seeds: configs.map((config) => [config.seed, config.seedCustomers]),
    // The seeds tell their stories relative to the file's SEED_NOW: the day, and before
    // 10:00 UTC the hours already past (support's storyClock). A file whose clock is in
    // another hour gets a snapshot of its own.
    seedHour: SEED_HOUR,
  });
  const database = await createPreparedTestDatabase(engine, key, prepare);
  // A copy skips the seeds, but engagement's, as on every start, moves Sam's live session
  // to "minutes ago": run it again on this file's clock, or a snapshot another file built
  // half an hour earlier would show him idle in the app.
  try {
    for (const [index, definition] of definitions.entries()) {
      const config = configs[index]!;
      if (definition.name !== 'engagement' || !config.seed) continue;
      await definition.seed(database.db, {
        customers: config.seedCustomers,
        config,
        now: SEED_NOW,
      });
    }
  } catch (error) {
    await database.drop();
    throw error;
  }
  return database;
}

/**
 * Migrates and seeds a fresh database, then starts each subgraph on a free port,
 * exactly as `npm start` does but isolated per test file.
 */
export async function startTestSubgraphs(
  definitions: readonly SubgraphDefinition[],
  options: StartTestSubgraphsOptions = {},
): Promise<TestSubgraphs> {
  const secret = randomBytes(32).toString('base64url');
  const configs = definitions.map((definition) =>
    loadSubgraphConfig(definition.name, 0, {
      [`${definition.name.toUpperCase()}_PORT`]: '0',
      HOST: '127.0.0.1',
      SEED_CUSTOMERS: String(options.seedCustomers ?? 30),
      SUBGRAPH_HMAC_SECRET: secret,
      ...options.subgraphEnv,
    }),
  );
  const database = await preparedDatabase(definitions, configs, options.engine ?? defaultEngine());
  const logger = createLogger({
    name: 'test',
    ...(options.logDestination
      ? { level: 'info', destination: options.logDestination }
      : { level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
  });
  const subgraphs: Record<string, RunningSubgraph> = {};
  const bus = createEventBus(options.redisUrl ?? null, logger);
  try {
    for (const [index, definition] of definitions.entries()) {
      subgraphs[definition.name] = await startSubgraph(definition, {
        config: configs[index]!,
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
