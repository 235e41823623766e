/**
 * Retries `check` until it stops throwing or `timeoutMs` passes, then rethrows the
 * last failure. For effects that arrive asynchronously (events, the timeline), so a
 * test waits for behaviour instead of sleeping a guessed time. The default is a minute:
 * a passing check returns at once whatever the limit, and under a load average of 20
 * the seed's events took more than 10 s to reach the timeline.
 */
export async function eventually<T>(
  check: () => Promise<T>,
  timeoutMs = 60_000,
  everyMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() >= deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  }
}
