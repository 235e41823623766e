import { availableParallelism } from 'node:os';

/** How many gateway processes `serve` runs, or why it refuses to start. */
export type WorkerPlan = { workers: number } | { refusal: string };

/**
 * Reads `--workers N` (else env `GATEWAY_WORKERS`, else 1; `auto` = the CPUs Node may
 * use) and refuses a cluster whose workers would not share state. Caches and the change
 * feed live in each process unless they are in Redis, so more than one worker needs
 * `REDIS_URL` (with `CACHE` not `memory`), or `CACHE=off`. Reads `CACHE` and `REDIS_URL`
 * from `env` directly: the decision is made before any configuration is loaded.
 */
export function resolveWorkers(
  flag: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
): WorkerPlan {
  const source = flag === undefined ? 'GATEWAY_WORKERS' : '--workers';
  const raw = (flag ?? env.GATEWAY_WORKERS ?? '1').trim();
  const workers = raw === 'auto' ? availableParallelism() : /^\d+$/.test(raw) ? Number(raw) : 0;
  if (workers < 1) {
    return { refusal: `${source} must be a whole number of at least 1 or "auto" (got "${raw}")` };
  }
  const refusal = workers > 1 ? unsharedState(workers, env) : null;
  return refusal ? { refusal } : { workers };
}

function unsharedState(
  workers: number,
  env: Readonly<Record<string, string | undefined>>,
): string | null {
  const cache = env.CACHE?.trim() || 'auto';
  if (cache === 'off') return null;
  const why =
    'in-memory caches cannot be shared across workers: a change through one worker would ' +
    'leave the others serving stale data.';
  if (cache === 'memory') {
    return `${workers} workers with CACHE=memory: ${why} Use CACHE=redis (or auto) with REDIS_URL, or CACHE=off.`;
  }
  if (!env.REDIS_URL?.trim()) {
    return (
      `${workers} workers need REDIS_URL: ${why} Set REDIS_URL (e.g. redis://127.0.0.1:6379) ` +
      'so the workers share the caches and the change feed, or set CACHE=off.'
    );
  }
  return null;
}
