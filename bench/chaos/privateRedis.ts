import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitForPing } from '../../test/harness/redisServer';
import type { Child, ChildSet } from './childProcesses';
import { freePort } from './service';

/**
 * A redis-server this run started on a free port, with an append-only file synced on
 * every write (how a Redis that must not lose events is run), so that a stop and a
 * start keep what was acknowledged. Only this server is ever stopped or paused, never
 * the machine's shared one.
 */
export class PrivateRedis {
  private current: Child | null = null;

  private constructor(
    private readonly children: ChildSet,
    readonly port: number,
    private readonly dir: string,
  ) {}

  /** Starts a new private server and waits until it answers PING. */
  static async start(children: ChildSet): Promise<PrivateRedis> {
    const redis = new PrivateRedis(
      children,
      await freePort(),
      mkdtempSync(join(tmpdir(), 'cc-chaos-redis-')),
    );
    await redis.start();
    return redis;
  }

  /** `redis://127.0.0.1:<port>`. */
  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Starts the server (again) on the same port and data folder. */
  async start(): Promise<void> {
    this.current = this.children.spawn(
      'redis',
      'redis-server',
      [
        ...['--port', String(this.port), '--bind', '127.0.0.1', '--dir', this.dir],
        ...['--save', '', '--appendonly', 'yes', '--appendfsync', 'always'],
      ],
      {},
    );
    await waitForPing(this.url);
  }

  /** SIGTERM (Redis's clean shutdown) and waits for the exit. */
  async stop(): Promise<void> {
    const child = this.current;
    if (!child) return;
    child.process.kill('SIGTERM');
    await child.exited;
    this.current = null;
  }

  /** SIGSTOP or SIGCONT: a Redis that hangs, then comes back. */
  signal(signal: 'SIGSTOP' | 'SIGCONT'): void {
    this.current?.process.kill(signal);
  }

  /** Stops the server for good and deletes its data. */
  async destroy(): Promise<void> {
    this.signal('SIGCONT');
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
