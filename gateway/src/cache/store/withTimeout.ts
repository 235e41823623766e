/** The operation did not answer within its bound (it may still complete later). */
export class OpTimeoutError extends Error {
  constructor(readonly ms: number) {
    super(`no answer within ${ms} ms`);
    this.name = 'OpTimeoutError';
  }
}

/**
 * Settles like `promise`, or rejects with {@link OpTimeoutError} after `ms`, so a Redis
 * that accepts a connection but never answers cannot hold a request.
 */
export async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new OpTimeoutError(ms)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
