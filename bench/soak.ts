import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildTrustedDocumentManifest } from '../gateway/src/limits/trustedDocumentManifest';
import { signBenchToken } from './benchTokens';
import { benchEnv, contenderSpecs } from './contenderSpecs';
import { ROOT, startContender, waitUntilAnswering } from './contenders';
import { runLoad } from './runLoad';
import { startSubgraphs } from './startSubgraphs';
import { rotationSize, WORKLOADS } from './workloads';

/**
 * The memory soak of issue 7: `npm run bench:soak [-- --minutes 5] [--warmup-seconds 30]
 * [--smoke]` runs our
 * gateway (production settings, in-memory caches on) under the rep's `CustomerContext`
 * over every generated customer — so cache entries are written, hit and evicted all the
 * time — and samples its resident set and V8 heap from `/metrics` every slice. The
 * warm-up is one pass over the rotation (caches, plans, pools at their working size)
 * and then `--warmup-seconds` at the soak's own load (the process's full-speed working
 * set: with entity batching it holds more in flight than during the pass). A leak shows
 * as growth from the first sample after warm-up to the last, and as a steady RSS trend
 * (least-squares MB per minute over every sample). Writes
 * bench/results/soak-<date>-<engine>[-smoke].json; exits 1 when RSS grew more than 10%.
 */

interface Sample {
  atSec: number;
  rssMb: number;
  heapUsedMb: number;
  okPerSec: number;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      smoke: { type: 'boolean', default: false },
      minutes: { type: 'string' },
      customers: { type: 'string' },
      connections: { type: 'string' },
      'warmup-seconds': { type: 'string' },
    },
  });
  const smoke = values.smoke ?? false;
  const minutes = Number(values.minutes ?? (smoke ? '0.25' : '5'));
  const customers = Number(values.customers ?? (smoke ? '200' : '2000'));
  const connections = Number(values.connections ?? (smoke ? '5' : '20'));
  const warmupSeconds = Number(values['warmup-seconds'] ?? (smoke ? '2' : '30'));
  if (!(minutes > 0) || !(customers > 0) || !(connections > 0) || !(warmupSeconds >= 0)) {
    throw new Error(
      '--minutes, --customers and --connections must be positive numbers, --warmup-seconds not negative',
    );
  }
  const workload = WORKLOADS['b']!;
  const hmacSecret = randomBytes(32).toString('base64url');
  const jwtSecret = randomBytes(48).toString('base64url');
  const work = mkdtempSync(join(tmpdir(), 'cc-bench-soak-'));
  const manifestFile = join(work, 'trusted-documents.json');
  writeFileSync(manifestFile, JSON.stringify(buildTrustedDocumentManifest([workload.query])));

  console.log(`bench:soak seeding ${customers} customers and starting the subgraphs…`);
  const subgraphs = await startSubgraphs(customers, hmacSecret);
  let gateway: Awaited<ReturnType<typeof startContender>> | null = null;
  try {
    // ours-cached exactly as `npm run bench` runs it: one process, CACHE=memory, no Redis.
    const env = benchEnv(subgraphs.urls, hmacSecret, jwtSecret);
    gateway = await startContender(contenderSpecs(env, manifestFile)['ours-cached'], work);
    const token = await signBenchToken(jwtSecret);
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
    const body = (n: number): string =>
      JSON.stringify({
        query: workload.query,
        operationName: workload.operationName,
        variables: workload.variables(n, customers),
      });
    await waitUntilAnswering(gateway, body(0), headers);
    const metricsUrl = gateway.endpoint.replace(/\/graphql$/, '/metrics');
    const sample = async (atSec: number, okPerSec: number): Promise<Sample> => {
      const text = await (await fetch(metricsUrl)).text();
      const value = (name: string): number =>
        Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN) / 2 ** 20;
      return {
        atSec,
        rssMb: value('process_resident_memory_bytes'),
        heapUsedMb: value('nodejs_heap_size_used_bytes'),
        okPerSec,
      };
    };

    let n = 0;
    const slice = async (seconds: number) => {
      const start = n;
      const result = await runLoad({
        url: gateway!.endpoint,
        connections,
        durationSec: seconds,
        request: () => ({ body: body(n++), headers }),
      });
      if (result.non2xx + result.graphqlErrors + result.socketErrors > 0) {
        throw new Error(`errors under load: ${JSON.stringify(result)}`);
      }
      return { okPerSec: result.okPerSec, requests: n - start };
    };

    // Warm-up: one full pass over the rotation, so plans, pools and the caches are at
    // their working size before the first sample; growth after that is what a leak shows.
    const pass = rotationSize(customers);
    const warm = await runLoad({
      url: gateway.endpoint,
      connections,
      amount: pass,
      request: () => ({ body: body(n++), headers }),
    });
    console.log(`  warm-up: one pass over ${pass} customers, ${warm.okPerSec.toFixed(1)} ok req/s`);
    if (warmupSeconds > 0) {
      const atLoad = await slice(warmupSeconds);
      console.log(`  warm-up: ${warmupSeconds} s at load, ${atLoad.okPerSec.toFixed(1)} ok req/s`);
    }
    const started = Date.now();
    const samples: Sample[] = [await sample(0, 0)];
    const total = minutes * 60;
    const sliceSec = smoke ? 5 : 30;
    while ((Date.now() - started) / 1000 < total) {
      const left = total - (Date.now() - started) / 1000;
      const { okPerSec } = await slice(Math.max(1, Math.min(sliceSec, Math.round(left))));
      const s = await sample(Math.round((Date.now() - started) / 1000), okPerSec);
      samples.push(s);
      console.log(
        `  t=${s.atSec}s ${okPerSec.toFixed(1)} ok req/s  RSS ${s.rssMb.toFixed(0)} MB  heap used ${s.heapUsedMb.toFixed(0)} MB`,
      );
    }
    const first = samples[0]!;
    const last = samples.at(-1)!;
    const growth = (a: number, b: number): number => (b - a) / a;
    const report = {
      at: new Date().toISOString(),
      smoke,
      machine: {
        cpus: cpus().length,
        cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
        memGb: Math.round(totalmem() / 2 ** 30),
        node: process.version,
      },
      engine: subgraphs.engine,
      workload: `${workload.operationName} over ${customers} customers, caches on (CACHE=memory)`,
      minutes,
      connections,
      requests: n,
      samples,
      rssGrowth: growth(first.rssMb, last.rssMb),
      heapGrowth: growth(first.heapUsedMb, last.heapUsedMb),
      rssTrendMbPerMinute: trendPerMinute(samples, (s) => s.rssMb),
      heapTrendMbPerMinute: trendPerMinute(samples, (s) => s.heapUsedMb),
      warmupSeconds,
      peakRssMb: Math.max(...samples.map((s) => s.rssMb)),
    };
    console.log(`
| minutes | requests | RSS start → end MB | growth | RSS trend MB/min | heap used start → end MB | growth | heap trend MB/min | peak RSS MB |
|---:|---:|---:|---:|---:|---:|---:|---:|---:|
| ${minutes} | ${n} | ${first.rssMb.toFixed(0)} → ${last.rssMb.toFixed(0)} | ${(report.rssGrowth * 100).toFixed(1)}% | ${report.rssTrendMbPerMinute.toFixed(2)} | ${first.heapUsedMb.toFixed(0)} → ${last.heapUsedMb.toFixed(0)} | ${(report.heapGrowth * 100).toFixed(1)}% | ${report.heapTrendMbPerMinute.toFixed(2)} | ${report.peakRssMb.toFixed(0)} |
`);
    const dir = join(__dirname, 'results');
    mkdirSync(dir, { recursive: true });
    const file = join(
      dir,
      `soak-${report.at.slice(0, 10)}-${subgraphs.engine}${smoke ? '-smoke' : ''}.json`,
    );
    writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
    console.log(`bench:soak wrote ${file.replace(`${ROOT}/`, '')}`);
    if (!smoke && report.rssGrowth > 0.1) process.exitCode = 1;
  } finally {
    await gateway?.stop();
    await subgraphs.stop();
  }
}

/** Least-squares slope of `value` over the samples' times, per minute (0 with one sample). */
function trendPerMinute(samples: readonly Sample[], value: (s: Sample) => number): number {
  if (samples.length < 2) return 0;
  const xs = samples.map((s) => s.atSec / 60);
  const ys = samples.map(value);
  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  const [mx, my] = [mean(xs), mean(ys)];
  const sxx = xs.reduce((a, x) => a + (x - mx) ** 2, 0);
  const sxy = xs.reduce((a, x, i) => a + (x - mx) * (ys[i]! - my), 0);
  return sxx === 0 ? 0 : sxy / sxx;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
