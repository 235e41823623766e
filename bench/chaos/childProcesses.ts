import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

/** The repository root: every child runs from here, as the npm scripts do. */
export const ROOT = join(__dirname, '..', '..');

/** Output kept per child, for the report when it fails to start. */
const OUTPUT_LIMIT = 16_000;

/** One process the chaos run started. */
export interface Child {
  readonly name: string;
  readonly process: ChildProcess;
  /** The last characters it printed (stdout and stderr). */
  output(): string;
  /** Resolves with the exit code (or signal) once it has exited. */
  readonly exited: Promise<number | string | null>;
}

/**
 * Every process a chaos run starts, so that all of them die with it: on a normal end,
 * an error, Ctrl-C or SIGTERM (the handlers are installed by {@link killChildrenOnExit}).
 */
export class ChildSet {
  private readonly children = new Set<Child>();

  /** Spawns `command args` from the repository root with `env` added to this process's. */
  spawn(name: string, command: string, args: string[], env: NodeJS.ProcessEnv): Child {
    const child = spawn(command, args, {
      cwd: ROOT,
      env: { ...process.env, NODE_OPTIONS: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const keep = (chunk: Buffer): void => {
      output = (output + chunk.toString()).slice(-OUTPUT_LIMIT);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    // A command that cannot start (e.g. no redis-server) is reported, not an uncaught event.
    child.on('error', (error) => keep(Buffer.from(`\n${name}: ${error.message}\n`)));
    const exited = new Promise<number | string | null>((resolve) =>
      child.once('exit', (code, signal) => resolve(code ?? signal)),
    );
    const entry: Child = { name, process: child, output: () => output, exited };
    this.children.add(entry);
    void exited.then(() => this.children.delete(entry));
    return entry;
  }

  /** SIGKILLs every child still running (synchronous, so it also works in an `exit` handler). */
  killAll(): void {
    for (const child of this.children) {
      if (child.process.exitCode === null && child.process.signalCode === null) {
        // A child stopped with SIGSTOP must not outlive us either.
        child.process.kill('SIGCONT');
        child.process.kill('SIGKILL');
      }
    }
  }
}

/**
 * Kills every child on exit, and turns Ctrl-C / SIGTERM into `onSignal` (which cleans
 * up what is not a process, e.g. the run's database) followed by exit 130.
 */
export function killChildrenOnExit(children: ChildSet, onSignal: () => Promise<void>): void {
  process.on('exit', () => children.killAll());
  let stopping = false;
  const handler = (): void => {
    if (stopping) return;
    stopping = true;
    children.killAll();
    void onSignal().finally(() => process.exit(130));
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
}
