import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { buildTrustedDocumentManifest } from '../gateway/src/limits/trustedDocumentManifest';
import { generatedCustomerId } from '../subgraphs/shared/seedIds';
import { BENCH_AGENT } from './benchAgent';
import { signBenchToken } from './benchTokens';
import { benchEnv, contenderSpecs } from './contenderSpecs';
import { ROOT, sampleRss, startContender, waitUntilAnswering } from './contenders';
import { startSubgraphs } from './startSubgraphs';

/**
 * Workload (f) of issue 7: many reps following live customer contexts while changes
 * arrive. `npm run bench:live [-- --smoke] [--subscribers 1000] [--watched 100]
 * [--events 30] [--interval-ms 1000]` starts the subgraphs and our gateway (production
 * settings, trusted documents required, in-memory caches), opens `subscribers`
 * WebSocket connections (graphql-ws), each following one of `watched` customers with
 * `LiveLanguage`, then changes one watched customer's language every `interval-ms`
 * through the gateway (`updatePreferences`, as a rep's tool would) and measures, for
 * every subscriber of that customer, the time from the change being sent to the new
 * value arriving. A subscriber that closes, errors, or misses a change it should have
 * seen counts as dropped. Writes bench/results/live-<date>-<engine>[-smoke].json.
 */

const LIVE = /* GraphQL */ `
  subscription LiveLanguage($id: ID!) {
    customerContext(id: $id) {
      id
      preferences {
        language
      }
    }
  }
`;

const CHANGE = /* GraphQL */ `
  mutation ChangeLanguage($input: UpdatePreferencesInput!) {
    updatePreferences(input: $input) {
      id
      preferences {
        language
      }
    }
  }
`;

interface Options {
  smoke: boolean;
  subscribers: number;
  watched: number;
  events: number;
  intervalMs: number;
  customers: number;
}

function options(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      smoke: { type: 'boolean', default: false },
      subscribers: { type: 'string' },
      watched: { type: 'string' },
      events: { type: 'string' },
      'interval-ms': { type: 'string' },
      customers: { type: 'string' },
    },
  });
  const smoke = values.smoke ?? false;
  const int = (raw: string | undefined, fallback: number, name: string): number => {
    const value = raw === undefined ? fallback : Number(raw);
    if (!Number.isInteger(value) || value < 1)
      throw new Error(`--${name} must be a positive integer`);
    return value;
  };
  const opts = {
    smoke,
    subscribers: int(values.subscribers, smoke ? 100 : 1000, 'subscribers'),
    watched: int(values.watched, smoke ? 10 : 100, 'watched'),
    events: int(values.events, smoke ? 5 : 30, 'events'),
    intervalMs: int(values['interval-ms'], 1000, 'interval-ms'),
    customers: int(values.customers, smoke ? 200 : 1000, 'customers'),
  };
  if (opts.watched > opts.customers) throw new Error('--watched cannot exceed --customers');
  return opts;
}

/** One subscriber: its customer, and when each language value first arrived. */
interface Subscriber {
  customerId: string;
  client: Client;
  arrivals: Map<string, number>;
  ended: string | null;
}

async function main(): Promise<void> {
  const opts = options(process.argv.slice(2));
  const started = Date.now();
  const hmacSecret = randomBytes(32).toString('base64url');
  const jwtSecret = randomBytes(48).toString('base64url');
  const work = mkdtempSync(join(tmpdir(), 'cc-bench-live-'));
  const manifestFile = join(work, 'trusted-documents.json');
  writeFileSync(manifestFile, JSON.stringify(buildTrustedDocumentManifest([LIVE, CHANGE])));

  console.log(`bench:live seeding ${opts.customers} customers and starting the subgraphs…`);
  const subgraphs = await startSubgraphs(opts.customers, hmacSecret);
  const subscribers: Subscriber[] = [];
  let gateway: Awaited<ReturnType<typeof startContender>> | null = null;
  try {
    // ours-cached exactly as `npm run bench` runs it: one process, CACHE=memory, no Redis.
    const env = benchEnv(subgraphs.urls, hmacSecret, jwtSecret);
    gateway = await startContender(contenderSpecs(env, manifestFile)['ours-cached'], work);
    const token = await signBenchToken(jwtSecret);
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
    const watched = Array.from({ length: opts.watched }, (_, i) => generatedCustomerId(i + 1));
    await waitUntilAnswering(
      gateway,
      JSON.stringify({
        query: CHANGE,
        variables: { input: { customerId: watched[0], language: 'en-US', actor: BENCH_AGENT.sub } },
      }),
      headers,
    );
    const rss = sampleRss(gateway.pid);
    const wsUrl = gateway.endpoint.replace(/^http/, 'ws');

    // Connect in batches so the first results do not all queue at once.
    const connectStarted = Date.now();
    for (let i = 0; i < opts.subscribers; i += 50) {
      const batch = Array.from({ length: Math.min(50, opts.subscribers - i) }, (_, k) =>
        subscribe(wsUrl, token, watched[(i + k) % watched.length]!),
      );
      subscribers.push(...(await Promise.all(batch)));
    }
    const connectMs = Date.now() - connectStarted;
    console.log(
      `bench:live ${subscribers.length} subscribers have their first result (${connectMs} ms)`,
    );

    // One change per interval, each to the next watched customer.
    const changes: { customerId: string; language: string; sentAt: number; ackMs: number }[] = [];
    for (let e = 0; e < opts.events; e++) {
      const customerId = watched[e % watched.length]!;
      const language = `en-x-b${e}${Date.now().toString(36).slice(-4)}`;
      const sentAt = Date.now();
      const response = await fetch(gateway.endpoint, {
        method: 'POST',
        headers,
        body: JSON.stringify({
          query: CHANGE,
          variables: { input: { customerId, language, actor: BENCH_AGENT.sub } },
        }),
      });
      const body = (await response.json()) as { errors?: unknown[] };
      if (body.errors) throw new Error(`change ${e} failed: ${JSON.stringify(body.errors)}`);
      changes.push({
        customerId,
        language: language.toLowerCase(),
        sentAt,
        ackMs: Date.now() - sentAt,
      });
      const next = sentAt + opts.intervalMs;
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, next - Date.now())));
    }
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const peakRssMb = rss.stop();

    const latencies: number[] = [];
    let missed = 0;
    for (const change of changes) {
      for (const s of subscribers.filter((x) => x.customerId === change.customerId)) {
        const arrived = [...s.arrivals].find(([value]) => value.toLowerCase() === change.language);
        if (arrived) latencies.push(arrived[1] - change.sentAt);
        else missed += 1;
      }
    }
    const dropped = subscribers.filter((s) => s.ended !== null).length;
    latencies.sort((x, y) => x - y);
    const pct = (p: number): number =>
      latencies.length
        ? latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]!
        : NaN;
    const result = {
      at: new Date().toISOString(),
      smoke: opts.smoke,
      machine: {
        cpus: cpus().length,
        cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
        memGb: Math.round(totalmem() / 2 ** 30),
        node: process.version,
      },
      engine: subgraphs.engine,
      options: opts,
      connectMs,
      deliveries: latencies.length,
      expectedDeliveries: latencies.length + missed,
      missedDeliveries: missed,
      droppedSubscribers: dropped,
      latencyMs: { p50: pct(50), p99: pct(99), max: latencies.at(-1) ?? NaN },
      meanAckMs: changes.reduce((sum, c) => sum + c.ackMs, 0) / Math.max(1, changes.length),
      peakRssMb,
    };
    console.log(`
| subscribers | watched customers | changes | deliveries | missed | dropped subscribers | change→client p50 ms | p99 ms | max ms | gateway peak RSS MB |
|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|
| ${opts.subscribers} | ${opts.watched} | ${opts.events} | ${result.deliveries} | ${missed} | ${dropped} | ${result.latencyMs.p50} | ${result.latencyMs.p99} | ${result.latencyMs.max} | ${peakRssMb?.toFixed(0) ?? '–'} |
`);
    const dir = join(__dirname, 'results');
    mkdirSync(dir, { recursive: true });
    const file = join(
      dir,
      `live-${result.at.slice(0, 10)}-${subgraphs.engine}${opts.smoke ? '-smoke' : ''}.json`,
    );
    writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
    console.log(
      `bench:live wrote ${file.replace(`${ROOT}/`, '')} in ${((Date.now() - started) / 1000).toFixed(0)} s`,
    );
    if (missed > 0 || dropped > 0) process.exitCode = 1;
  } finally {
    await Promise.all(
      subscribers.map(async (s) => {
        await s.client.dispose();
      }),
    );
    await gateway?.stop();
    await subgraphs.stop();
  }
}

/** Opens one graphql-ws connection following `customerId`; resolves on its first result. */
function subscribe(url: string, token: string, customerId: string): Promise<Subscriber> {
  return new Promise((resolve, reject) => {
    const client = createClient({
      url,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${token}` },
      retryAttempts: 0,
      lazy: false,
      onNonLazyError: () => undefined,
    });
    const subscriber: Subscriber = { customerId, client, arrivals: new Map(), ended: null };
    let first = true;
    client.subscribe(
      { query: LIVE, variables: { id: customerId } },
      {
        next(result) {
          const language = (
            result.data as { customerContext?: { preferences?: { language?: string } } } | undefined
          )?.customerContext?.preferences?.language;
          if (language && !subscriber.arrivals.has(language))
            subscriber.arrivals.set(language, Date.now());
          if (first) {
            first = false;
            if (result.errors) reject(new Error(JSON.stringify(result.errors)));
            else resolve(subscriber);
          }
        },
        error(error) {
          subscriber.ended = `error: ${String((error as { reason?: string }).reason ?? error)}`;
          if (first) reject(new Error(subscriber.ended));
        },
        complete() {
          subscriber.ended = 'completed';
        },
      },
    );
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
