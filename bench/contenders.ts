import { spawn, type ChildProcess } from 'node:child_process';
import { openSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { Workload } from './workloads';

/** A contender process the bench loads: `ours`, `ours-cached`, `baseline` or `limit`. */
export interface RunningContender {
  name: ContenderName;
  /** Where the load goes (the GraphQL endpoint). */
  endpoint: string;
  pid: number;
  /** Last lines of its output, for error messages. */
  logFile: string;
  stop(): Promise<void>;
}

/**
 * `ours` runs with CACHE=off (the uncached workloads), `ours-cached` is the same gateway
 * with CACHE=memory (the warm-cache workloads), `ours-no-dedupe` is `ours` with inbound
 * deduplication off (workload g only); `baseline` and `limit` have no cache.
 */
export type ContenderName = 'ours' | 'ours-no-dedupe' | 'ours-cached' | 'baseline' | 'limit';

/** Every contender, in the order they are started and reported. */
export const CONTENDER_NAMES: readonly ContenderName[] = [
  'ours',
  'ours-no-dedupe',
  'ours-cached',
  'baseline',
  'limit',
];

/** Whether `contender` is measured on `workload`: each of ours on its kind, the others on all. */
export function measuredOn(contender: ContenderName, workload: Workload): boolean {
  switch (contender) {
    case 'ours':
      return workload.caches === 'off';
    case 'ours-no-dedupe':
      return workload.overhead === true;
    case 'ours-cached':
      return workload.caches === 'warm';
    case 'baseline':
    case 'limit':
      return true;
    default: {
      const unreachable: never = contender;
      throw new Error(`unknown contender ${String(unreachable)}`);
    }
  }
}

/** How to start one contender: a Node entry point and its arguments, plus its GraphQL path. */
export interface ContenderSpec {
  name: ContenderName;
  args: string[];
  env: NodeJS.ProcessEnv;
  path: string;
}

export const ROOT = join(__dirname, '..');

/** A free TCP port on loopback (closed again before the contender binds it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * Starts a contender as one child process (so its RSS is its own), output to a log
 * file rather than a pipe the bench would have to drain while measuring.
 */
export async function startContender(
  spec: ContenderSpec,
  logDir: string,
): Promise<RunningContender> {
  const port = await freePort();
  const logFile = join(logDir, `${spec.name}.log`);
  const out = openSync(logFile, 'w');
  const child = spawn(process.execPath, spec.args, {
    cwd: ROOT,
    env: { ...spec.env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', out, out],
  });
  if (child.pid === undefined) throw new Error(`${spec.name} did not start`);
  return {
    name: spec.name,
    endpoint: `http://127.0.0.1:${port}${spec.path}`,
    pid: child.pid,
    logFile,
    stop: () => stopChild(child),
  };
}

/** SIGTERM, then SIGKILL after 5 s. */
export function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Sends `body` until it is answered 200 without GraphQL errors, or throws after `timeoutMs`. */
export async function waitUntilAnswering(
  contender: RunningContender,
  body: string,
  headers: Record<string, string>,
  timeoutMs = 180_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const response = await fetch(contender.endpoint, { method: 'POST', headers, body });
      const text = await response.text();
      if (response.status === 200 && !text.includes('"errors"')) return;
      // Right after seeding the first calls can time out (cold database): keep trying.
      last = `${response.status} ${text.slice(0, 400)}`;
    } catch (error) {
      last = String(error);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  const log = readFileSync(contender.logFile, 'utf8').split('\n').slice(-15).join('\n');
  throw new Error(
    `${contender.name} is not answering correctly: ${last}\n--- ${contender.logFile}\n${log}`,
  );
}

/** Samples a process's VmRSS every `everyMs`; `stop()` returns the peak in MB (null off Linux). */
export function sampleRss(pid: number, everyMs = 200): { stop(): number | null } {
  let peakKb = 0;
  const read = (): void => {
    try {
      const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (match) peakKb = Math.max(peakKb, Number(match[1]));
    } catch {
      // Not Linux, or the process is gone: no sample.
    }
  };
  read();
  const timer = setInterval(read, everyMs);
  return {
    stop() {
      clearInterval(timer);
      read();
      return peakKb > 0 ? peakKb / 1024 : null;
    },
  };
}

/** CPU seconds (user + system) a process has used so far, or null when unreadable. */
export function cpuSeconds(pid: number, options: { reapedChildren?: boolean } = {}): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime + stime; with reapedChildren also cutime + cstime, the CPU of children that
    // exited (a PostgreSQL backend whose connection closed moves to the postmaster's).
    const own = Number(fields[11]) + Number(fields[12]);
    const reaped = options.reapedChildren ? Number(fields[13]) + Number(fields[14]) : 0;
    return (own + reaped) / 100;
  } catch {
    return null;
  }
}

/**
 * CPU seconds (user + system) all PostgreSQL server processes on this machine have used
 * so far (the postmaster and every backend, and the backends that have exited, which the
 * postmaster reaped), or null when none can be read.
 */
export function postgresCpuSeconds(): number | null {
  let total: number | null = null;
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return null;
  }
  for (const entry of entries) {
    if (!/^[0-9]+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() !== 'postgres') continue;
    } catch {
      continue;
    }
    const seconds = cpuSeconds(Number(entry), { reapedChildren: true });
    if (seconds !== null) total = (total ?? 0) + seconds;
  }
  return total;
}

/**
 * Reads the CPU time of each process now; `perRequest(n)` gives the CPU ms each used
 * since, divided by `n` requests (null for a process that could not be read).
 */
export function cpuMeter(pids: ReadonlyArray<number | undefined>): {
  perRequest(requests: number): Array<number | null>;
} {
  const read = (pid: number | undefined) => (pid === undefined ? null : cpuSeconds(pid));
  const before = pids.map(read);
  return {
    perRequest(requests) {
      return pids.map((pid, i) => {
        const start = before[i];
        const end = read(pid);
        if (start === null || start === undefined || end === null || requests === 0) return null;
        return ((end - start) * 1000) / requests;
      });
    },
  };
}

/**
 * How long `pid` stays busy (≥ 10% of a core per `windowMs`, 200 ms by default) from
 * now, ms, at most `maxMs`: the work a load left behind it (events still being consumed). 0 when it is
 * idle at once; null when the CPU cannot be read.
 */
export async function busyFor(
  pid: number,
  { windowMs = 200, maxMs = 60_000 }: { windowMs?: number; maxMs?: number } = {},
): Promise<number | null> {
  const started = Date.now();
  for (;;) {
    const before = cpuSeconds(pid);
    const windowStart = Date.now();
    await new Promise((r) => setTimeout(r, windowMs));
    const after = cpuSeconds(pid);
    if (before === null || after === null) return null;
    const elapsed = (Date.now() - windowStart) / 1000;
    if (after - before < 0.1 * elapsed) return windowStart - started;
    if (Date.now() - started >= maxMs) return Date.now() - started;
  }
}

/**
 * Waits until `pid` uses under 10% of a core over 500 ms (at most `maxMs`), so work
 * one run left behind (events, outbox relays, GC) is not billed to the next contender.
 */
export async function quiesce(pid: number, maxMs = 20_000): Promise<number> {
  const started = Date.now();
  await busyFor(pid, { windowMs: 500, maxMs });
  return Date.now() - started;
}
