import { ChildSet, killChildrenOnExit } from './chaos/childProcesses';
import { startDeployment, type Deployment } from './chaos/deployment';
import { allFaults, shortFaults, type Fault } from './chaos/faults';
import { LoadRun } from './chaos/load';
import { newPhaseStats, type PhaseStats } from './chaos/phaseStats';
import { failures, table } from './chaos/report';
import { agentToken, referenceAnswers, WRITE_CASES, type Reader } from './chaos/workload';
import { countWriteRows } from './chaos/writeRows';

/** Concurrent clients of the load (keep-alive connections to both replicas). */
const CLIENTS = 4;
/** Load before a fault is injected, and after it was healed (`--short`: half). */
const LEAD_MS = 1000;
const TAIL_MS = 1500;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `fault` under load and returns what the load saw. */
async function phase(
  deployment: Deployment,
  fault: Fault,
  context: { token: string; readers: Reader[]; runId: string; scale: number },
): Promise<PhaseStats> {
  const stats = newPhaseStats(fault.name);
  const load = new LoadRun({
    ...context,
    gateways: deployment.gateways.map((g) => g.url),
    writeCases: WRITE_CASES,
    faulty: fault.faulty,
    writesOnly: fault.writesOnly ?? false,
    stats,
  });
  const started = Date.now();
  load.start(CLIENTS);
  try {
    await sleep(LEAD_MS * context.scale);
    stats.notes.push(...(await fault.run(deployment)));
    await sleep(TAIL_MS * context.scale);
  } finally {
    await load.stop();
  }
  console.log(
    `  ${fault.name}: ${stats.requests} requests in ${((Date.now() - started) / 1000).toFixed(1)} s. ${stats.notes.join('; ')}`,
  );
  return stats;
}

/**
 * `npm run chaos [-- --short] [--only TEXT]`: starts the deployment as separate processes (five
 * subgraphs, two gateway replicas, PostgreSQL, a private Redis), injects each fault in
 * turn under bounded load, prints a table per fault and exits 1 on any non-2xx answer,
 * any lost or doubled write, or any answer that lost more than the faulty subgraph's
 * fields. Every process it started dies with it.
 */
async function main(): Promise<number> {
  const short = process.argv.includes('--short');
  // `--only TEXT`: the faults whose name contains TEXT (e.g. `--only redis`).
  const only = process.argv[process.argv.indexOf('--only') + 1];
  const faults = (short ? shortFaults() : allFaults()).filter(
    (fault) => !process.argv.includes('--only') || fault.name.includes(only ?? ''),
  );
  const children = new ChildSet();
  let deployment: Deployment | null = null;
  killChildrenOnExit(children, async () => {
    await deployment?.stop();
  });
  const started = Date.now();
  deployment = await startDeployment(children);
  try {
    console.log(`chaos: deployment up in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    const token = await agentToken(deployment.jwtSecret);
    const readers = await referenceAnswers(
      deployment.gateways.map((g) => g.url),
      token,
    );
    const context = {
      token,
      readers,
      runId: `${process.pid}${Date.now().toString(36)}`,
      scale: short ? 0.5 : 1,
    };
    const phases: PhaseStats[] = [];
    for (const fault of faults) {
      phases.push(await phase(deployment, fault, context));
    }
    await countWriteRows(deployment.db, phases);
    console.log(`\n${table(phases)}\n`);
    const found = failures(phases);
    const elapsed = ((Date.now() - started) / 1000).toFixed(0);
    if (found.length > 0) {
      console.log(`chaos: FAILED in ${elapsed} s\n  ${found.join('\n  ')}`);
      return 1;
    }
    console.log(`chaos: passed in ${elapsed} s`);
    return 0;
  } finally {
    await deployment.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
