import { subgraphEnvName } from '../gateway/src/config';
import type { ContenderName, ContenderSpec } from './contenders';

/** The environment every contender shares: secrets, the supergraph and the subgraph URLs. */
export function benchEnv(
  urls: Readonly<Record<string, string>>,
  hmacSecret: string,
  jwtSecret: string,
  supergraphFile = 'schema/supergraph.graphql',
): NodeJS.ProcessEnv {
  return {
    ...process.env,
    SUBGRAPH_HMAC_SECRET: hmacSecret,
    JWT_SECRET: jwtSecret,
    SUPERGRAPH_FILE: supergraphFile,
    ...Object.fromEntries(
      Object.entries(urls).map(([name, url]) => [`SUBGRAPH_URL_${subgraphEnvName(name)}`, url]),
    ),
  };
}

/**
 * The V8 heap budget we run the gateway with in production (README, "Memory"): without
 * it V8 lets the old generation grow towards a quarter of the machine's memory before
 * collecting hard, so an idle-after-load process sits at 300-400 MB of mostly garbage.
 * Env BENCH_OURS_HEAP_MB overrides it (0: V8's default) to measure the difference.
 */
export const OURS_HEAP_MB = 192;

function oursNodeOptions(): string {
  const mb = Number(process.env.BENCH_OURS_HEAP_MB ?? OURS_HEAP_MB);
  const heap = Number.isInteger(mb) && mb > 0 ? `--max-old-space-size=${mb}` : '';
  return [process.env.NODE_OPTIONS ?? '', heap].filter(Boolean).join(' ');
}

/**
 * How to start each contender, given the shared environment (secrets, subgraph URLs)
 * and the bench's trusted-documents manifest. Env BENCH_CPU_PROF=DIR: every contender
 * writes a V8 CPU profile there when it stops.
 */
export function contenderSpecs(
  env: NodeJS.ProcessEnv,
  manifestFile: string,
): Record<ContenderName, ContenderSpec> {
  const prof = process.env.BENCH_CPU_PROF
    ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`]
    : [];
  const tsx = [...prof, '--import', 'tsx'];
  const gateway = (
    name: 'ours' | 'ours-no-dedupe' | 'ours-cached',
    cache: 'off' | 'memory',
  ): ContenderSpec => ({
    name,
    path: '/graphql',
    args: [
      ...prof,
      // Env BENCH_OURS_FLAGS: more V8/Node flags for ours (e.g. --trace-gc).
      ...(process.env.BENCH_OURS_FLAGS?.split(/\s+/).filter(Boolean) ?? []),
      'bin/customer-context-gateway.js',
      'serve',
      '--supergraph',
      env.SUPERGRAPH_FILE ?? 'schema/supergraph.graphql',
      '--policies',
      'schema/policies.ts',
      '--input-limits',
      'schema/inputLimits.ts',
    ],
    env: {
      ...env,
      NODE_ENV: 'production',
      NODE_OPTIONS: oursNodeOptions(),
      // As `npm start` runs it: crm's audit attributes reads to request ids.
      SUBGRAPH_BATCH_EXCLUDE: 'crm',
      TRUSTED_DOCUMENTS: 'require',
      TRUSTED_DOCUMENTS_FILE: manifestFile,
      // One process each; a REDIS_URL in the caller's environment must not turn on
      // Redis (auto) or a Redis change feed for either.
      CACHE: cache,
      REDIS_URL: '',
      GATEWAY_WORKERS: '1',
      // Inbound deduplication is on by default; `ours-no-dedupe` measures without it, and
      // INBOUND_DEDUPE=off in the bench's environment turns it off for every one of ours.
      INBOUND_DEDUPE:
        name === 'ours-no-dedupe' || process.env.INBOUND_DEDUPE === 'off' ? 'off' : 'on',
      // EXECUTOR (apollo|native) passes through from the bench's environment.
    },
  });
  return {
    ours: gateway('ours', OURS_CACHED ? 'memory' : 'off'),
    'ours-no-dedupe': gateway('ours-no-dedupe', 'off'),
    'ours-cached': gateway('ours-cached', 'memory'),
    baseline: {
      name: 'baseline',
      path: '/',
      args: [...tsx, 'bench/baselineGateway.ts'],
      env: { ...env, NODE_ENV: 'production' },
    },
    limit: {
      name: 'limit',
      path: '/',
      args: [...tsx, 'bench/limitServer.ts'],
      env: { ...env, NODE_ENV: 'production' },
    },
  };
}

/**
 * BENCH_OURS_CACHE=memory gives `ours` the caches too, on an uncached workload: answers
 * miss the response cache, so what the entity cache saves (shared entities, revisits)
 * shows alone, compared with ENTITY_CACHE=off in a second run.
 */
const OURS_CACHED = process.env.BENCH_OURS_CACHE === 'memory';

const OURS = `bin/customer-context-gateway.js serve, one process, EXECUTOR=${process.env.EXECUTOR ?? '(the default)'}, NODE_ENV=production, NODE_OPTIONS=--max-old-space-size=${process.env.BENCH_OURS_HEAP_MB ?? OURS_HEAP_MB} (the production heap budget, MB; BENCH_OURS_HEAP_MB overrides, 0 = V8 default), JWT auth (the bench agent, or each customer as themself on b-own), TRUSTED_DOCUMENTS=require (bench manifest built from the measured workloads), default limits, metrics, cross-request entity batching (SUBGRAPH_BATCH_EXCLUDE=crm), LOG_LEVEL info (to a file)`;

/** What each contender runs with, for the JSON report. */
export const SETTINGS: Record<ContenderName, string> = {
  ours: `${OURS}; ${OURS_CACHED ? 'CACHE=memory (BENCH_OURS_CACHE: the partial-answer comparison)' : 'CACHE=off (no entity or response cache; APQ, document and plan caches as always)'}; inbound deduplication on (the default)`,
  'ours-no-dedupe': `${OURS}; CACHE=off; INBOUND_DEDUPE=off (workload g only)`,
  'ours-cached': `${OURS}; CACHE=memory (entity + whole-response cache in the process, default sizes; no Redis, so no change feed: nothing changes the data during the run except rep reads logging views)`,
  baseline:
    'vanilla @apollo/gateway + @apollo/server startStandaloneServer, defaults; SECURITY links stripped and signed claims added in willSendRequest (the minimum to run)',
  limit:
    'the gateway query plan replayed: same subgraph fetches, same steps and parallelism, undici keep-alive, signed claims; no parsing, validation, auth or shaping',
};
