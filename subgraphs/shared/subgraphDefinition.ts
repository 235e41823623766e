import type { IncomingMessage } from 'node:http';
import type { ApolloServerPlugin } from '@apollo/server';
import type { Claims } from '../../lib/claims';
import type { SubgraphConfig } from './config';
import type { Logger } from 'pino';
import type { Database } from './db';
import type { PublishedEvent } from './events/eventBus';
import type { PeerUrls } from './peerUrls';
import type { SharedMigrations } from './migrations/sharedMigrations';

/** A consumer of domain events that a subgraph runs (e.g. the timeline recorder). */
export interface EventConsumer {
  /** Consumer group; replicas of the subgraph share it and split the work. */
  group: string;
  /** Applies one event; must be idempotent (events arrive at least once). */
  handle(
    event: PublishedEvent,
    db: Database,
    logger: Logger,
    config?: SubgraphConfig,
  ): Promise<void>;
  /**
   * Applies several waiting events at once, as `handle` would one after another (e.g.
   * in one transaction); must be idempotent. A throw means none is done: they are then
   * handled one by one. Default none: `handle` gets every event.
   */
  handleBatch?(
    events: readonly PublishedEvent[],
    db: Database,
    logger: Logger,
    config?: SubgraphConfig,
  ): Promise<void>;
}

/** What every subgraph's per-request context starts from. */
export interface RequestBase {
  /** The subgraph's database, counting its statements. */
  db: Database;
  config: SubgraphConfig;
  req: IncomingMessage;
  /**
   * The caller as the gateway verified and signed it; null for an anonymous caller
   * (unsigned requests never get this far: see `createCallerVerifier`).
   */
  claims: Claims | null;
  /** The subgraph's logger, bound to the request id the gateway forwarded. */
  logger: Logger;
  /** Where the other subgraphs answer, to ask an entity's owner about an id in an input. */
  peerUrl: PeerUrls;
}

/** A request carrying `If-None-Match`, before it executes (see `answerConditional`). */
export interface ConditionalRequest extends RequestBase {
  /** The operation as the body carries it. */
  body: { query: string; operationName: string | null; variables: Record<string, unknown> };
  /** The `If-None-Match` header as sent. */
  ifNoneMatch: string;
}

/** How a conditional request is answered without executing it (a 304). */
export interface ConditionalAnswer {
  status: number;
  headers: Record<string, string>;
}

/** Options the seed step receives. */
export interface SeedOptions {
  /** How many generated customers to create beside the personas. */
  customers: number;
  /** The subgraph's configuration, when it seeds on start; tests may leave it out. */
  config?: Partial<SubgraphConfig>;
  /**
   * The one clock reading the seed tells its stories relative to (the story day, the
   * hours already past, "minutes ago"). Default: when the seed runs. A test that
   * asserts seeded times passes the same `now` to the seed and to its expectations.
   */
  now?: Date;
}

/**
 * A subgraph as data: its SDL, resolvers, migrations, seed and context. The runtime
 * (`startSubgraph`) turns one into a listening server; adding a subgraph is adding one
 * of these to `subgraphs/registry.ts`, never touching the gateway.
 */
export interface SubgraphDefinition<TContext extends object = object> {
  /** Name in the supergraph and PostgreSQL schema name, e.g. `crm`. */
  name: string;
  /** Absolute path of the subgraph's `schema.graphql`. */
  schemaFile: string;
  /** The merged resolver map, typed by the subgraph's generated `Resolvers`. */
  resolvers: object;
  /** Absolute path of the folder holding `NNNN_name.sql` migrations. */
  migrationsDir: string;
  /**
   * The migrations every subgraph shares (`subgraphs/shared/migrations`) that this one
   * applies, each at the number it runs under in this subgraph's history, e.g.
   * `{ outbox: '0002' }`. Default none.
   */
  sharedMigrations?: SharedMigrations;
  /** Writes the deterministic seed data; must be idempotent (same ids every time). */
  seed(db: Database, options: SeedOptions): Promise<void>;
  /**
   * Background work the subgraph runs while it is up (e.g. pausing idle
   * conversations); returns the function that stops it. Default none.
   */
  background?(deps: { db: Database; config: SubgraphConfig; logger: Logger }): () => void;
  /** Domain-event consumers this subgraph runs. Default none. */
  consumers?: readonly EventConsumer[];
  /**
   * Builds the per-request context, including a fresh set of DataLoaders. It runs
   * before anything of the request executes.
   */
  createContext(base: RequestBase): TContext | Promise<TContext>;
  /**
   * Answers a conditional request (`If-None-Match`) without executing it, when the
   * subgraph can tell its answer has not changed: the status and headers to send (304),
   * or null to execute it as usual. Default none: every request executes.
   */
  answerConditional?(request: ConditionalRequest): Promise<ConditionalAnswer | null>;
  /** Apollo Server plugins of the subgraph's own, after the runtime's. Default none. */
  plugins?(deps: { config: SubgraphConfig }): ApolloServerPlugin<TContext>[];
}

/** Erases a definition's context type so definitions can share one list. */
export function defineSubgraph<TContext extends object>(
  definition: SubgraphDefinition<TContext>,
): SubgraphDefinition {
  // Plugins see the context this definition builds; erased like the context itself.
  return definition as unknown as SubgraphDefinition;
}
