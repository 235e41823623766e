import type { Logger } from 'pino';

/** A repeat of the first signal within this window is the same request, not "hurry up". */
const DUPLICATE_WINDOW_MS = 2000;

/**
 * Runs `shutdown` once on the first SIGINT or SIGTERM, then exits 0 (1 if it failed).
 * Ctrl-C reaches a process both from the terminal and relayed by npm/tsx, so repeats
 * within two seconds are ignored; a later one exits at once.
 */
export function onShutdownSignal(logger: Logger, shutdown: () => Promise<void>): void {
  let firstAt: number | null = null;
  const handler = (signal: NodeJS.Signals): void => {
    if (firstAt !== null) {
      if (Date.now() - firstAt < DUPLICATE_WINDOW_MS) return;
      logger.warn({ signal }, 'second signal, exiting now');
      process.exit(1);
    }
    firstAt = Date.now();
    logger.info({ signal }, 'shutting down');
    shutdown().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
}
