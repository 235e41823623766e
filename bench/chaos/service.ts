import { freePort } from '../../test/harness/redisServer';
import type { Child, ChildSet } from './childProcesses';

/** How long a service may take to answer `/ready` after it was started. */
const READY_TIMEOUT_MS = 60_000;

/** A free TCP port on 127.0.0.1 (the service then listens on it, across restarts). */
export { freePort };

/**
 * One service of the deployment (a subgraph or a gateway replica): a process on a
 * fixed port that can be signalled, restarted and waited on until `/ready` answers 200.
 */
export class Service {
  private current: Child | null = null;

  constructor(
    readonly name: string,
    readonly port: number,
    private readonly children: ChildSet,
    private readonly command: { cmd: string; args: string[]; env: NodeJS.ProcessEnv },
  ) {}

  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The process running now, if any. */
  get child(): Child | null {
    return this.current;
  }

  /** Starts the process (with `extraEnv` added) and resolves once `/ready` answers 200. */
  async start(extraEnv: NodeJS.ProcessEnv = {}): Promise<void> {
    const { cmd, args, env } = this.command;
    const child = this.children.spawn(this.name, cmd, args, { ...env, ...extraEnv });
    this.current = child;
    const deadline = Date.now() + READY_TIMEOUT_MS;
    for (;;) {
      if (child.process.exitCode !== null) {
        throw new Error(`${this.name} exited while starting:\n${child.output()}`);
      }
      if (await this.ready()) return;
      if (Date.now() > deadline) {
        throw new Error(`${this.name} was not ready in ${READY_TIMEOUT_MS} ms:\n${child.output()}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** Whether `/ready` answers 200 now. */
  async ready(): Promise<boolean> {
    try {
      const response = await fetch(`${this.url}/ready`, { signal: AbortSignal.timeout(1000) });
      await response.arrayBuffer();
      return response.ok;
    } catch {
      return false;
    }
  }

  /** Sends `signal` to the process and, unless it is SIGSTOP/SIGCONT, waits for it to exit. */
  async signal(signal: NodeJS.Signals): Promise<number | string | null> {
    const child = this.current;
    if (!child) return null;
    child.process.kill(signal);
    if (signal === 'SIGSTOP' || signal === 'SIGCONT') return null;
    const code = await child.exited;
    this.current = null;
    return code;
  }
}
