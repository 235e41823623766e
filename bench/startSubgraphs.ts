import { fork } from 'node:child_process';
import { join } from 'node:path';
import { ROOT, stopChild } from './contenders';
import type { SubgraphsReady } from './subgraphsProcess';

/** The running subgraph process: its URLs and engine, its pid, and how to stop it. */
export interface RunningSubgraphs extends SubgraphsReady {
  pid: number | undefined;
  stop(): Promise<void>;
}

/**
 * Forks the subgraph process (bench/subgraphsProcess.ts) and waits for it to be seeded
 * and listening; `bigTimeline` also gives one customer a long history (workload d).
 */
export async function startSubgraphs(
  customers: number,
  secret: string,
  bigTimeline?: { customer: string; entries: number },
): Promise<RunningSubgraphs> {
  const child = fork(join(__dirname, 'subgraphsProcess.ts'), [], {
    cwd: ROOT,
    // Env BENCH_CPU_PROF=DIR: the subgraph process writes a V8 CPU profile there too.
    execArgv: [
      ...(process.env.BENCH_CPU_PROF
        ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`]
        : []),
      // Env BENCH_SUBGRAPH_FLAGS: more V8/Node flags for it (e.g. --trace-gc).
      ...(process.env.BENCH_SUBGRAPH_FLAGS?.split(/\s+/).filter(Boolean) ?? []),
      '--import',
      'tsx',
    ],
    env: {
      ...process.env,
      // As the contenders, and as a deployment runs them: graphql's development-mode
      // checks (instanceOf) are 3% of the subgraphs' CPU.
      NODE_ENV: 'production',
      SEED_CUSTOMERS: String(customers),
      SUBGRAPH_HMAC_SECRET: secret,
      BENCH_BIG_TIMELINE: bigTimeline ? `${bigTimeline.customer}:${bigTimeline.entries}` : '',
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ready = await new Promise<SubgraphsReady>((resolve, reject) => {
    child.once('message', (m) => resolve(m as SubgraphsReady));
    child.once('exit', (code) => reject(new Error(`subgraph process exited with ${code}`)));
  });
  // `stop` lets the process drop its database; SIGTERM only if it has not exited in 15 s.
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    if (child.connected) child.send('stop');
    const timer = setTimeout(() => void stopChild(child), 15_000);
    await exited;
    clearTimeout(timer);
  };
  return { ...ready, pid: child.pid, stop };
}
