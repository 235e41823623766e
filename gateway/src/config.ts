import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import {
  authenticatorOptionProblems,
  DEFAULT_MAX_LIFETIME_SEC,
  MAX_MAX_LIFETIME_SEC,
  type AuthenticatorOptions,
} from './auth/authenticatorOptions';
import { DEFAULT_JWT_AUDIENCE, DEFAULT_JWT_ISSUER } from './auth/devCredentials';
import type { CacheConfig } from './cache/store/gatewayCache';
import {
  DEFAULT_DOMAIN_FILE,
  GENERIC_DOMAIN,
  readDomainConfig,
  type DomainConfig,
} from './domain/domainConfig';
import type { TrustedDocumentsMode } from './plugins/trustedDocumentsPlugin';
import {
  DEFAULT_SUBGRAPH_CALL_OPTIONS,
  resolveSubgraphCallOptions,
  type SubgraphCallOptions,
} from './resilience/subgraphCallOptions';

/**
 * Where the gateway's supergraph comes from: a composed file (watched, hot-reloaded)
 * or a rover-format config composed at start and recomposed every `pollIntervalMs`.
 */
export type SupergraphSource =
  { kind: 'file'; path: string } | { kind: 'compose'; configPath: string; pollIntervalMs: number };

/** Request-shape limits and demand control, all enforced before any subgraph call. */
export interface GatewayLimits {
  /** Largest request body, bytes. Env `MAX_BODY_BYTES`, default 1 MiB. */
  maxBodyBytes: number;
  /** Env `MAX_QUERY_DEPTH`, default 15. */
  maxDepth: number;
  /** Env `MAX_ALIASES`, default 30. */
  maxAliases: number;
  /** Env `MAX_ROOT_FIELDS`, default 20. */
  maxRootFields: number;
  /** Env `MAX_DOCUMENT_BYTES`, default 32768. */
  maxDocumentBytes: number;
  /**
   * Most field selections with every fragment spread expanded (refuses fragment bombs in
   * linear time, before authorization or cost estimation walk them). Env
   * `MAX_EXPANDED_SELECTIONS`, default 2000.
   */
  maxExpandedSelections: number;
  /** Largest estimated cost (@cost/@listSize). Env `MAX_COST`, default 5000. */
  maxCost: number;
  /** Size assumed for lists without @listSize. Env `DEFAULT_LIST_SIZE`, default 10. */
  defaultListSize: number;
  /** `enforce` rejects over the limit; `measure` only reports. Env `COST_MODE`, default `enforce`. */
  costMode: 'enforce' | 'measure';
}

/** The gateway's validated configuration. */
export interface GatewayConfig {
  /** HTTP port. Env `PORT`, default 4000; 0 picks a free one. */
  readonly port: number;
  /** Interface to bind. Env `HOST`, default `0.0.0.0`. */
  readonly host: string;
  /** The supergraph (`--supergraph FILE`, env `SUPERGRAPH_FILE`, default `schema/supergraph.graphql`). */
  readonly supergraph: SupergraphSource;
  /**
   * Routing URLs that replace the supergraph's, keyed by {@link subgraphEnvName}, from env
   * `SUBGRAPH_URL_<NAME>` (e.g. `SUBGRAPH_URL_CRM=http://crm:4001/graphql`). Default none.
   */
  readonly subgraphUrls: Readonly<Record<string, string>>;
  /** How long `/ready` waits for each subgraph, ms. Env `READY_TIMEOUT_MS`, default 2000. */
  readonly readyTimeoutMs: number;
  /** Production mode: introspection, landing page and stack traces off. Env `NODE_ENV=production`. */
  readonly production: boolean;
  /** Introspection on? Env `INTROSPECTION`, default on unless production. */
  readonly introspection: boolean;
  /**
   * Stack traces in error responses, for debugging the gateway itself. Env
   * `DEBUG_ERRORS=true`, default off; refused in production.
   */
  readonly debugErrors: boolean;
  /** pino level. Env `LOG_LEVEL`, default `info`. */
  readonly logLevel: string;
  /**
   * How tokens are verified: `JWT_SECRET` (HS256, ≥ 32 bytes) or `JWKS_URL`, with
   * `JWT_ISSUER` (default `customer-context-dev`), `JWT_AUDIENCE` (comma list, default
   * `customer-context`), `JWT_CLOCK_TOLERANCE_SEC` (default 30), `JWT_MAX_LIFETIME_SEC`
   * (longest `exp - iat` accepted, default 86400). One of the two is required.
   */
  readonly auth: AuthenticatorOptions;
  /** Key that signs the claims forwarded to subgraphs. Env `SUBGRAPH_HMAC_SECRET` (≥ 32 chars), required. */
  readonly subgraphHmacSecret: string;
  readonly limits: GatewayLimits;
  /** Env `TRUSTED_DOCUMENTS` (`off` | `allow-registered` | `require`), default `require` in production, else `off`. */
  readonly trustedDocuments: { mode: TrustedDocumentsMode; manifestPath: string };
  /**
   * The whole request's deadline, ms: no subgraph fetch of a request waits past it, so
   * a plan of several sequential fetches still answers in time. Env `REQUEST_TIMEOUT_MS`,
   * default 10000.
   */
  readonly requestTimeoutMs: number;
  /**
   * Admission control (`AdmissionQueue`): GraphQL requests worked on at once per process,
   * the rest wait first come, first served; a request that waits past its deadline, or
   * finds `maxQueued` ahead of it, is answered 503 `SERVER_OVERLOADED` with `Retry-After`.
   * Env `MAX_CONCURRENT_REQUESTS` (0: no limit; default 0), `MAX_QUEUED_REQUESTS` (default 1000).
   */
  readonly admission: { maxConcurrent: number; maxQueued: number };
  /**
   * Timeouts, retries, breaker, dedupe, pool (env `SUBGRAPH_TIMEOUT_MS`,
   * `SUBGRAPH_MUTATION_TIMEOUT_MS`, `SUBGRAPH_RETRIES`, ...).
   */
  readonly subgraphCalls: SubgraphCallOptions;
  /**
   * Subgraphs (lower-case names) whose entity fetches are never batched across requests,
   * e.g. one that attributes each read to the request id it came with (a merged call
   * carries the first request's id). Env `SUBGRAPH_BATCH_EXCLUDE` (comma list), default none.
   */
  readonly subgraphBatchExclude: readonly string[];
  /**
   * Who executes the query plans: `native` (ours, `gateway/src/execution/`) or `apollo`
   * (`@apollo/gateway`'s executor, kept for comparison). Env `EXECUTOR`, default `native`.
   */
  readonly executor: 'apollo' | 'native';
  /**
   * Client headers forwarded to every subgraph. Env `PROPAGATE_HEADERS` (comma list),
   * default `apollographql-client-name,apollographql-client-version` (for the audit log).
   */
  readonly propagateHeaders: readonly string[];
  /** Extra headers forwarded to one subgraph. Env `PROPAGATE_HEADERS_<NAME>`. */
  readonly propagateHeadersBySubgraph: Readonly<Record<string, readonly string[]>>;
  /**
   * Inbound deduplication: identical queries in flight at once (same body, caller and
   * answer-shaping headers) execute once and all get the same answer bytes; never
   * mutations or subscriptions. Env `INBOUND_DEDUPE` (`on` default | `off`).
   */
  readonly inboundDedupe: boolean;
  /**
   * Operations one HTTP request may batch (a JSON array). Env `MAX_BATCHED_OPERATIONS`,
   * default 1: batching off, an array is refused.
   */
  readonly maxBatchedOperations: number;
  /**
   * OpenTelemetry traces over OTLP/HTTP: env `OTEL_EXPORTER_OTLP_ENDPOINT` (unset: off),
   * `OTEL_SERVICE_NAME` (default `gateway`), `OTEL_EXPORTER_OTLP_HEADERS` (`k=v,k2=v2`),
   * `OTEL_TRACES_SAMPLER_ARG` (0..1, default 1).
   */
  readonly tracing: {
    endpoint: string | undefined;
    serviceName: string;
    headers: Readonly<Record<string, string>>;
    sampleRatio: number;
  };
  /**
   * Caches: the shared response/entity store (env `CACHE`: `auto` (default) = `redis`
   * when `REDIS_URL` is set, else `memory`; or `redis` | `memory` | `off`), its bounds
   * and timeouts, and the sizes of the per-process document and plan caches and APQ.
   * See {@link CacheConfig} for each key and default.
   */
  readonly cache: CacheConfig;
  /**
   * Live subscriptions over graphql-ws and SSE. Env `SUBSCRIPTIONS` (`on` default |
   * `off`), `SUBSCRIPTIONS_KEEPALIVE_MS` (default 12000),
   * `SUBSCRIPTIONS_MAX_PER_CONNECTION` (default 100).
   */
  readonly subscriptions: SubscriptionsConfig;
  /**
   * The domain served, as configuration: how token claims map to roles, the live
   * fields, and which fields of a domain event name what it changed. From the JSON file
   * `--domain FILE` / env `DOMAIN_FILE`; default `schema/domain.json` when that file
   * exists, else {@link GENERIC_DOMAIN} (any role, no live fields, an event evicts its
   * subject). Structure: `domain/domainConfig.ts`.
   */
  readonly domain: DomainConfig;
  /**
   * Plugin modules loaded at start (`--plugin FILE`, repeatable; `plugins` in the config
   * file; env `GATEWAY_PLUGINS`, comma list). Paths come from the operator only. Default none.
   */
  readonly plugins: readonly string[];
  /** The browser pages: the explorer and the rep console (see {@link PagesConfig}). */
  readonly pages: PagesConfig;
}

/** The pages the gateway serves to browsers, each built ahead of time by `npm run build:ui`. */
export interface PagesConfig {
  /**
   * GraphiQL at `GET /graphql` for a browser (assets under `/explorer/`). Env `EXPLORER`
   * (`on` | `off`), default `on` in development and `off` in production; `EXPLORER_DIR`,
   * default `explorer/dist`.
   */
  explorer: { enabled: boolean; dir: string };
  /**
   * The rep console at `/console`: a static app that talks only to `/graphql` with the
   * rep's own token. Env `CONSOLE` (`on` | `off`), default `on`; `CONSOLE_DIR`, default
   * `console/dist`.
   */
  console: { enabled: boolean; dir: string };
}

/** Live subscription settings (`config.subscriptions`). */
export interface SubscriptionsConfig {
  /** Env `SUBSCRIPTIONS` (`on` | `off`), default `on`. */
  enabled: boolean;
  /** WS ping / SSE comment interval, ms. Env `SUBSCRIPTIONS_KEEPALIVE_MS`, default 12000. */
  keepAliveMs: number;
  /** Most subscriptions one connection may hold. Env `SUBSCRIPTIONS_MAX_PER_CONNECTION`, default 100. */
  maxPerConnection: number;
}

/** Thrown with every configuration problem at once. */
export class GatewayConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid gateway configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'GatewayConfigError';
  }
}

const booleanString = z.enum(['true', 'false']).transform((v) => v === 'true');
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const list = z.string().transform((v) =>
  v
    .split(',')
    .map((item) => item.trim().toLowerCase())
    .filter(Boolean),
);

export const gatewayEnvSchema = z.object({
  PORT: int(0, 65535).default(4000).describe('HTTP port of the gateway; 0 picks a free one.'),
  HOST: z.string().min(1).default('0.0.0.0').describe('Interface the gateway binds.'),
  SUPERGRAPH_FILE: z
    .string()
    .min(1)
    .default('schema/supergraph.graphql')
    .describe(
      'The composed supergraph to serve (watched: a new version is swapped in without failing requests). `serve --supergraph FILE` wins.',
    ),
  READY_TIMEOUT_MS: int(50, 60_000)
    .default(2000)
    .describe('How long `/ready` waits for each subgraph, ms.'),
  NODE_ENV: z
    .string()
    .optional()
    .describe(
      '`production` turns off introspection, the explorer and stack traces, masks unexpected errors and requires trusted documents by default.',
    ),
  INTROSPECTION: booleanString
    .optional()
    .describe('Allow introspection. Default: on, off in production.'),
  DEBUG_ERRORS: booleanString
    .default(false)
    .describe(
      "Stack traces in the gateway's error responses, for debugging it; refused with `NODE_ENV=production`.",
    ),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    .default('info')
    .describe('pino log level.'),
  JWT_SECRET: z
    .string()
    .optional()
    .describe(
      'HS256 key (at least 32 bytes) that verifies bearer tokens. Set this or `JWKS_URL`, not both.',
    ),
  JWKS_URL: z
    .url({ protocol: /^https?$/ })
    .optional()
    .describe(
      'JSON Web Key Set that verifies bearer tokens (RS256/ES256). Set this or `JWT_SECRET`.',
    ),
  JWT_ISSUER: z
    .string()
    .min(1)
    .default(DEFAULT_JWT_ISSUER)
    .describe('Required `iss` of every token.'),
  JWT_AUDIENCE: z
    .string()
    .min(1)
    .default(DEFAULT_JWT_AUDIENCE)
    .describe('Accepted `aud` values, comma-separated.'),
  JWT_CLOCK_TOLERANCE_SEC: int(0, 300)
    .default(30)
    .describe('Clock skew allowed on `exp`, `nbf` and `iat`, seconds.'),
  JWT_MAX_LIFETIME_SEC: int(60, MAX_MAX_LIFETIME_SEC)
    .default(DEFAULT_MAX_LIFETIME_SEC)
    .describe('Longest token lifetime accepted (`exp - iat`), seconds.'),
  SUBGRAPH_HMAC_SECRET: z
    .string()
    .min(32, 'must be at least 32 characters')
    .describe(
      'Key that signs the caller and each call to subgraphs (HMAC-SHA256), shared with every subgraph. Required.',
    ),
  MAX_BODY_BYTES: int(1024, 64 * 1024 * 1024)
    .default(1024 * 1024)
    .describe('Largest request body, bytes (413 and the connection closed beyond it).'),
  MAX_QUERY_DEPTH: int(1, 1000).default(15).describe('Deepest selection allowed.'),
  MAX_ALIASES: int(0, 10_000).default(30).describe('Most aliases in one operation.'),
  MAX_ROOT_FIELDS: int(1, 10_000).default(20).describe('Most root fields in one operation.'),
  MAX_DOCUMENT_BYTES: int(64, 16 * 1024 * 1024)
    .default(32 * 1024)
    .describe('Largest GraphQL document, bytes.'),
  MAX_EXPANDED_SELECTIONS: int(1, 1_000_000)
    .default(2000)
    .describe(
      'Most field selections with every fragment spread expanded (refuses fragment bombs in linear time).',
    ),
  MAX_COST: int(1, 100_000_000)
    .default(5000)
    .describe('Largest estimated cost from `@cost`/`@listSize`.'),
  DEFAULT_LIST_SIZE: int(1, 100_000)
    .default(10)
    .describe('List size assumed by the cost estimate where a field has no `@listSize`.'),
  COST_MODE: z
    .enum(['enforce', 'measure'])
    .default('enforce')
    .describe('`enforce` refuses operations over `MAX_COST`; `measure` only reports the cost.'),
  TRUSTED_DOCUMENTS: z
    .enum(['off', 'allow-registered', 'require'])
    .optional()
    .describe(
      'Which operations run: `off` any; `allow-registered` any, registered ones also by id; `require` registered ones only. Default: `off`, `require` in production.',
    ),
  TRUSTED_DOCUMENTS_FILE: z
    .string()
    .min(1)
    .default('schema/trusted-documents.json')
    .describe(
      'The manifest of registered operations (`npm run trusted-documents` builds it from `schema/operations/`).',
    ),
  REQUEST_TIMEOUT_MS: int(10, 600_000)
    .default(10_000)
    .describe("The whole request's deadline, ms: no subgraph fetch of the request waits past it."),
  MAX_CONCURRENT_REQUESTS: int(0, 100_000)
    .default(0)
    .describe('GraphQL requests worked on at once per process; the rest queue (0: no limit).'),
  MAX_QUEUED_REQUESTS: int(0, 1_000_000)
    .default(1000)
    .describe(
      'Most requests waiting when `MAX_CONCURRENT_REQUESTS` is set; beyond it 503 `SERVER_OVERLOADED`.',
    ),
  SUBGRAPH_TIMEOUT_MS: int(10, 600_000).optional().meta({
    description: 'Deadline of one query fetch to a subgraph, ms.',
    default: DEFAULT_SUBGRAPH_CALL_OPTIONS.timeoutMs,
  }),
  SUBGRAPH_MUTATION_TIMEOUT_MS: int(10, 600_000).optional().meta({
    description:
      'Deadline of one mutation fetch, ms (never retried; past it the client gets `OUTCOME_UNKNOWN`).',
    default: DEFAULT_SUBGRAPH_CALL_OPTIONS.mutationTimeoutMs,
  }),
  SUBGRAPH_RETRIES: int(0, 10).optional().meta({
    description: 'Retries of a failed query fetch, with backoff (mutations are never retried).',
    default: DEFAULT_SUBGRAPH_CALL_OPTIONS.retries,
  }),
  SUBGRAPH_RETRY_BASE_DELAY_MS: int(1, 60_000).optional().meta({
    description: 'First retry delay, ms; doubles with each retry.',
    default: DEFAULT_SUBGRAPH_CALL_OPTIONS.retryBaseDelayMs,
  }),
  SUBGRAPH_BREAKER_FAILURES: int(1, 1000).optional().meta({
    description: "Consecutive failures that open a subgraph's circuit breaker.",
    default: DEFAULT_SUBGRAPH_CALL_OPTIONS.breaker?.consecutiveFailures,
  }),
  SUBGRAPH_BREAKER_HALF_OPEN_MS: int(10, 3_600_000).optional().meta({
    description:
      "How long an open breaker waits before a trial call (which first asks the subgraph's `/ready`), ms.",
    default: DEFAULT_SUBGRAPH_CALL_OPTIONS.breaker?.halfOpenAfterMs,
  }),
  SUBGRAPH_DEDUPE: booleanString.optional().meta({
    description: 'Share identical in-flight subgraph queries of one caller.',
    defaultShown: String(DEFAULT_SUBGRAPH_CALL_OPTIONS.dedupe),
  }),
  SUBGRAPH_MAX_CONNECTIONS: int(1, 10_000).optional().meta({
    description: 'Keep-alive connections per subgraph.',
    default: DEFAULT_SUBGRAPH_CALL_OPTIONS.maxConnections,
  }),
  SUBGRAPH_BATCH: booleanString.optional().meta({
    description: 'Merge the entity fetches of concurrent requests to one subgraph into one call.',
    defaultShown: String(DEFAULT_SUBGRAPH_CALL_OPTIONS.batch !== null),
  }),
  SUBGRAPH_BATCH_WINDOW_MS: int(0, 1000).optional().meta({
    description: 'How long a batch waits for more while calls to that subgraph are in flight, ms.',
    default: DEFAULT_SUBGRAPH_CALL_OPTIONS.batch?.windowMs,
  }),
  SUBGRAPH_BATCH_MAX: int(1, 10_000).optional().meta({
    description: 'Representations at which a batch is sent at once.',
    default: DEFAULT_SUBGRAPH_CALL_OPTIONS.batch?.maxRepresentations,
  }),
  SUBGRAPH_BATCH_EXCLUDE: list.default([]).meta({
    description:
      'Subgraphs (comma list) whose entity fetches are never batched or shared, e.g. one that records each read under its request id.',
    defaultShown: '(none)',
  }),
  EXECUTOR: z
    .enum(['apollo', 'native'])
    .default('native')
    .describe(
      "Who runs query plans: `native` (ours, held to Apollo's answers by a differential test) or `apollo` (`@apollo/gateway`'s executor, for comparison).",
    ),
  MAX_BATCHED_OPERATIONS: int(1, 100)
    .default(1)
    .describe('Operations one HTTP request may batch as a JSON array (1: batching off).'),
  OTEL_EXPORTER_OTLP_ENDPOINT: z
    .url({ protocol: /^https?$/ })
    .optional()
    .describe('OTLP/HTTP endpoint for traces. Unset: tracing off.'),
  OTEL_SERVICE_NAME: z
    .string()
    .min(1)
    .default('gateway')
    .describe('Service name on exported spans.'),
  OTEL_EXPORTER_OTLP_HEADERS: z
    .string()
    .optional()
    .describe('Headers for the OTLP exporter, `k=v,k2=v2`.'),
  OTEL_TRACES_SAMPLER_ARG: z.coerce
    .number()
    .min(0)
    .max(1)
    .default(1)
    .describe('Share of requests traced, 0..1.'),
  PROPAGATE_HEADERS: list
    .default(['apollographql-client-name', 'apollographql-client-version'])
    .meta({
      description: 'Client headers forwarded to every subgraph (comma list).',
      defaultShown: 'apollographql-client-name,apollographql-client-version',
    }),
  /** Shared cache store: `auto` (redis when REDIS_URL is set, else memory) | `redis` | `memory` | `off`. */
  CACHE: z
    .enum(['auto', 'redis', 'memory', 'off'])
    .default('auto')
    .describe(
      'Shared response and entity cache: `auto` (Redis when `REDIS_URL` is set; in memory in one process with the subgraphs; else off), `redis`, `memory` or `off`.',
    ),
  /** Redis for the shared cache and the change feed (`redis://` or `rediss://`); unset: none. */
  REDIS_URL: z
    .url({ protocol: /^rediss?$/ })
    .optional()
    .describe(
      'Redis for the shared cache and the change feed (`redis://` or `rediss://`). Unset: none.',
    ),
  /** Whether entity answers are cached beside whole responses. Default on. */
  ENTITY_CACHE: z
    .enum(['on', 'off'])
    .default('on')
    .describe(
      'Cache `_entities` answers beside whole responses (when `CACHE` is not off); `off` keeps the whole-response cache alone.',
    ),
  /** Whether stored answers' audited fetches are re-sent conditionally. Default on. */
  CONDITIONAL_REREADS: z
    .enum(['on', 'off'])
    .default('on')
    .describe(
      'Ask subgraphs for validators of uncacheable root-field answers the response cache stores, and re-send them with `If-None-Match`; `off` re-sends them in full and compares the answers.',
    ),
  /** Longest any cache entry lives, seconds; caps every Cache-Control hint. Default 300. */
  CACHE_MAX_TTL_SECONDS: int(1, 86_400)
    .default(300)
    .describe('Longest any cache entry lives, seconds; caps every `Cache-Control` hint.'),
  /** Most entries in the in-memory store. Default 50000. */
  CACHE_MEMORY_MAX_ENTRIES: int(1, 10_000_000)
    .default(50_000)
    .describe('Most entries in the in-memory store (LRU).'),
  /** Most bytes in the in-memory store. Default 64 MiB. */
  CACHE_MEMORY_MAX_BYTES: int(1024, 64 * 1024 * 1024 * 1024)
    .default(64 * 1024 * 1024)
    .describe('Most bytes in the in-memory store (LRU).'),
  /** Longest one Redis cache operation may take before it counts as a miss, ms. Default 150. */
  CACHE_OP_TIMEOUT_MS: int(1, 60_000)
    .default(150)
    .describe('Longest one Redis cache operation may take before it counts as a miss, ms.'),
  CACHE_FLUSH_AFTER_FAILURES: int(1, 1_000_000)
    .default(20)
    .describe(
      'Failed Redis operations in a row taken as losing Redis: the namespace is flushed before caching resumes.',
    ),
  /** Parsed-and-validated document cache, MiB. Default 16. */
  DOCUMENT_CACHE_MIB: int(0, 4096)
    .default(16)
    .describe('Per-process cache of parsed and validated documents, MiB.'),
  /** Query-plan cache, MiB. Default 32. */
  QUERY_PLAN_CACHE_MIB: int(0, 4096).default(32).describe('Per-process query-plan cache, MiB.'),
  /** How long an automatic persisted query is kept, seconds. Default 86400. */
  APQ_TTL_SECONDS: int(1, 365 * 86_400)
    .default(86_400)
    .describe('How long an automatic persisted query is kept, seconds.'),
  /** Live subscriptions (graphql-ws and SSE): `on` (default) | `off`. */
  SUBSCRIPTIONS: z
    .enum(['on', 'off'])
    .default('on')
    .describe('Live subscriptions over graphql-ws and SSE.'),
  INBOUND_DEDUPE: z
    .enum(['on', 'off'])
    .default('on')
    .describe(
      'Identical queries in flight at once (same body, caller, answer-shaping headers) execute once and all get the same bytes; never mutations or subscriptions.',
    ),
  /** Keep-alive interval of subscription connections, ms. Default 12000. */
  SUBSCRIPTIONS_KEEPALIVE_MS: int(1000, 600_000)
    .default(12_000)
    .describe('WebSocket ping / SSE comment interval of subscription connections, ms.'),
  /** Most subscriptions one connection may hold. Default 100. */
  SUBSCRIPTIONS_MAX_PER_CONNECTION: int(1, 10_000)
    .default(100)
    .describe('Most subscriptions one WebSocket connection may hold.'),
  /** The domain file (JSON): claims mapping, live fields, event shape. Default `schema/domain.json` when present. */
  DOMAIN_FILE: z
    .string()
    .min(1)
    .optional()
    .describe(
      'The domain file (JSON): how token claims map to roles, the live fields, the shape of domain events. Default `schema/domain.json` when it exists, else a generic domain. `serve --domain FILE` wins.',
    ),
  /** Plugin modules to load, comma separated (paths). Default none. */
  GATEWAY_PLUGINS: z
    .string()
    .transform((v) =>
      v
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean),
    )
    .default([])
    .meta({
      description:
        'Plugin modules to load at start, comma-separated paths (also `serve --plugin FILE` and `plugins` in `CONFIG_FILE`).',
      defaultShown: '(none)',
    }),
  /** GraphiQL at `GET /graphql` for browsers: `on` | `off`; default on unless production. */
  EXPLORER: z
    .enum(['on', 'off'])
    .optional()
    .describe(
      'GraphiQL at `GET /graphql` for a browser, served from bundled assets. Default: on, off in production.',
    ),
  /** The built explorer. Default `explorer/dist`. */
  EXPLORER_DIR: z
    .string()
    .min(1)
    .default('explorer/dist')
    .describe('The built explorer (`npm run build:ui`).'),
  /** The rep console at `/console`: `on` (default) | `off`. */
  CONSOLE: z.enum(['on', 'off']).default('on').describe('The rep console at `/console`.'),
  /** The built console. Default `console/dist`. */
  CONSOLE_DIR: z
    .string()
    .min(1)
    .default('console/dist')
    .describe('The built console (`npm run build:ui`).'),
});

/** Command-line values, which win over the environment. */
export interface GatewayOverrides {
  port?: number;
  supergraphFile?: string;
  /** `serve --config FILE`: compose and poll instead of serving a file. */
  supergraphConfig?: { path: string; pollIntervalMs: number };
  /** `serve --domain FILE`. */
  domainFile?: string;
  /** `serve --plugin FILE` (repeatable), loaded after the config's own. */
  plugins?: readonly string[];
}

/**
 * Builds the frozen gateway configuration from the environment plus an optional JSON
 * file (`CONFIG_FILE`, keys named like the variables; the environment wins), and
 * throws {@link GatewayConfigError} listing every problem at once.
 */
export function loadGatewayConfig(
  env: NodeJS.ProcessEnv = process.env,
  overrides: GatewayOverrides = {},
): GatewayConfig {
  const problems: string[] = [];
  const merged = { ...readConfigFile(env.CONFIG_FILE, problems), ...env };
  const raw: Record<string, string | undefined> = Object.fromEntries(
    Object.keys(gatewayEnvSchema.shape).map((key) => [
      key,
      merged[key] === '' ? undefined : merged[key],
    ]),
  );
  if (overrides.port !== undefined) raw.PORT = String(overrides.port);
  if (overrides.supergraphFile !== undefined) raw.SUPERGRAPH_FILE = overrides.supergraphFile;
  if (overrides.domainFile !== undefined) raw.DOMAIN_FILE = overrides.domainFile;
  const parsed = gatewayEnvSchema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0]);
      const shown = /SECRET|HEADERS|REDIS_URL/.test(key)
        ? raw[key]
          ? '[set]'
          : 'unset'
        : JSON.stringify(raw[key]);
      problems.push(`${key}=${shown}: ${issue.message}`);
    }
  }
  const subgraphUrls = prefixed(merged, 'SUBGRAPH_URL_', (key, value) =>
    z.url({ protocol: /^https?$/ }).safeParse(value).success
      ? value
      : problem(problems, key, 'not an http(s) URL'),
  );
  const propagateBySubgraph = prefixed(merged, 'PROPAGATE_HEADERS_', (_key, value) =>
    list.parse(value),
  );
  if (!parsed.success) throw new GatewayConfigError(problems);
  const value = parsed.data;
  const production = value.NODE_ENV === 'production';
  if (production && value.DEBUG_ERRORS) {
    problems.push('DEBUG_ERRORS: stack traces in responses are refused with NODE_ENV=production');
  }
  const domainFile =
    value.DOMAIN_FILE ?? (existsSync(DEFAULT_DOMAIN_FILE) ? DEFAULT_DOMAIN_FILE : undefined);
  const domain = domainFile ? readDomainConfig(domainFile, problems) : GENERIC_DOMAIN;
  const auth = { ...authOptions(value, problems), claims: domain.claims };
  const subgraphCalls = callOptions(value, problems);
  const cache = cacheOptions(value, problems);
  if (problems.length > 0 || !subgraphCalls) throw new GatewayConfigError(problems);
  return Object.freeze({
    port: value.PORT,
    host: value.HOST,
    supergraph: overrides.supergraphConfig
      ? {
          kind: 'compose',
          configPath: overrides.supergraphConfig.path,
          pollIntervalMs: overrides.supergraphConfig.pollIntervalMs,
        }
      : { kind: 'file', path: value.SUPERGRAPH_FILE },
    subgraphUrls: Object.freeze(subgraphUrls),
    readyTimeoutMs: value.READY_TIMEOUT_MS,
    production,
    introspection: value.INTROSPECTION ?? !production,
    debugErrors: value.DEBUG_ERRORS,
    logLevel: value.LOG_LEVEL,
    auth,
    subgraphHmacSecret: value.SUBGRAPH_HMAC_SECRET,
    limits: {
      maxBodyBytes: value.MAX_BODY_BYTES,
      maxDepth: value.MAX_QUERY_DEPTH,
      maxAliases: value.MAX_ALIASES,
      maxRootFields: value.MAX_ROOT_FIELDS,
      maxDocumentBytes: value.MAX_DOCUMENT_BYTES,
      maxExpandedSelections: value.MAX_EXPANDED_SELECTIONS,
      maxCost: value.MAX_COST,
      defaultListSize: value.DEFAULT_LIST_SIZE,
      costMode: value.COST_MODE,
    },
    trustedDocuments: {
      mode: value.TRUSTED_DOCUMENTS ?? (production ? 'require' : 'off'),
      manifestPath: value.TRUSTED_DOCUMENTS_FILE,
    },
    subgraphCalls,
    subgraphBatchExclude: value.SUBGRAPH_BATCH_EXCLUDE,
    executor: value.EXECUTOR,
    requestTimeoutMs: value.REQUEST_TIMEOUT_MS,
    admission: {
      maxConcurrent: value.MAX_CONCURRENT_REQUESTS,
      maxQueued: value.MAX_QUEUED_REQUESTS,
    },
    propagateHeaders: value.PROPAGATE_HEADERS,
    propagateHeadersBySubgraph: propagateBySubgraph,
    maxBatchedOperations: value.MAX_BATCHED_OPERATIONS,
    inboundDedupe: value.INBOUND_DEDUPE === 'on',
    tracing: {
      endpoint: value.OTEL_EXPORTER_OTLP_ENDPOINT,
      serviceName: value.OTEL_SERVICE_NAME,
      headers: Object.fromEntries(
        (value.OTEL_EXPORTER_OTLP_HEADERS ?? '')
          .split(',')
          .map((pair) => pair.split('=', 2).map((part) => part.trim()))
          .filter((pair): pair is [string, string] => pair.length === 2 && pair[0] !== ''),
      ),
      sampleRatio: value.OTEL_TRACES_SAMPLER_ARG,
    },
    cache,
    subscriptions: {
      enabled: value.SUBSCRIPTIONS === 'on',
      keepAliveMs: value.SUBSCRIPTIONS_KEEPALIVE_MS,
      maxPerConnection: value.SUBSCRIPTIONS_MAX_PER_CONNECTION,
    },
    domain,
    plugins: Object.freeze([...value.GATEWAY_PLUGINS, ...(overrides.plugins ?? [])]),
    pages: {
      explorer: {
        enabled: (value.EXPLORER ?? (production ? 'off' : 'on')) === 'on',
        dir: value.EXPLORER_DIR,
      },
      console: { enabled: value.CONSOLE === 'on', dir: value.CONSOLE_DIR },
    },
  } satisfies GatewayConfig);
}

type Parsed = z.infer<typeof gatewayEnvSchema>;

function authOptions(value: Parsed, problems: string[]): AuthenticatorOptions {
  const common = {
    issuer: value.JWT_ISSUER,
    audience: value.JWT_AUDIENCE.split(',')
      .map((a) => a.trim())
      .filter(Boolean),
    clockToleranceSec: value.JWT_CLOCK_TOLERANCE_SEC,
    maxLifetimeSec: value.JWT_MAX_LIFETIME_SEC,
  };
  if (value.JWT_SECRET && value.JWKS_URL) problems.push('set JWT_SECRET or JWKS_URL, not both');
  if (!value.JWT_SECRET && !value.JWKS_URL) problems.push('JWT_SECRET or JWKS_URL is required');
  const options: AuthenticatorOptions = value.JWKS_URL
    ? { ...common, jwksUrl: value.JWKS_URL }
    : { ...common, secret: value.JWT_SECRET ?? '' };
  if (value.JWT_SECRET || value.JWKS_URL) {
    problems.push(...authenticatorOptionProblems(options).map((p) => `auth: ${p}`));
  }
  return options;
}

function cacheOptions(value: Parsed, problems: string[]): CacheConfig {
  if (value.CACHE === 'redis' && !value.REDIS_URL)
    problems.push('CACHE="redis": REDIS_URL is required for the redis cache store');
  return Object.freeze({
    store: value.CACHE === 'auto' ? (value.REDIS_URL ? 'redis' : 'memory') : value.CACHE,
    auto: value.CACHE === 'auto',
    redisUrl: value.REDIS_URL,
    entities: value.ENTITY_CACHE === 'on',
    conditionalRereads: value.CONDITIONAL_REREADS === 'on',
    maxTtlSeconds: value.CACHE_MAX_TTL_SECONDS,
    memoryMaxEntries: value.CACHE_MEMORY_MAX_ENTRIES,
    memoryMaxBytes: value.CACHE_MEMORY_MAX_BYTES,
    opTimeoutMs: value.CACHE_OP_TIMEOUT_MS,
    flushAfterFailures: value.CACHE_FLUSH_AFTER_FAILURES,
    documentCacheMiB: value.DOCUMENT_CACHE_MIB,
    queryPlanCacheMiB: value.QUERY_PLAN_CACHE_MIB,
    apqTtlSeconds: value.APQ_TTL_SECONDS,
  });
}

function callOptions(value: Parsed, problems: string[]): SubgraphCallOptions | null {
  try {
    return resolveSubgraphCallOptions({
      timeoutMs: value.SUBGRAPH_TIMEOUT_MS,
      mutationTimeoutMs: value.SUBGRAPH_MUTATION_TIMEOUT_MS,
      retries: value.SUBGRAPH_RETRIES,
      retryBaseDelayMs: value.SUBGRAPH_RETRY_BASE_DELAY_MS,
      breaker: {
        consecutiveFailures: value.SUBGRAPH_BREAKER_FAILURES,
        halfOpenAfterMs: value.SUBGRAPH_BREAKER_HALF_OPEN_MS,
      },
      dedupe: value.SUBGRAPH_DEDUPE,
      maxConnections: value.SUBGRAPH_MAX_CONNECTIONS,
      batch:
        value.SUBGRAPH_BATCH === false
          ? null
          : {
              windowMs: value.SUBGRAPH_BATCH_WINDOW_MS,
              maxRepresentations: value.SUBGRAPH_BATCH_MAX,
            },
    });
  } catch (error) {
    problems.push(error instanceof Error ? error.message : String(error));
    return null;
  }
}

function readConfigFile(path: string | undefined, problems: string[]): Record<string, string> {
  if (!path) return {};
  if (!existsSync(path)) {
    problems.push(`CONFIG_FILE=${JSON.stringify(path)}: no such file`);
    return {};
  }
  try {
    const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
      throw new Error('not a JSON object');
    // `plugins` may be a list of paths; every other key is a string like its variable.
    return Object.fromEntries(
      Object.entries(parsed).map(([k, v]) =>
        k === 'plugins' && Array.isArray(v) ? ['GATEWAY_PLUGINS', v.join(',')] : [k, String(v)],
      ),
    );
  } catch (error) {
    problems.push(
      `CONFIG_FILE=${JSON.stringify(path)}: ${error instanceof Error ? error.message : String(error)}`,
    );
    return {};
  }
}

function prefixed<T>(
  source: Record<string, string | undefined>,
  prefix: string,
  read: (key: string, value: string) => T | undefined,
): Record<string, T> {
  const out: Record<string, T> = {};
  for (const [key, value] of Object.entries(source)) {
    if (!key.startsWith(prefix) || !value || !/^[A-Z0-9_]+$/.test(key)) continue;
    const result = read(key, value);
    if (result !== undefined) out[key.slice(prefix.length)] = result;
  }
  return out;
}

function problem(problems: string[], key: string, message: string): undefined {
  problems.push(`${key}: ${message}`);
  return undefined;
}

/** The `<NAME>` part of a subgraph's env variables: `my-sub` → `MY_SUB`. */
export function subgraphEnvName(subgraph: string): string {
  return subgraph.toUpperCase().replace(/[^A-Z0-9_]/g, '_');
}
