import { Resvg } from '@resvg/resvg-js';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONTENDER_NAMES, type ContenderName } from './contenders';
import type { LoadResult } from './runLoad';

/** One contender's figures on one workload. */
export interface Measurement extends LoadResult {
  workload: string;
  contender: ContenderName;
  /** Peak VmRSS of the contender process while this workload was measured, MB. */
  peakRssMb: number | null;
  /**
   * CPU time (user + system, from /proc) per answered request over the measurement, ms:
   * of the contender process, of the subgraph process it called, and of every PostgreSQL
   * server process (on PostgreSQL only; the machine's other users of the server count
   * too, none during a bench). Unlike requests/s this barely moves with what else the
   * shared machine runs. null off Linux (and `postgres` on PGlite, or in older results).
   */
  cpuMsPerRequest: { contender: number | null; subgraphs: number | null; postgres?: number | null };
  /** With `--rounds` > 1: successful requests/s of every round, in order (this is the median one). */
  okPerSecRounds?: number[];
  /**
   * How long the subgraphs stayed busy after the load ended, finishing what it left
   * (events still being consumed), ms. `okPerSec` and `requestsPerSec` count this time
   * with the load's; `loadOkPerSec` is the rate over the load alone.
   */
  drainMs?: number;
  loadOkPerSec?: number;
}

/** Latency figures, ms. */
export interface Latency {
  p50: number;
  p99: number;
  max: number;
}

/** Everything a run writes to bench/results/bench-<date>-<engine>.json. */
export interface BenchReport {
  at: string;
  smoke: boolean;
  machine: { cpus: number; cpuModel: string; memGb: number; node: string; platform: string };
  engine: string;
  /** Migrations, seed and start of the subgraphs, ms. */
  seedMs: number;
  /** Then until the seeded history was relayed and consumed (measuring starts after), ms. */
  historyMs: number;
  customers: number;
  connections: number;
  durationSec: number;
  warmupSec: number;
  /** Generated customers the warm-cache workloads rotate over (plus the personas). */
  warmSet: number;
  workloads: Record<string, string>;
  /** Per workload: which customers it rotates over, as whom, and how it is warmed. */
  rotations: Record<string, string>;
  /** Rounds each contender was measured per workload (the median is reported). */
  rounds: number;
  /** Distinct care-rep tokens the rep workloads rotated over (1: single caller); absent in older results. */
  reps?: number;
  measuredElsewhere: Record<string, string>;
  /** Workload (d) at the support subgraph, requests in a row: the issue's target p99 ≤ 10 ms. */
  timelineAtSubgraph?: {
    entries: number;
    iterations: number;
    /** As the client saw it; `server`: by the subgraph's own clock (the target's reading). */
    firstPage: Latency & { server?: Latency };
    deepPage: Latency & { server?: Latency };
  };
  settings: Record<ContenderName, string>;
  /**
   * Per workload: whether baseline and limit answer what ours answers (persona + generated
   * customer); on warm-cache workloads also whether ours-cached's cached answer equals a fresh one.
   */
  answers: Record<string, string>;
  measurements: Measurement[];
}

const fmt = (n: number | null, digits = 1): string =>
  n === null || !Number.isFinite(n) ? '–' : n.toFixed(digits);
const ratio = (a: number | null | undefined, b: number | null | undefined): string =>
  a && b ? `${(a / b).toFixed(2)}×` : '–';

/** The contender that stands for "ours" on a workload: ours-cached where it was measured. */
function oursOn(report: BenchReport, workload: string): Measurement | undefined {
  const get = (c: ContenderName) =>
    report.measurements.find((m) => m.workload === workload && m.contender === c);
  return get('ours-cached') ?? get('ours');
}

function cacheOutcomes(m: Measurement): string {
  const { hit, revalidated = 0, partial, miss } = m.cache;
  return hit + revalidated + partial + miss === 0
    ? '–'
    : `${hit} / ${revalidated} / ${partial} / ${miss}`;
}

/** The Markdown tables: figures per workload and contender, then the ratios. */
export function markdownTables(report: BenchReport): string {
  const lines = [
    `CPU ms/request of a process equals its CPU-seconds per 1,000 requests.`,
    '',
    `| workload | contender | ok req/s | answered req/s | p50 ms | p99 ms | max ms | errors (non-2xx / GraphQL / socket) | x-cache hit / revalidated / partial / miss | peak RSS MB | CPU ms/request (contender / subgraphs / PostgreSQL) |`,
    '|---|---|---:|---:|---:|---:|---:|---|---|---:|---:|',
  ];
  for (const m of report.measurements) {
    lines.push(
      `| (${m.workload}) ${report.workloads[m.workload]} | ${m.contender} | ${fmt(m.okPerSec)} | ${fmt(m.requestsPerSec)} | ${fmt(m.p50Ms)} | ${fmt(m.p99Ms)} | ${fmt(m.maxMs)} | ${m.non2xx} / ${m.graphqlErrors} / ${m.socketErrors} | ${cacheOutcomes(m)} | ${fmt(m.peakRssMb, 0)} | ${fmt(m.cpuMsPerRequest.contender, 2)} / ${fmt(m.cpuMsPerRequest.subgraphs, 2)} / ${fmt(m.cpuMsPerRequest.postgres ?? null, 2)} |`,
    );
  }
  for (const [id, name] of Object.entries(report.measuredElsewhere)) {
    lines.push(`| (${id}) ${name} | – | measured by its own command | | | | | | | | |`);
  }
  lines.push(
    '',
    '| workload | ours is | ours/baseline ok req/s | ours/baseline p99 | ours/baseline peak RSS | ours/baseline gateway CPU per request | ours/limit ok req/s | ours/limit p50 | ours/limit p99 |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|',
  );
  for (const workload of Object.keys(report.workloads)) {
    const get = (c: ContenderName) =>
      report.measurements.find((m) => m.workload === workload && m.contender === c);
    const [baseline, limit] = [get('baseline'), get('limit')];
    const ours = [oursOn(report, workload), get('ours-no-dedupe')];
    for (const m of ours) {
      if (!m) continue;
      lines.push(
        `| (${workload}) | ${m.contender} | ${ratio(m.okPerSec, baseline?.okPerSec)} | ${ratio(m.p99Ms, baseline?.p99Ms)} | ${ratio(m.peakRssMb, baseline?.peakRssMb)} | ${ratio(m.cpuMsPerRequest.contender, baseline?.cpuMsPerRequest.contender)} | ${ratio(m.okPerSec, limit?.okPerSec)} | ${ratio(m.p50Ms, limit?.p50Ms)} | ${ratio(m.p99Ms, limit?.p99Ms)} |`,
      );
    }
  }
  lines.push('');
  const timeline = report.timelineAtSubgraph;
  if (timeline) lines.push(timelineLine(timeline));
  const backlogs = report.measurements.filter((m) => (m.drainMs ?? 0) > 0);
  lines.push(
    `- ok req/s counts the time the subgraphs took after the load to finish what it left (events still being consumed) as load time; CPU ms/request includes that work${backlogs.length ? `. Backlogs: ${backlogs.map((m) => `(${m.workload}) ${m.contender} ${fmt((m.drainMs ?? 0) / 1000, 1)} s (${fmt(m.loadOkPerSec ?? null)} ok req/s during the load)`).join(', ')}` : '; no run left a backlog'}.`,
  );
  if (report.rounds > 1) {
    lines.push(
      `- ${report.rounds} rounds per contender and workload, in turns; the median round is shown (every round's ok req/s is in the JSON).`,
    );
  }
  for (const [workload, rotation] of Object.entries(report.rotations)) {
    lines.push(
      `- (${workload}) rotation: ${rotation}; answers: ${report.answers[workload] ?? '–'}`,
    );
  }
  return lines.join('\n');
}

/**
 * The (d)-at-the-subgraph line: the target (p99 ≤ 10 ms) read on the subgraph's own clock
 * when the run has it (older runs only have the client's), the client's figures beside it.
 */
export function timelineLine(timeline: NonNullable<BenchReport['timelineAtSubgraph']>): string {
  const { firstPage, deepPage } = timeline;
  const ms = (l: Latency) => `p50 ${fmt(l.p50, 2)} ms, p99 ${fmt(l.p99, 2)} ms`;
  const target = (l: Latency & { server?: Latency }) => l.server ?? l;
  const met = Math.max(target(firstPage).p99, target(deepPage).p99) <= 10;
  const page = (l: Latency & { server?: Latency }) =>
    l.server ? `${ms(l.server)} (client ${ms(l)})` : ms(l);
  const clock = firstPage.server ? "by the subgraph's own clock (Server-Timing), " : '';
  return `- (d) at the support subgraph (${timeline.iterations} requests in a row, ${timeline.entries.toLocaleString('en-US')} entries), ${clock}newest page ${page(firstPage)}; a page half-way back ${page(deepPage)} — target p99 ≤ 10 ms ${met ? 'met' : 'MISSED'}`;
}

const COLORS: Record<ContenderName, string> = {
  ours: '#2b6cb0',
  'ours-no-dedupe': '#2c5282',
  'ours-cached': '#63b3ed',
  baseline: '#a0aec0',
  limit: '#38a169',
};

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The measurements of one workload, in contender order. */
function measuredIn(report: BenchReport, workload: string): Measurement[] {
  return CONTENDER_NAMES.flatMap(
    (c) => report.measurements.find((m) => m.workload === workload && m.contender === c) ?? [],
  );
}

/**
 * One panel of grouped bars (one group per workload, one bar per contender measured on
 * it). Each workload's bars are scaled to that workload's largest value, so a group of
 * 50 req/s reads as well as one of 2,000; the labels carry the figures.
 */
function panel(
  report: BenchReport,
  x0: number,
  title: string,
  value: (m: Measurement) => number,
): string {
  const width = 420;
  const height = 260;
  const top = 60;
  const workloads = Object.keys(report.workloads);
  const group = width / Math.max(1, workloads.length);
  const most = Math.max(1, ...workloads.map((w) => measuredIn(report, w).length));
  const bar = Math.min(40, (group - 20) / most);
  const parts = [
    `<text x="${x0 + width / 2}" y="40" text-anchor="middle" font-size="15" font-weight="bold">${escape(title)}</text>`,
    `<line x1="${x0}" y1="${top + height}" x2="${x0 + width}" y2="${top + height}" stroke="#333"/>`,
  ];
  workloads.forEach((workload, g) => {
    const bars = measuredIn(report, workload);
    const max = Math.max(1e-9, ...bars.map(value).filter(Number.isFinite));
    const gx = x0 + g * group + (group - bar * bars.length) / 2;
    bars.forEach((m, i) => {
      const v = value(m);
      const h = (v / max) * height;
      const x = gx + i * bar;
      parts.push(
        `<rect x="${x.toFixed(1)}" y="${(top + height - h).toFixed(1)}" width="${(bar - 4).toFixed(1)}" height="${h.toFixed(1)}" fill="${COLORS[m.contender]}"/>`,
        `<text x="${(x + (bar - 4) / 2).toFixed(1)}" y="${(top + height - h - 4).toFixed(1)}" text-anchor="middle" font-size="10">${fmt(v, v < 10 ? 1 : 0)}</text>`,
      );
    });
    parts.push(
      `<text x="${(x0 + g * group + group / 2).toFixed(1)}" y="${top + height + 18}" text-anchor="middle" font-size="12">(${escape(workload)})</text>`,
    );
  });
  return parts.join('\n');
}

/** A plain-text SVG bar chart: requests/s and p99 per workload and contender. */
export function svgChart(report: BenchReport): string {
  const shown = CONTENDER_NAMES.filter((c) => report.measurements.some((m) => m.contender === c));
  const legend = shown
    .map(
      (c, i) =>
        `<rect x="${40 + i * 110}" y="372" width="14" height="14" fill="${COLORS[c]}"/><text x="${60 + i * 110}" y="384" font-size="12">${c}</text>`,
    )
    .join('\n');
  const entries = Object.entries(report.workloads).map(([id, name]) => `(${id}) ${name}`);
  const half = Math.ceil(entries.length / 2);
  const names = [entries.slice(0, half).join(' · '), entries.slice(half).join(' · ')];
  const caption = `${report.smoke ? 'SMOKE — ' : ''}${report.customers} customers, ${report.engine}, ${report.connections} connections, ${report.durationSec} s each, ${report.machine.cpus} × ${report.machine.cpuModel}, Node ${report.machine.node}, ${report.at}`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="960" height="470" font-family="DejaVu Sans, Helvetica, Arial, sans-serif">
<rect width="960" height="470" fill="white"/>
${panel(report, 40, 'successful requests/s (higher is better)', (m) => m.okPerSec)}
${panel(report, 500, 'p99 latency, ms (lower is better)', (m) => m.p99Ms)}
${legend}
<text x="500" y="384" font-size="11" fill="#555">bars scaled per workload; labels are the figures</text>
<text x="40" y="408" font-size="11" fill="#333">${escape(names[0] ?? '')}</text>
<text x="40" y="424" font-size="11" fill="#333">${escape(names[1] ?? '')}</text>
<text x="40" y="446" font-size="10" fill="#555">${escape(caption)}</text>
</svg>
`;
}

/** Writes bench-<date>-<engine>[-smoke].json and the chart, as SVG and as PNG (resvg). */
export function writeResults(report: BenchReport, dir: string): string[] {
  mkdirSync(dir, { recursive: true });
  const suffix = report.smoke ? '-smoke' : '';
  const json = join(dir, `bench-${report.at.slice(0, 10)}-${report.engine}${suffix}.json`);
  writeFileSync(json, `${JSON.stringify(report, null, 2)}\n`);
  const svg = join(dir, `bench-${report.smoke ? 'smoke' : 'latest'}.svg`);
  writeFileSync(svg, svgChart(report));
  const png = svg.replace(/\.svg$/, '.png');
  const image = new Resvg(svgChart(report), {
    fitTo: { mode: 'width', value: 1440 },
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
  }).render();
  writeFileSync(png, image.asPng());
  return [json, svg, png];
}
