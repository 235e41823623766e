import { fork } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { ROOT, stopChild } from '../contenders';
import type { OverheadSubgraphsReady } from './overheadProcess';
import { OVERHEAD_SUBGRAPHS } from './overheadSubgraphs';

/** Workload (g)'s running subgraph process and the supergraph composed from it. */
export interface RunningOverheadSubgraphs {
  urls: Record<string, string>;
  pid: number | undefined;
  /** The supergraph file every (g) contender serves. */
  supergraphFile: string;
  stop(): Promise<void>;
}

/**
 * Composes (g)'s supergraph into `dir` with `@apollo/composition`, forks the subgraph
 * process (bench/overhead/overheadProcess.ts) and waits until it listens.
 */
export async function startOverheadSubgraphs(dir: string): Promise<RunningOverheadSubgraphs> {
  const child = fork(join(__dirname, 'overheadProcess.ts'), [], {
    cwd: ROOT,
    execArgv: [
      ...(process.env.BENCH_CPU_PROF
        ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`]
        : []),
      '--import',
      'tsx',
    ],
    env: { ...process.env, NODE_ENV: 'production' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ready = await new Promise<OverheadSubgraphsReady>((resolve, reject) => {
    child.once('message', (m) => resolve(m as OverheadSubgraphsReady));
    child.once('exit', (code) => reject(new Error(`(g) subgraph process exited with ${code}`)));
  });
  const composed = composeServices(
    OVERHEAD_SUBGRAPHS.map((s) => ({
      name: s.name,
      url: ready.urls[s.name]!,
      typeDefs: parse(s.typeDefs),
    })),
  );
  if (composed.errors) {
    await stopChild(child);
    throw new Error(`(g) supergraph: ${composed.errors.map((e) => e.message).join('; ')}`);
  }
  const supergraphFile = join(dir, 'overhead-supergraph.graphql');
  writeFileSync(supergraphFile, composed.supergraphSdl);
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    if (child.connected) child.send('stop');
    const timer = setTimeout(() => void stopChild(child), 5_000);
    await exited;
    clearTimeout(timer);
  };
  return { urls: ready.urls, pid: child.pid, supergraphFile, stop };
}
