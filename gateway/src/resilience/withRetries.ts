import { setTimeout as sleep } from 'node:timers/promises';
import { subgraphFailure } from './subgraphUnavailableError';

/**
 * Runs `attempt`, retrying retryable subgraph failures (network errors, HTTP 502/503/504)
 * up to `retries` times with exponential backoff and jitter; never starts a retry whose
 * delay would reach `deadline` (epoch ms). Throws the last failure.
 */
export async function withRetries<T>(
  subgraph: string,
  attempt: () => Promise<T>,
  retries: number,
  baseDelayMs: number,
  deadline: number,
  signal: AbortSignal,
): Promise<T> {
  for (let n = 0; ; n++) {
    try {
      return await attempt();
    } catch (error) {
      const failure = subgraphFailure(subgraph, error, signal);
      // "Equal jitter": half the exponential delay fixed, half random.
      const exponential = baseDelayMs * 2 ** n;
      const delay = exponential / 2 + Math.random() * (exponential / 2);
      if (n >= retries || !failure.retryable || Date.now() + delay >= deadline) throw failure;
      await sleep(delay, undefined, { signal });
    }
  }
}
