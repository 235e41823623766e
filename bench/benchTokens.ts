import { DEFAULT_JWT_AUDIENCE, DEFAULT_JWT_ISSUER } from '../gateway/src/auth/devCredentials';
import { signToken } from '../gateway/src/auth/signToken';
import type { Claims } from '../lib/claims';
import { BENCH_AGENT } from './benchAgent';
import { benchRep, repIndex } from './benchReps';
import { rotatingCustomerId, rotationSize, type Workload } from './workloads';

/** The bearer token of the `n`-th request of a workload, for `ours` and `ours-cached`. */
export type TokenFor = (workload: Workload, n: number) => string;

/**
 * Mints, once before any load, the bench agent's token, one token per rep when a
 * workload calls as reps (`reps` distinct reps, see `benchRep`) and, for each workload
 * that calls as customers, one token per customer of its rotation (`generated(workload)`
 * generated customers + the personas), so no request waits for signing.
 */
export async function benchTokens(
  secret: string,
  workloads: readonly Workload[],
  generated: (workload: Workload) => number,
  reps: number,
): Promise<TokenFor> {
  const sign = (claims: Claims): Promise<string> => signBenchToken(secret, claims);
  const agent = await sign(BENCH_AGENT);
  const repTokens: string[] = [];
  if (workloads.some((w) => w.caller === 'reps')) {
    for (let k = 0; k < reps; k++) repTokens.push(await sign(benchRep(k)));
  }
  const customers = new Map<string, string>();
  for (const workload of workloads.filter((w) => w.caller === 'customer')) {
    const g = generated(workload);
    for (let k = 0; k < rotationSize(g); k++) {
      const id = rotatingCustomerId(k, g);
      if (!customers.has(id))
        customers.set(id, await sign({ sub: id, role: 'customer', scopes: [] }));
    }
  }
  return (workload, n) => {
    if (workload.caller === 'agent') return agent;
    if (workload.caller === 'reps') return repTokens[repIndex(n, reps)]!;
    const id = rotatingCustomerId(n, generated(workload));
    const token = customers.get(id);
    if (!token) throw new Error(`no token minted for customer ${id}`);
    return token;
  };
}

/** A day-long bearer token for `claims`, signed with the bench's JWT secret (default: the bench agent). */
export function signBenchToken(secret: string, claims: Claims = BENCH_AGENT): Promise<string> {
  return signToken({
    secret,
    issuer: DEFAULT_JWT_ISSUER,
    audience: DEFAULT_JWT_AUDIENCE,
    sub: claims.sub,
    role: claims.role,
    ...(claims.team ? { team: claims.team } : {}),
    scopes: claims.scopes,
    ttlSec: 24 * 3600,
  });
}
