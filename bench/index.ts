import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildTrustedDocumentManifest } from '../gateway/src/limits/trustedDocumentManifest';
import { DEFAULT_REPS } from './benchReps';
import { benchTokens, type TokenFor } from './benchTokens';
import { compareAnswers } from './compareAnswers';
import { SETTINGS, benchEnv, contenderSpecs } from './contenderSpecs';
import {
  CONTENDER_NAMES,
  ROOT,
  measuredOn,
  cpuMeter,
  postgresCpuSeconds,
  busyFor,
  quiesce,
  sampleRss,
  startContender,
  waitUntilAnswering,
  type ContenderName,
  type RunningContender,
} from './contenders';
import {
  markdownTables,
  timelineLine,
  writeResults,
  type BenchReport,
  type Measurement,
} from './report';
import { runLoad, type LoadRequest, type LoadResult } from './runLoad';
import { startSubgraphs } from './startSubgraphs';
import { startOverheadSubgraphs } from './overhead/startOverheadSubgraphs';
import { BENCH_AGENT } from './benchAgent';
import { timelineCursor } from './bigTimeline';
import { timelineLatencyInChild } from './timelineAtSubgraph';
import {
  BIG_TIMELINE_CUSTOMER,
  BIG_TIMELINE_ENTRIES,
  MEASURED_ELSEWHERE,
  WARM_SET,
  WORKLOADS,
  rotationSize,
  type Workload,
} from './workloads';

/**
 * `npm run bench [-- --smoke] [--workloads a,b,b-own,c,d,e] [--duration 10] [--connections 50]
 * [--warmup 6] [--customers 10000] [--warm-set 200] [--rounds 1]
 * [--contenders ours,ours-cached,baseline,limit] [--reps 200]`
 * (env BENCH_CPU_PROF=DIR: contenders write CPU profiles there): issue 7's benchmark.
 * One process runs every subgraph (seeded), one process per contender (ours with
 * CACHE=off, ours-cached with CACHE=memory, vanilla Apollo baseline, the limit),
 * autocannon here. Prints Markdown tables, writes bench/results/bench-<date>-<engine>.json
 * and bench-latest.svg (`--smoke`: 2 s per workload, 10 connections, 500 customers,
 * warm set 50, bench-<date>-<engine>-smoke.json, bench-smoke.svg).
 */
interface Options {
  smoke: boolean;
  workloads: Workload[];
  contenders: ContenderName[];
  durationSec: number;
  warmupSec: number;
  connections: number;
  customers: number;
  warmSet: number;
  /** Each contender is measured this many times per workload, in turns; the median round is reported. */
  rounds: number;
  /** Distinct care reps the rep workloads rotate over (1: the single-caller figure). */
  reps: number;
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
      'warm-set': { type: 'string' },
      rounds: { type: 'string' },
      reps: { type: 'string' },
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
        MEASURED_ELSEWHERE[id]
          ? `workload (${id}) is measured by its own command: ${MEASURED_ELSEWHERE[id]}`
          : `unknown workload ${id}; known: ${Object.keys(WORKLOADS).join(', ')}`,
      );
    }
    return workload;
  });
  const contenders = (values.contenders ?? CONTENDER_NAMES.join(','))
    .split(',')
    .map((s) => s.trim());
  for (const c of contenders) {
    if (!(CONTENDER_NAMES as readonly string[]).includes(c)) {
      throw new Error(`unknown contender ${c}; known: ${CONTENDER_NAMES.join(', ')}`);
    }
  }
  return {
    smoke,
    workloads,
    // Only those measured on a selected workload are started.
    contenders: CONTENDER_NAMES.filter(
      (c) => contenders.includes(c) && workloads.some((w) => measuredOn(c, w)),
    ),
    durationSec: number(values.duration, smoke ? 2 : 10, 'duration'),
    // 6 s: dumping every (a) request's start and latency, the requests begun in the first
    // second after a 3 s warm-up took 1.6× the later median for ours (1.25× for the
    // baseline) and made both p99s: processes still settling after the load began.
    warmupSec: number(values.warmup, smoke ? 1 : 6, 'warmup'),
    connections: number(values.connections, smoke ? 10 : 50, 'connections'),
    customers: number(
      values.customers ?? process.env.SEED_CUSTOMERS,
      smoke ? 500 : 10_000,
      'customers',
    ),
    warmSet: number(values['warm-set'], smoke ? 50 : WARM_SET, 'warm-set'),
    rounds: number(values.rounds, 1, 'rounds'),
    reps: number(values.reps, DEFAULT_REPS, 'reps'),
  };
}

/** How each workload's rotation looks, for the report. */
function rotations(opts: Options, generated: (w: Workload) => number): Record<string, string> {
  return Object.fromEntries(
    opts.workloads.map((w) => {
      const g = generated(w);
      const who =
        w.caller === 'customer'
          ? ', each request as that customer (own token)'
          : w.caller === 'reps'
            ? opts.reps === 1
              ? ', every request as one rep (single caller)'
              : `, request n as rep n mod ${opts.reps} (${opts.reps} distinct rep tokens, one authorization class)`
            : ', every request as the one bench agent';
      if (w.rotation) return [w.id, w.rotation(g)];
      return [
        w.id,
        w.caches === 'warm'
          ? `the first ${g} generated customers + 4 personas (${rotationSize(g)})${who}: each read once (warm pass), then the ${opts.warmupSec} s warm-up and the measurement over the same set`
          : `all ${g} generated customers + 4 personas (${rotationSize(g)})${who}; the warm-up starts mid-rotation, so the measured customers are not the warmed ones`,
      ];
    }),
  );
}

/** What the bench needs to send the `n`-th request of a workload to a contender. */
interface Traffic {
  generated(workload: Workload): number;
  request(contender: RunningContender, workload: Workload, n: number): LoadRequest;
  settle(): Promise<void>;
  /** The subgraph process, whose CPU each measurement also reads. */
  subgraphsPid: number | undefined;
  /** Whether the subgraphs use the PostgreSQL server (whose CPU is then read too). */
  postgres: boolean;
}

/** Generated customers in a workload's rotation: every one, or the warm set. */
function generatedIn(opts: Options): (workload: Workload) => number {
  return (w) => (w.caches === 'warm' ? Math.min(opts.warmSet, opts.customers) : opts.customers);
}

function traffic(
  generated: (workload: Workload) => number,
  tokenFor: TokenFor,
  subgraphsPid: number | undefined,
  postgres: boolean,
): Traffic {
  return {
    generated,
    request: (contender, workload, n) => ({
      body: JSON.stringify({
        query: workload.query,
        operationName: workload.operationName,
        variables: workload.variables(n, generated(workload)),
      }),
      headers: {
        'content-type': 'application/json',
        // baseline and limit have no authentication.
        ...(contender.name.startsWith('ours')
          ? { authorization: `Bearer ${tokenFor(workload, n)}` }
          : {}),
      },
    }),
    settle: async () => {
      if (subgraphsPid !== undefined) await quiesce(subgraphsPid);
    },
    subgraphsPid,
    postgres,
  };
}

/** `opts.warmupSec` of the workload's load on `contender`, measured nowhere. */
async function warmUpLap(
  contender: RunningContender,
  workload: Workload,
  opts: Options,
  t: Traffic,
): Promise<void> {
  await t.settle();
  const lap = await runLoad({
    url: contender.endpoint,
    connections: opts.connections,
    durationSec: opts.warmupSec,
    request: (n) => t.request(contender, workload, n),
  });
  warnFailures(lap, `(${workload.id}) ${contender.name}`, 'the warm-up lap');
}

/** Says on stderr how many of an unmeasured run's requests failed, if any did. */
function warnFailures(run: LoadResult, who: string, what: string): void {
  const failed = run.non2xx + run.graphqlErrors + run.socketErrors;
  if (failed > 0) console.warn(`  ${who}: ${failed} of ${what} failed`);
}

/** Warm-up (for a warm-cache workload: a pass over the whole rotation first), then the measurement. */
async function measure(
  contender: RunningContender,
  workload: Workload,
  opts: Options,
  t: Traffic,
): Promise<Measurement> {
  const load = { url: contender.endpoint, connections: opts.connections };
  const size = rotationSize(t.generated(workload));
  // Uncached: the warm-up starts elsewhere in the rotation, so the measured customers are
  // not the warmed ones. Warm: every customer of the set is read once, then warmed again.
  const offset = workload.caches === 'warm' ? 0 : Math.floor(opts.customers / 2);
  await t.settle();
  if (workload.caches === 'warm') {
    const pass = await runLoad({
      ...load,
      connections: Math.min(opts.connections, size),
      amount: size,
      request: (n) => t.request(contender, workload, n),
    });
    warnFailures(pass, `(${workload.id}) ${contender.name}`, 'the warm pass');
  }
  // One run: the warm-up, then the measured window over the same connections, so the
  // window sees the steady state. Separate runs (settling in between) measured 50 new
  // connections all starting at once each time: that first wave alone made the p99.
  let rss: { stop(): number | null } | undefined;
  let cpu: ReturnType<typeof cpuMeter> | undefined;
  let postgresBefore: number | null = null;
  const loaded = await runLoad({
    ...load,
    warmupSec: opts.warmupSec,
    durationSec: opts.durationSec,
    request: (n) => t.request(contender, workload, n + offset),
    onWindowOpen: () => {
      rss = sampleRss(contender.pid);
      cpu = cpuMeter([contender.pid, t.subgraphsPid]);
      postgresBefore = t.postgres ? postgresCpuSeconds() : null;
    },
  });
  // The work the load left behind (events still being consumed: view log, timeline) is
  // billed to it: CPU is read once the subgraphs are idle again, and the rate counts that
  // time too, so a contender cannot look faster by leaving a backlog. Requests still in
  // flight when the load stopped are finished first (the contender busy): their time is
  // not a backlog, only what the subgraphs do after that is.
  let drainMs = 0;
  if (t.subgraphsPid !== undefined) {
    await busyFor(contender.pid);
    drainMs = (await busyFor(t.subgraphsPid)) ?? 0;
  }
  const drainSec = drainMs / 1000;
  const result = {
    ...loaded,
    okPerSec: (loaded.okPerSec * opts.durationSec) / (opts.durationSec + drainSec),
    requestsPerSec: (loaded.requestsPerSec * opts.durationSec) / (opts.durationSec + drainSec),
    loadOkPerSec: loaded.okPerSec,
    drainMs,
  };
  const [contenderCpu, subgraphsCpu] = cpu!.perRequest(result.requests);
  const postgresAfter = postgresBefore === null ? null : postgresCpuSeconds();
  const postgresCpu =
    postgresBefore === null || postgresAfter === null || result.requests === 0
      ? null
      : ((postgresAfter - postgresBefore) * 1000) / result.requests;
  return {
    workload: workload.id,
    contender: contender.name,
    ...result,
    peakRssMb: rss!.stop(),
    cpuMsPerRequest: {
      contender: contenderCpu ?? null,
      subgraphs: subgraphsCpu ?? null,
      postgres: postgresCpu,
    },
  };
}

/**
 * The round with the median successful requests/s, carrying every round's figure
 * (`okPerSecRounds`) so the spread stays visible.
 */
function medianRound(rounds: Measurement[]): Measurement {
  const sorted = [...rounds].sort((a, b) => a.okPerSec - b.okPerSec);
  const median = sorted[Math.floor((sorted.length - 1) / 2)]!;
  return rounds.length > 1 ? { ...median, okPerSecRounds: rounds.map((r) => r.okPerSec) } : median;
}

/**
 * Workload (d) at the support subgraph itself, the issue's target (p99 ≤ 10 ms): the
 * long history's newest page and a page half-way back, requests one after another, sent
 * from a fresh client process. The target reads the subgraph's own clock (`Server-Timing`);
 * the client's figures add its own pauses and the hop, and are reported beside it.
 */
async function measureTimelineAtSubgraph(
  url: string,
  secret: string,
  smoke: boolean,
): Promise<NonNullable<BenchReport['timelineAtSubgraph']>> {
  const [iterations, warmup] = smoke ? [100, 20] : [1000, 200];
  const representations = [{ __typename: 'Customer', id: BIG_TIMELINE_CUSTOMER }];
  const job = { url, secret, caller: BENCH_AGENT, iterations, warmup };
  const firstPage = await timelineLatencyInChild({ ...job, variables: { representations } });
  const deepPage = await timelineLatencyInChild({
    ...job,
    variables: {
      representations,
      after: timelineCursor(BIG_TIMELINE_CUSTOMER, Math.floor(BIG_TIMELINE_ENTRIES / 2)),
    },
  });
  const figures = { entries: BIG_TIMELINE_ENTRIES, iterations, firstPage, deepPage };
  console.log(`  ${timelineLine(figures).slice(2)}`);
  return figures;
}

function printMeasurement(m: Measurement, label?: string): void {
  const { hit, revalidated, partial, miss } = m.cache;
  const cache =
    hit + revalidated + partial + miss > 0
      ? `  x-cache ${hit}/${revalidated}/${partial}/${miss}`
      : '';
  const drained =
    m.drainMs && m.loadOkPerSec !== undefined
      ? ` [${m.loadOkPerSec.toFixed(1)} during the load, backlog ${(m.drainMs / 1000).toFixed(1)} s after]`
      : '';
  console.log(
    `  (${m.workload})${label ? ` ${label}` : ''} ${m.contender.padEnd(11)} ${m.okPerSec.toFixed(1)} ok req/s${drained} (${m.requestsPerSec.toFixed(1)} answered)  p50 ${m.p50Ms} ms  p99 ${m.p99Ms} ms  max ${m.maxMs} ms  errors ${m.non2xx}/${m.graphqlErrors}/${m.socketErrors}  RSS ${m.peakRssMb?.toFixed(0) ?? '–'} MB  CPU ms/req ${m.cpuMsPerRequest.contender?.toFixed(2) ?? '–'} + subgraphs ${m.cpuMsPerRequest.subgraphs?.toFixed(2) ?? '–'}${m.cpuMsPerRequest.postgres == null ? '' : ` + PostgreSQL ${m.cpuMsPerRequest.postgres.toFixed(2)}`}${cache}`,
  );
}

/** What one phase (the domain's workloads, or g's) measured. */
interface PhaseResult {
  answers: Record<string, string>;
  measurements: Measurement[];
}

/**
 * Starts the contenders measured on `workloads` (against the subgraphs `env` routes
 * to), checks their answers agree, measures each workload in turns, and stops them.
 */
async function runPhase(
  workloads: Workload[],
  opts: Options,
  env: NodeJS.ProcessEnv,
  manifestFile: string,
  work: string,
  t: Traffic,
): Promise<PhaseResult> {
  const running: RunningContender[] = [];
  try {
    const specs = contenderSpecs(env, manifestFile);
    const names = opts.contenders.filter((c) => workloads.some((w) => measuredOn(c, w)));
    for (const name of names) running.push(await startContender(specs[name], work));
    for (const c of running) {
      const workload = workloads.find((w) => measuredOn(c.name, w))!;
      const { body, headers } = t.request(c, workload, 0);
      await waitUntilAnswering(c, body, headers);
    }
    console.log(
      `bench: contenders up (${running.map((c) => `${c.name} pid ${c.pid}`).join(', ')})`,
    );
    const answers = await compareAnswers(running, workloads, t);
    const measurements: Measurement[] = [];
    for (const workload of workloads) {
      const contenders = running.filter((c) => measuredOn(c.name, workload));
      const rounds = new Map<RunningContender, Measurement[]>(contenders.map((c) => [c, []]));
      // One unmeasured lap each first: the subgraph process (JIT) and PostgreSQL (buffers)
      // are shared, and whoever went first used to warm them for the others. Dumping every
      // (a) request, ours' round 1 (measured first) ran 10-25% slower second by second
      // until its window's end; its later rounds did not.
      for (const contender of contenders) await warmUpLap(contender, workload, opts, t);
      // In turns (ours, baseline, limit, ours, …), so a noisy minute hits every contender.
      for (let round = 0; round < opts.rounds; round++) {
        for (const contender of contenders) {
          const m = await measure(contender, workload, opts, t);
          rounds.get(contender)!.push(m);
          if (opts.rounds > 1) printMeasurement(m, `round ${round + 1}`);
        }
      }
      for (const contender of contenders) {
        const m = medianRound(rounds.get(contender)!);
        measurements.push(m);
        printMeasurement(m, opts.rounds > 1 ? 'median' : undefined);
      }
    }
    return { answers, measurements };
  } finally {
    await Promise.all(running.map((c) => c.stop()));
  }
}

/** Workload (g): its own in-memory subgraphs and supergraph, then the phase. */
async function runOverheadPhase(
  workloads: Workload[],
  opts: Options,
  secrets: { hmac: string; jwt: string },
  manifestFile: string,
  work: string,
): Promise<PhaseResult> {
  console.log('bench: (g) starting the in-memory subgraphs…');
  const subgraphs = await startOverheadSubgraphs(work);
  try {
    const env = {
      ...benchEnv(subgraphs.urls, secrets.hmac, secrets.jwt, subgraphs.supergraphFile),
      // Its lists carry no @listSize: the default assumption prices the heavy query at
      // ~24,000, over the default limit of 5,000. The estimate is still computed.
      MAX_COST: '1000000',
    };
    const generated = generatedIn(opts);
    const tokenFor = await benchTokens(secrets.jwt, workloads, generated, opts.reps);
    const t = traffic(generated, tokenFor, subgraphs.pid, false);
    return await runPhase(workloads, opts, env, manifestFile, work, t);
  } finally {
    await subgraphs.stop();
  }
}

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
  const domain = opts.workloads.filter((w) => !w.overhead);
  const overhead = opts.workloads.filter((w) => w.overhead);
  const answers: Record<string, string> = {};
  const measurements: Measurement[] = [];
  let engine = 'in-memory';
  let seedMs = 0;
  let historyMs = 0;
  let timelineAtSubgraph: BenchReport['timelineAtSubgraph'];
  try {
    if (domain.length > 0) {
      console.log(`bench: seeding ${opts.customers} customers and starting the subgraphs…`);
      const longHistory = domain.some((w) => w.id === 'd');
      const subgraphs = await startSubgraphs(
        opts.customers,
        hmacSecret,
        longHistory
          ? { customer: BIG_TIMELINE_CUSTOMER, entries: BIG_TIMELINE_ENTRIES }
          : undefined,
      );
      try {
        ({ engine, seedMs, historyMs } = subgraphs);
        console.log(
          `bench: subgraphs up on ${subgraphs.engine} in ${(subgraphs.seedMs / 1000).toFixed(1)} s, seeded history consumed in ${(subgraphs.historyMs / 1000).toFixed(1)} s more`,
        );
        const env = benchEnv(subgraphs.urls, hmacSecret, jwtSecret);
        const generated = generatedIn(opts);
        const tokenFor = await benchTokens(jwtSecret, domain, generated, opts.reps);
        const t = traffic(generated, tokenFor, subgraphs.pid, subgraphs.engine === 'postgres');
        const phase = await runPhase(domain, opts, env, manifestFile, work, t);
        Object.assign(answers, phase.answers);
        measurements.push(...phase.measurements);
        // After the other workloads' events (notes of e) are consumed.
        if (longHistory) await t.settle();
        timelineAtSubgraph = longHistory
          ? await measureTimelineAtSubgraph(subgraphs.urls.support!, hmacSecret, opts.smoke)
          : undefined;
      } finally {
        await subgraphs.stop();
      }
    }
    if (overhead.length > 0) {
      const phase = await runOverheadPhase(
        overhead,
        opts,
        { hmac: hmacSecret, jwt: jwtSecret },
        manifestFile,
        work,
      );
      Object.assign(answers, phase.answers);
      measurements.push(...phase.measurements);
    }
    const generated = generatedIn(opts);
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
      engine,
      seedMs,
      historyMs,
      customers: opts.customers,
      connections: opts.connections,
      durationSec: opts.durationSec,
      warmupSec: opts.warmupSec,
      warmSet: Math.min(opts.warmSet, opts.customers),
      workloads: Object.fromEntries(opts.workloads.map((w) => [w.id, w.name])),
      rotations: rotations(opts, generated),
      rounds: opts.rounds,
      reps: opts.reps,
      measuredElsewhere: { ...MEASURED_ELSEWHERE },
      ...(timelineAtSubgraph ? { timelineAtSubgraph } : {}),
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
    rmSync(work, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
