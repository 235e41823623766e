import type { Worker } from 'node:cluster';
import type { Logger } from 'pino';

/**
 * Sends SIGTERM to every worker (each drains through its own graceful stop) and waits
 * for them to exit; whatever still runs after `graceMs` is killed with SIGKILL, so a
 * stuck worker cannot hold the primary past its orchestrator's deadline. Resolves true
 * when every worker stopped cleanly (exit 0, or killed by the SIGTERM before it had
 * installed its handler), false when one failed or had to be killed.
 */
export async function stopWorkers(
  workers: readonly Worker[],
  graceMs: number,
  logger: Logger,
): Promise<boolean> {
  const running = workers.filter((worker) => !worker.isDead());
  const exited = new Set<Worker>();
  const exits = running.map(
    (worker) =>
      new Promise<boolean>((resolve) =>
        worker.once('exit', (code: number | null, signal: string | null) => {
          exited.add(worker);
          resolve(code === 0 || signal === 'SIGTERM');
        }),
      ),
  );
  for (const worker of running) worker.process.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<null>((resolve) => (timer = setTimeout(resolve, graceMs, null)));
  const stopped = await Promise.race([Promise.all(exits), deadline]);
  clearTimeout(timer);
  if (stopped) return stopped.every(Boolean);
  const stuck = running.filter((worker) => !exited.has(worker));
  logger.error(
    { workerPids: stuck.map((worker) => worker.process.pid), graceMs },
    'gateway workers did not stop in time; killing them',
  );
  for (const worker of stuck) worker.process.kill('SIGKILL');
  await Promise.all(exits);
  return false;
}
