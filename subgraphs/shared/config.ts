import { z } from 'zod';
import { isSupportedCountry, type CountryCode } from 'libphonenumber-js';

/** Where a subgraph keeps its data. A discriminated union: one mode or the other. */
export type StorageConfig =
  | { kind: 'postgres'; url: string; preparedStatements: boolean }
  | { kind: 'pglite'; dataDir: string | null };

/** Everything a subgraph reads from its environment, validated once at boot. */
export interface SubgraphConfig {
  /** Subgraph name, e.g. `crm`. */
  readonly name: string;
  /** HTTP port. Env `<NAME>_PORT`, else the subgraph's default (4001–4004). */
  readonly port: number;
  /** Interface to bind. Env `HOST`, default `0.0.0.0`. */
  readonly host: string;
  /**
   * `<NAME>_DATABASE_URL`, else `DATABASE_URL` → PostgreSQL; neither → embedded PGlite
   * in `PGLITE_DATA_DIR` (default `.data/pglite`; `memory` keeps nothing on disk).
   * On PostgreSQL, parameterised statements are named prepared statements unless
   * `DATABASE_PREPARED_STATEMENTS=false` (a pooler that cannot keep them).
   */
  readonly storage: StorageConfig;
  /** Seed personas and generated customers on start. Env `SEED` (`true`/`false`), default true. */
  readonly seed: boolean;
  /** Generated customers beside the personas. Env `SEED_CUSTOMERS`, default 100. */
  readonly seedCustomers: number;
  /** Region for phone numbers written without a country code. Env `DEFAULT_PHONE_REGION`, default `US`. */
  readonly defaultPhoneRegion: CountryCode;
  /** pino level. Env `LOG_LEVEL`, default `info`. */
  readonly logLevel: string;
  /** Redis for the event bus (Streams). Env `REDIS_URL`; unset → the in-process bus. */
  readonly redisUrl: string | null;
  /** An ACTIVE conversation idle this long goes INACTIVE (resumable). Env `CONVERSATION_IDLE_MINUTES`, default 30. */
  readonly conversationIdleMinutes: number;
  /**
   * How far back an app attempt that failed or was abandoned raises `APP_ATTEMPT_FAILED`,
   * and how long after it a contact counts as following it (engagement). Env
   * `APP_ATTEMPT_WINDOW_HOURS`, default 24.
   */
  readonly appAttemptWindowHours: number;
  /**
   * Key shared with the gateway that signs the caller's claims on every request
   * (HMAC-SHA256). Env `SUBGRAPH_HMAC_SECRET`, at least 32 characters; required, no
   * default (the all-in-one start and the test harness put a generated one in the env
   * they pass).
   */
  readonly subgraphHmacSecret: string;
  /**
   * GraphQL endpoints of the other subgraphs, asked whether a caller may use an id their
   * subgraph owns (e.g. orders asks crm about a `placeId`). Env `SUBGRAPH_URLS`, e.g.
   * `crm=http://crm:4001/graphql,orders=http://orders:4002/graphql`; default none (the
   * all-in-one start and the test harness pass the URLs of what they started).
   */
  readonly peerUrls: Readonly<Record<string, string>>;
  /** Production mode: error messages lose graphql-js's "Did you mean …?" hints. Env `NODE_ENV=production`. */
  readonly production: boolean;
}

/** Thrown with every configuration problem at once, each naming the bad value. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

const booleanString = z
  .enum(['true', 'false', '1', '0'])
  .transform((value) => value === 'true' || value === '1');

/** What a subgraph reads from its environment (its keys are named in {@link SUBGRAPH_ENV_NAMES}). */
export const subgraphEnvSchema = z.object({
  port: z.coerce.number().int().min(0).max(65535).meta({
    description: 'HTTP port of the subgraph; 0 picks a free one.',
    default: 'crm 4001, orders 4002, provisioning 4003, support 4004, engagement 4005',
  }),
  host: z.string().min(1).default('0.0.0.0').describe('Interface every service binds.'),
  databaseUrl: z
    .url({ protocol: /^postgres(ql)?$/ })
    .optional()
    .describe(
      'PostgreSQL for this subgraph (its own variable first, then the shared one). Unset: embedded PGlite.',
    ),
  pgliteDataDir: z
    .string()
    .min(1)
    .default('.data/pglite')
    .describe(
      'Embedded PGlite data folder when no database URL is set; `memory` keeps nothing on disk.',
    ),
  preparedStatements: booleanString
    .default(true)
    .describe(
      'On PostgreSQL, parameterised statements are named prepared statements (planned once per connection); `false` behind a pooler that cannot keep them.',
    ),
  seed: booleanString
    .default(true)
    .describe('Seed the personas and generated customers on start (idempotent).'),
  seedCustomers: z.coerce
    .number()
    .int()
    .min(0)
    .max(1_000_000)
    .default(100)
    .describe('Generated customers beside the personas (10,000+ for benchmarks).'),
  defaultPhoneRegion: z
    .string()
    .refine(isSupportedCountry, { message: 'not an ISO 3166 region libphonenumber knows' })
    .default('US')
    .describe('Region for phone numbers written without a country code (ISO 3166).'),
  logLevel: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    .default('info')
    .describe('pino log level.'),
  redisUrl: z
    .url({ protocol: /^rediss?$/ })
    .optional()
    .describe('Redis Streams for the event bus between processes. Unset: the in-process bus.'),
  conversationIdleMinutes: z.coerce
    .number()
    .int()
    .min(1)
    .max(525_600)
    .default(30)
    .describe('An active conversation idle this long becomes resumable (support).'),
  appAttemptWindowHours: z.coerce
    .number()
    .int()
    .min(1)
    .max(8784)
    .default(24)
    .describe(
      'How far back a failed or abandoned app attempt raises APP_ATTEMPT_FAILED, and how long after it a contact counts as following it (engagement).',
    ),
  subgraphHmacSecret: z
    .string({ message: 'required: the key the gateway signs caller claims with' })
    .min(32, { message: 'must be at least 32 characters' })
    .describe(
      'Key shared with the gateway that signs the caller on every call (HMAC-SHA256). Required; `npm start` and the tests generate one.',
    ),
  peerUrls: z
    .string()
    .default('')
    .transform((list, ctx) => {
      const urls: Record<string, string> = {};
      for (const entry of list.split(',').filter((e) => e.trim() !== '')) {
        const [name, url] = entry.split('=').map((part) => part.trim());
        if (!name || !url || !URL.canParse(url)) {
          ctx.addIssue({ code: 'custom', message: `not name=url: ${JSON.stringify(entry)}` });
        } else urls[name] = url;
      }
      return urls;
    })
    .describe(
      'The other subgraphs this one asks whether a caller may use an id they own, `name=url,...` (orders and provisioning ask crm about place ids).',
    ),
});

/** The environment variable behind each key; `<NAME>` is the subgraph's name in upper case. */
export const SUBGRAPH_ENV_NAMES: Readonly<Record<string, string>> = {
  port: '<NAME>_PORT',
  host: 'HOST',
  databaseUrl: '<NAME>_DATABASE_URL / DATABASE_URL',
  pgliteDataDir: 'PGLITE_DATA_DIR',
  preparedStatements: 'DATABASE_PREPARED_STATEMENTS',
  seed: 'SEED',
  seedCustomers: 'SEED_CUSTOMERS',
  defaultPhoneRegion: 'DEFAULT_PHONE_REGION',
  logLevel: 'LOG_LEVEL',
  redisUrl: 'REDIS_URL',
  conversationIdleMinutes: 'CONVERSATION_IDLE_MINUTES',
  appAttemptWindowHours: 'APP_ATTEMPT_WINDOW_HOURS',
  subgraphHmacSecret: 'SUBGRAPH_HMAC_SECRET',
  peerUrls: 'SUBGRAPH_URLS',
};

/** Settings whose values never appear in error messages. */
const SECRET_KEYS: ReadonlySet<string> = new Set(['subgraphHmacSecret']);

/** The environment variable that sets subgraph `name`'s port, e.g. `CRM_PORT`. */
export function subgraphPortVariable(name: string): string {
  return `${envPrefix(name)}_PORT`;
}

function envPrefix(name: string): string {
  return name.toUpperCase().replace(/[^A-Z0-9]/g, '_');
}

/** Builds a subgraph's frozen configuration from `env`; throws {@link ConfigError} listing every problem. */
export function loadSubgraphConfig(
  name: string,
  defaultPort: number,
  env: NodeJS.ProcessEnv = process.env,
): SubgraphConfig {
  const prefix = envPrefix(name);
  const raw = {
    port: env[`${prefix}_PORT`] ?? defaultPort,
    host: env.HOST || undefined,
    databaseUrl: env[`${prefix}_DATABASE_URL`] || env.DATABASE_URL || undefined,
    pgliteDataDir: env.PGLITE_DATA_DIR || undefined,
    preparedStatements: env.DATABASE_PREPARED_STATEMENTS || undefined,
    seed: env.SEED || undefined,
    seedCustomers: env.SEED_CUSTOMERS || undefined,
    defaultPhoneRegion: env.DEFAULT_PHONE_REGION || undefined,
    logLevel: env.LOG_LEVEL || undefined,
    redisUrl: env.REDIS_URL || undefined,
    conversationIdleMinutes: env.CONVERSATION_IDLE_MINUTES || undefined,
    appAttemptWindowHours: env.APP_ATTEMPT_WINDOW_HOURS || undefined,
    subgraphHmacSecret: env.SUBGRAPH_HMAC_SECRET || undefined,
    peerUrls: env.SUBGRAPH_URLS || undefined,
  };
  const parsed = subgraphEnvSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const key = String(issue.path[0]);
        const given = raw[key as keyof typeof raw];
        const value = SECRET_KEYS.has(key) && given !== undefined ? '<redacted>' : given;
        const variable = (SUBGRAPH_ENV_NAMES[key] ?? key).replace('<NAME>', prefix);
        return `${variable}=${JSON.stringify(value)}: ${issue.message}`;
      }),
    );
  }
  const value = parsed.data;
  return Object.freeze({
    name,
    port: value.port,
    host: value.host,
    storage: value.databaseUrl
      ? { kind: 'postgres', url: value.databaseUrl, preparedStatements: value.preparedStatements }
      : { kind: 'pglite', dataDir: value.pgliteDataDir === 'memory' ? null : value.pgliteDataDir },
    seed: value.seed,
    seedCustomers: value.seedCustomers,
    defaultPhoneRegion: value.defaultPhoneRegion,
    logLevel: value.logLevel,
    redisUrl: value.redisUrl ?? null,
    conversationIdleMinutes: value.conversationIdleMinutes,
    appAttemptWindowHours: value.appAttemptWindowHours,
    subgraphHmacSecret: value.subgraphHmacSecret,
    peerUrls: Object.freeze(value.peerUrls),
    production: env.NODE_ENV === 'production',
  } satisfies SubgraphConfig);
}
