import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_JWT_AUDIENCE, DEFAULT_JWT_ISSUER } from '../gateway/src/auth/devCredentials';
import { signToken } from '../gateway/src/auth/signToken';
import { subgraphEnvName } from '../gateway/src/config';
import { buildTrustedDocumentManifest } from '../gateway/src/limits/trustedDocumentManifest';
import { BENCH_AGENT } from './benchAgent';
import {
  ROOT,
  quiesce,
  sampleRss,
  startContender,
  stopChild,
  waitUntilAnswering,
  type ContenderName,
  type ContenderSpec,
  type RunningContender,
} from './contenders';
import { markdownTables, writeResults, type BenchReport, type Measurement } from './report';
import { runLoad } from './runLoad';
import { firstDifference } from './sameAnswer';
import type { SubgraphsReady } from './subgraphsProcess';
import { NOT_YET_MEASURED, WORKLOADS, type Workload } from './workloads';

/**
 * `npm run bench [-- --smoke] [--workloads a,c] [--duration 10] [--connections 50]
 * [--warmup 3] [--customers 10000] [--contenders ours,baseline,limit]` (env
 * BENCH_CPU_PROF=DIR: contenders write CPU profiles there): issue 7's
 * benchmark. One process runs every subgraph (seeded), one process per contender
 * (ours, vanilla Apollo baseline, the limit), autocannon here. Prints Markdown tables,
 * writes bench/results/bench-<date>-<engine>.json and bench-latest.svg (`--smoke`: 2 s per
 * workload, 10 connections, 500 customers, bench-<date>-<engine>-smoke.json, bench-smoke.svg).
 */
interface Options {
  smoke: boolean;
  workloads: Workload[];
  contenders: ContenderName[];
  durationSec: number;
  warmupSec: number;
  connections: number;
  customers: number;
}

function options(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      smoke: { type: 'boolean', default: false },
      workloads: { type: 'string' },
      contenders: { type: 'string' },
      duration: { type: 'string' },
      warmup: { type: 'string' },
      connections: { type: 'string' },
      customers: { type: 'string' },
    },
  });
  const smoke = values.smoke ?? false;
  const number = (value: string | undefined, fallback: number, name: string): number => {
    const n = value === undefined ? fallback : Number(value);
    if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive whole number`);
    return n;
  };
  const ids = (values.workloads ?? Object.keys(WORKLOADS).join(','))
    .split(',')
    .map((s) => s.trim());
  const workloads = ids.map((id) => {
    const workload = WORKLOADS[id];
    if (!workload) {
      throw new Error(
        NOT_YET_MEASURED[id]
          ? `workload (${id}) ${NOT_YET_MEASURED[id]} is not yet measured`
          : `unknown workload ${id}; known: ${Object.keys(WORKLOADS).join(', ')}`,
      );
    }
    return workload;
  });
  const contenders = (values.contenders ?? 'ours,baseline,limit').split(',').map((s) => s.trim());
  for (const c of contenders) {
    if (!['ours', 'baseline', 'limit'].includes(c)) throw new Error(`unknown contender ${c}`);
  }
  return {
    smoke,
    workloads,
    contenders: contenders as ContenderName[],
    durationSec: number(values.duration, smoke ? 2 : 10, 'duration'),
    warmupSec: number(values.warmup, smoke ? 1 : 3, 'warmup'),
    connections: number(values.connections, smoke ? 10 : 50, 'connections'),
    customers: number(
      values.customers ?? process.env.SEED_CUSTOMERS,
      smoke ? 500 : 10_000,
      'customers',
    ),
  };
}

/** Forks the subgraph process and waits for it to be seeded and listening. */
async function startSubgraphs(customers: number, secret: string) {
  const child = fork(join(__dirname, 'subgraphsProcess.ts'), [], {
    cwd: ROOT,
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, SEED_CUSTOMERS: String(customers), SUBGRAPH_HMAC_SECRET: secret },
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

function contenderSpecs(
  env: NodeJS.ProcessEnv,
  manifestFile: string,
): Record<ContenderName, ContenderSpec> {
  // BENCH_CPU_PROF=DIR: every contender writes a V8 CPU profile there when it stops.
  const prof = process.env.BENCH_CPU_PROF
    ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`]
    : [];
  const tsx = [...prof, '--import', 'tsx'];
  return {
    ours: {
      name: 'ours',
      path: '/graphql',
      args: [
        ...prof,
        'bin/customer-context-gateway.js',
        'serve',
        '--supergraph',
        'schema/supergraph.graphql',
        '--policies',
        'schema/policies.ts',
      ],
      env: {
        ...env,
        NODE_ENV: 'production',
        TRUSTED_DOCUMENTS: 'require',
        TRUSTED_DOCUMENTS_FILE: manifestFile,
      },
    },
    baseline: {
      name: 'baseline',
      path: '/',
      args: [...tsx, 'bench/baselineGateway.ts'],
      env: { ...env, NODE_ENV: 'production' },
    },
    limit: {
      name: 'limit',
      path: '/',
      args: [...tsx, 'bench/limitServer.ts'],
      env: { ...env, NODE_ENV: 'production' },
    },
  };
}

/** What each contender runs with, for the JSON report. */
const SETTINGS: Record<ContenderName, string> = {
  ours: 'bin/customer-context-gateway.js serve, NODE_ENV=production, JWT auth (one agent token), TRUSTED_DOCUMENTS=require (bench manifest: schema/trusted-documents.json + the bench lookup query), default limits, metrics, LOG_LEVEL info (to a file)',
  baseline:
    'vanilla @apollo/gateway + @apollo/server startStandaloneServer, defaults; SECURITY links stripped and signed claims added in willSendRequest (the minimum to run)',
  limit:
    'the gateway query plan replayed: same subgraph fetches, same steps and parallelism, undici keep-alive, signed claims; no parsing, validation, auth or shaping',
};

async function main(): Promise<void> {
  const opts = options(process.argv.slice(2));
  const started = Date.now();
  const hmacSecret = randomBytes(32).toString('base64url');
  const jwtSecret = randomBytes(48).toString('base64url');
  const work = mkdtempSync(join(tmpdir(), 'cc-bench-'));
  const manifestFile = join(work, 'trusted-documents.json');
  writeFileSync(
    manifestFile,
    JSON.stringify(buildTrustedDocumentManifest(opts.workloads.map((w) => w.query))),
  );

  console.log(`bench: seeding ${opts.customers} customers and starting the subgraphs…`);
  const subgraphs = await startSubgraphs(opts.customers, hmacSecret);
  const running: RunningContender[] = [];
  try {
    console.log(
      `bench: subgraphs up on ${subgraphs.engine} in ${(subgraphs.seedMs / 1000).toFixed(1)} s`,
    );
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      SUBGRAPH_HMAC_SECRET: hmacSecret,
      JWT_SECRET: jwtSecret,
      SUPERGRAPH_FILE: 'schema/supergraph.graphql',
      ...Object.fromEntries(
        Object.entries(subgraphs.urls).map(([name, url]) => [
          `SUBGRAPH_URL_${subgraphEnvName(name)}`,
          url,
        ]),
      ),
    };
    const token = await signToken({
      secret: jwtSecret,
      issuer: DEFAULT_JWT_ISSUER,
      audience: DEFAULT_JWT_AUDIENCE,
      sub: BENCH_AGENT.sub,
      role: BENCH_AGENT.role,
      team: BENCH_AGENT.team!,
      scopes: BENCH_AGENT.scopes,
      ttlSec: 24 * 3600,
    });
    const specs = contenderSpecs(env, manifestFile);
    for (const name of opts.contenders) running.push(await startContender(specs[name], work));
    const headersFor = (c: RunningContender): Record<string, string> => ({
      'content-type': 'application/json',
      ...(c.name === 'ours' ? { authorization: `Bearer ${token}` } : {}),
    });
    const bodyOf = (w: Workload, n: number): string =>
      JSON.stringify({
        query: w.query,
        operationName: w.operationName,
        variables: w.variables(n, opts.customers),
      });
    const first = opts.workloads[0]!;
    for (const c of running) await waitUntilAnswering(c, bodyOf(first, 0), headersFor(c));
    console.log(
      `bench: contenders up (${running.map((c) => `${c.name} pid ${c.pid}`).join(', ')})`,
    );

    const answers = await compareAnswers(running, opts, bodyOf, headersFor);
    const measurements: Measurement[] = [];
    for (const workload of opts.workloads) {
      for (const contender of running) {
        const load = {
          url: contender.endpoint,
          headers: headersFor(contender),
          connections: opts.connections,
        };
        // Warm-up starts elsewhere in the rotation, so the measured customers are not the warmed ones.
        const offset = Math.floor(opts.customers / 2);
        if (subgraphs.pid !== undefined) await quiesce(subgraphs.pid);
        await runLoad({
          ...load,
          durationSec: opts.warmupSec,
          body: (n) => bodyOf(workload, n + offset),
        });
        if (subgraphs.pid !== undefined) await quiesce(subgraphs.pid);
        const rss = sampleRss(contender.pid);
        const result = await runLoad({
          ...load,
          durationSec: opts.durationSec,
          body: (n) => bodyOf(workload, n),
        });
        const m: Measurement = {
          workload: workload.id,
          contender: contender.name,
          ...result,
          peakRssMb: rss.stop(),
        };
        measurements.push(m);
        console.log(
          `  (${workload.id}) ${contender.name.padEnd(8)} ${m.okPerSec.toFixed(1)} ok req/s (${m.requestsPerSec.toFixed(1)} answered)  p50 ${m.p50Ms} ms  p99 ${m.p99Ms} ms  max ${m.maxMs} ms  errors ${m.non2xx}/${m.graphqlErrors}/${m.socketErrors}  RSS ${m.peakRssMb?.toFixed(0) ?? '–'} MB`,
        );
      }
    }
    const cpu = cpus();
    const report: BenchReport = {
      at: new Date().toISOString(),
      smoke: opts.smoke,
      machine: {
        cpus: cpu.length,
        cpuModel: cpu[0]?.model.trim() ?? 'unknown',
        memGb: Math.round(totalmem() / 2 ** 30),
        node: process.version,
        platform: `${process.platform} ${process.arch}`,
      },
      engine: subgraphs.engine,
      customers: opts.customers,
      connections: opts.connections,
      durationSec: opts.durationSec,
      warmupSec: opts.warmupSec,
      workloads: Object.fromEntries(opts.workloads.map((w) => [w.id, w.name])),
      notYetMeasured: { ...NOT_YET_MEASURED },
      settings: SETTINGS,
      answers,
      measurements,
    };
    console.log(`\n${markdownTables(report)}\n`);
    const written = writeResults(report, join(__dirname, 'results'));
    console.log(
      `bench: wrote ${written.map((f) => f.replace(`${ROOT}/`, '')).join(', ')} in ${((Date.now() - started) / 1000).toFixed(0)} s`,
    );
  } finally {
    await Promise.all(running.map((c) => c.stop()));
    await subgraphs.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * For each workload and a persona and a generated customer, checks that every contender
 * answers what `ours` answers (the limit: at least that). Returns the findings by workload.
 */
async function compareAnswers(
  running: RunningContender[],
  opts: Options,
  bodyOf: (w: Workload, n: number) => string,
  headersFor: (c: RunningContender) => Record<string, string>,
): Promise<Record<string, string>> {
  const findings: Record<string, string> = {};
  const reference = running[0];
  if (!reference) return findings;
  for (const workload of opts.workloads) {
    const problems: string[] = [];
    // n = customers: the first persona (rich data); n = 7: a generated customer.
    for (const n of [opts.customers, 7]) {
      const answer = async (c: RunningContender): Promise<unknown> => {
        const response = await fetch(c.endpoint, {
          method: 'POST',
          headers: headersFor(c),
          body: bodyOf(workload, n),
        });
        return ((await response.json()) as { data?: unknown }).data;
      };
      const expected = await answer(reference);
      if (expected === null || expected === undefined) {
        problems.push(`${reference.name} answered no data (n=${n})`);
        continue;
      }
      for (const other of running.slice(1)) {
        const diff = firstDifference(expected, await answer(other));
        if (diff) problems.push(`${other.name} differs from ${reference.name} at ${diff} (n=${n})`);
      }
    }
    findings[workload.id] =
      problems.length === 0 ? `all contenders answer alike` : problems.join('; ');
    console.log(`bench: (${workload.id}) answers: ${findings[workload.id]}`);
  }
  return findings;
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
