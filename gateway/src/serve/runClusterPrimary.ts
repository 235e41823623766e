import cluster, { type Worker } from 'node:cluster';
import type { Logger } from 'pino';
import { onShutdownSignal } from '../../../lib/onShutdownSignal';
import { stopWorkers } from './stopWorkers';
import { isWorkerListening, type WorkerListening } from './workerListening';

/** Options for {@link runClusterPrimary}. */
export interface ClusterPrimaryOptions {
  /** Gateway workers to keep running (2 or more). */
  workers: number;
  /** Arguments every worker's entry script runs with, e.g. `['serve', '--port', '4000']`. */
  args: readonly string[];
  /** What is served, for the start-up line: the supergraph file or the composition. */
  served: string;
  logger: Logger;
  /** How long workers may drain after SIGTERM before they are killed. Default 20 s. */
  shutdownGraceMs?: number;
  /** Unexpected worker exits within `crashWindowMs` that make the primary give up. Default 5. */
  maxCrashes?: number;
  /** Default 60 s. */
  crashWindowMs?: number;
}

/** Delay before replacing a dead worker: doubles with each recent crash, capped. */
const BACKOFF_FIRST_MS = 100;
const BACKOFF_MAX_MS = 5000;

/**
 * The primary of `serve --workers N`. Forks N workers that each run the normal serve
 * path on the same port (node:cluster shares the listening socket and hands out
 * connections round-robin; with port 0 every worker gets the same port), prints one
 * "gateway serving … at <url>/graphql with N workers" line once all of them listen, then
 * supervises: a worker that dies is replaced after a backoff, and after `maxCrashes`
 * deaths within `crashWindowMs` the primary stops the rest and exits 1. On SIGTERM or
 * SIGINT every worker drains (its own graceful stop) and the primary exits 0, or 1 when
 * a worker failed to stop or had to be killed after the grace period.
 * Resolves -1 once serving (keep running), or an exit code when a worker failed to start.
 */
export function runClusterPrimary(options: ClusterPrimaryOptions): Promise<number> {
  return new Promise((resolve) => {
    const supervisor = new ClusterSupervisor(options, resolve);
    onShutdownSignal(options.logger, async () => {
      if (!(await supervisor.stop())) throw new Error('not every gateway worker stopped cleanly');
    });
    supervisor.start();
  });
}

class ClusterSupervisor {
  private readonly alive = new Set<Worker>();
  private readonly listening = new Set<Worker>();
  /** Replacement worker → pid of the worker it replaces. */
  private readonly replacements = new Map<Worker, number | undefined>();
  private readonly respawns = new Set<NodeJS.Timeout>();
  private crashes: number[] = [];
  private serving: WorkerListening | null = null;
  private stopping: Promise<boolean> | null = null;

  constructor(
    private readonly options: ClusterPrimaryOptions,
    private readonly settled: (code: number) => void,
  ) {}

  start(): void {
    cluster.setupPrimary({ args: [...this.options.args] });
    cluster.on('message', (worker, message: unknown) => {
      if (isWorkerListening(message)) this.onListening(worker, message);
    });
    cluster.on('exit', (worker, code: number | null, signal: string | null) =>
      this.onExit(worker, code, signal),
    );
    for (let i = 0; i < this.options.workers; i++) this.fork();
  }

  /** SIGTERM to every worker, SIGKILL after the grace period. True when all stopped cleanly. */
  stop(): Promise<boolean> {
    if (!this.stopping) {
      for (const timer of this.respawns) clearTimeout(timer);
      this.respawns.clear();
      const { shutdownGraceMs = 20_000, logger } = this.options;
      this.stopping = stopWorkers([...this.alive], shutdownGraceMs, logger);
    }
    return this.stopping;
  }

  private fork(replaces?: number): void {
    const worker = cluster.fork();
    worker.on('error', (error: Error) =>
      this.options.logger.warn(
        { err: error, workerPid: worker.process.pid },
        'gateway worker IPC error',
      ),
    );
    this.alive.add(worker);
    this.replacements.set(worker, replaces);
    this.options.logger.info(
      { workerPid: worker.process.pid, replacesPid: replaces },
      'gateway worker started',
    );
  }

  private onListening(worker: Worker, message: WorkerListening): void {
    const { logger, workers, served } = this.options;
    this.listening.add(worker);
    const pid = worker.process.pid;
    if (this.serving === null) {
      if (this.listening.size < workers) return;
      this.serving = message;
      const pids = [...this.listening].map((listener) => listener.process.pid);
      logger.info({ url: message.url, workers, workerPids: pids }, 'gateway listening');
      console.log(
        `gateway serving ${served} (${message.supergraphHash}) at ${message.url}/graphql with ${workers} workers`,
      );
      this.settled(-1);
      return;
    }
    logger.info(
      { workerPid: pid, replacedPid: this.replacements.get(worker), url: message.url },
      'gateway worker replaced',
    );
    if (message.url !== this.serving.url) {
      // Only with port 0 after every worker died at once: the shared socket was closed.
      logger.warn(
        { workerPid: pid, url: message.url, was: this.serving.url },
        'gateway worker listens on a new port',
      );
    }
  }

  private onExit(worker: Worker, code: number | null, signal: string | null): void {
    this.alive.delete(worker);
    this.listening.delete(worker);
    this.replacements.delete(worker);
    if (this.stopping) return;
    const pid = worker.process.pid;
    if (this.serving === null) {
      this.options.logger.error(
        { workerPid: pid, code, signal },
        'gateway worker exited before listening',
      );
      void this.stop().then(() => this.settled(code || 1));
      return;
    }
    this.replace(pid, code, signal);
  }

  private replace(pid: number | undefined, code: number | null, signal: string | null): void {
    const { logger, maxCrashes = 5, crashWindowMs = 60_000 } = this.options;
    const now = Date.now();
    this.crashes = [...this.crashes.filter((at) => now - at < crashWindowMs), now];
    if (this.crashes.length >= maxCrashes) {
      logger.fatal(
        { workerPid: pid, code, signal, crashes: this.crashes.length, windowMs: crashWindowMs },
        `gateway workers died ${this.crashes.length} times within ${crashWindowMs / 1000} s; giving up`,
      );
      void this.stop().then(() => process.exit(1));
      return;
    }
    const delayMs = Math.min(BACKOFF_FIRST_MS * 2 ** (this.crashes.length - 1), BACKOFF_MAX_MS);
    logger.error(
      { workerPid: pid, code, signal, replaceInMs: delayMs },
      'gateway worker died; replacing it',
    );
    const timer = setTimeout(() => {
      this.respawns.delete(timer);
      if (!this.stopping) this.fork(pid);
    }, delayMs);
    this.respawns.add(timer);
  }
}
