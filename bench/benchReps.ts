import type { Claims } from '../lib/claims';
import { BENCH_AGENT } from './benchAgent';

/** Distinct care reps the rep workloads rotate over by default (`--reps`). */
export const DEFAULT_REPS = 200;

/**
 * The `k`-th of the bench's care reps: rep 0 is the seeded care rep ({@link BENCH_AGENT}),
 * the others `agt-bench-0001`, ... with the same role, team and scopes: same
 * authorization class, different identities, as a contact centre's reps are.
 */
export function benchRep(k: number): Claims {
  if (k === 0) return BENCH_AGENT;
  return { ...BENCH_AGENT, sub: `agt-bench-${String(k).padStart(4, '0')}` };
}

/** Which rep sends the `n`-th request of a rep workload: each in turn. */
export function repIndex(n: number, reps: number): number {
  return n % reps;
}
