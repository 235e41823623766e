import { z } from 'zod';

/** Where the gateway's supergraph comes from. */
export type SupergraphSource = { kind: 'file'; path: string };

/** The gateway's validated configuration. */
export interface GatewayConfig {
  /** HTTP port. Env `PORT`, default 4000; 0 picks a free one. */
  readonly port: number;
  /** Interface to bind. Env `HOST`, default `0.0.0.0`. */
  readonly host: string;
  /** The supergraph to serve (`--supergraph FILE`, env `SUPERGRAPH_FILE`, default `schema/supergraph.graphql`). */
  readonly supergraph: SupergraphSource;
  /**
   * Routing URLs that replace the supergraph's, keyed by {@link subgraphEnvName}, from env
   * `SUBGRAPH_URL_<NAME>` (e.g. `SUBGRAPH_URL_CRM=http://crm:4001/graphql`). Default none.
   */
  readonly subgraphUrls: Readonly<Record<string, string>>;
  /** How long `/ready` waits for each subgraph, ms. Env `READY_TIMEOUT_MS`, default 2000. */
  readonly readyTimeoutMs: number;
  /** Production mode: introspection and landing page off. Env `NODE_ENV=production`. */
  readonly production: boolean;
  /** Introspection on? Env `INTROSPECTION`, default on unless production. */
  readonly introspection: boolean;
  /** pino level. Env `LOG_LEVEL`, default `info`. */
  readonly logLevel: string;
}

/** Thrown with every configuration problem at once. */
export class GatewayConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid gateway configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'GatewayConfigError';
  }
}

const booleanString = z.enum(['true', 'false']).transform((v) => v === 'true');

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HOST: z.string().min(1).default('0.0.0.0'),
  SUPERGRAPH_FILE: z.string().min(1).default('schema/supergraph.graphql'),
  READY_TIMEOUT_MS: z.coerce.number().int().min(50).max(60_000).default(2000),
  NODE_ENV: z.string().optional(),
  INTROSPECTION: booleanString.optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

/** Command-line values, which win over the environment. */
export interface GatewayOverrides {
  port?: number;
  supergraphFile?: string;
}

/** Builds the frozen gateway configuration; throws {@link GatewayConfigError} listing every problem. */
export function loadGatewayConfig(
  env: NodeJS.ProcessEnv = process.env,
  overrides: GatewayOverrides = {},
): GatewayConfig {
  const raw = Object.fromEntries(
    Object.keys(schema.shape).map((key) => [key, env[key] === '' ? undefined : env[key]]),
  );
  if (overrides.port !== undefined) raw.PORT = String(overrides.port);
  if (overrides.supergraphFile !== undefined) raw.SUPERGRAPH_FILE = overrides.supergraphFile;
  const problems: string[] = [];
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0]);
      problems.push(`${key}=${JSON.stringify(raw[key])}: ${issue.message}`);
    }
  }
  const subgraphUrls: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    const match = /^SUBGRAPH_URL_([A-Z0-9_]+)$/.exec(key);
    if (!match?.[1] || !value) continue;
    if (!z.url({ protocol: /^https?$/ }).safeParse(value).success) {
      problems.push(`${key}=${JSON.stringify(value)}: not an http(s) URL`);
      continue;
    }
    subgraphUrls[match[1]] = value;
  }
  if (problems.length > 0 || !parsed.success) throw new GatewayConfigError(problems);
  const value = parsed.data;
  const production = value.NODE_ENV === 'production';
  return Object.freeze({
    port: value.PORT,
    host: value.HOST,
    supergraph: { kind: 'file', path: value.SUPERGRAPH_FILE },
    subgraphUrls: Object.freeze(subgraphUrls),
    readyTimeoutMs: value.READY_TIMEOUT_MS,
    production,
    introspection: value.INTROSPECTION ?? !production,
    logLevel: value.LOG_LEVEL,
  } satisfies GatewayConfig);
}

/** The `<NAME>` part of a subgraph's env variables: `my-sub` → `MY_SUB`. */
export function subgraphEnvName(subgraph: string): string {
  return subgraph.toUpperCase().replace(/[^A-Z0-9]/g, '_');
}
