import { openBenchDatabase } from './benchDatabase';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLogger } from '../lib/logger';
import { randomBytes } from 'node:crypto';
import type { Claims } from '../lib/claims';
import { signRequest } from '../lib/signedClaims';
import { loadSubgraphConfig } from '../subgraphs/shared/config';
import { prepareDatabase, startSubgraph } from '../subgraphs/shared/startSubgraph';
import { supportSubgraph } from '../subgraphs/support/src';
import { fillTimeline } from './bigTimeline';
import { TIMELINE_ENTITY_QUERY, timelineLatency, type LatencyFigures } from './timelineAtSubgraph';

/**
 * Timeline page latency at the support subgraph, over HTTP, for a customer with
 * 100,000 entries beside a baseline customer with 100, in the same run. Target:
 * p99 ≤ 10 ms for a page by the subgraph's own clock (`Server-Timing`); the client's p99
 * is shown beside it. `npm run bench:timeline` (PostgreSQL when DATABASE_URL is set).
 */
const BIG = 'cus-bench-big';
const SMALL = 'cus-bench-small';
const ENTRIES = Number(process.env.BENCH_TIMELINE_ENTRIES ?? 100_000);
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 1000);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 300);

/** The subgraph accepts only claims signed with its key: the bench signs as a service. */
const SECRET = randomBytes(32).toString('base64url');
const BENCH_CALLER: Claims = { sub: 'bench', role: 'service', scopes: [] };

async function deepCursor(url: string, customer: string, pages: number): Promise<string> {
  let after: string | null = null;
  for (let i = 0; i < pages; i++) {
    const body = JSON.stringify({
      query: TIMELINE_ENTITY_QUERY,
      variables: { representations: [{ __typename: 'Customer', id: customer }], after },
    });
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...signRequest(BENCH_CALLER, SECRET, { subgraph: 'support', body }),
      },
      body,
    });
    const answer = (await response.json()) as {
      data: { _entities: { timeline: { edges: { cursor: string }[] } }[] };
    };
    after = answer.data._entities[0]!.timeline.edges.at(-1)!.cursor;
  }
  return after!;
}

async function main(): Promise<void> {
  const bench = await openBenchDatabase();
  const { db, engine } = bench;
  const logger = createLogger({ name: 'bench', level: 'warn' });
  try {
    await prepareDatabase(supportSubgraph, db, { seed: false, seedCustomers: 0 });
    const filling = Date.now();
    await fillTimeline(db, BIG, ENTRIES);
    await fillTimeline(db, SMALL, 100);
    console.log(
      `${engine}: ${ENTRIES} entries for ${BIG}, 100 for ${SMALL} in ${Date.now() - filling} ms`,
    );
    const config = loadSubgraphConfig('support', 0, {
      SUPPORT_PORT: '0',
      HOST: '127.0.0.1',
      SEED: 'false',
      SUBGRAPH_HMAC_SECRET: SECRET,
    });
    const running = await startSubgraph(supportSubgraph, { config, db, logger });
    const url = running.graphqlUrl;
    const since = new Date(Date.UTC(2020, 0, 1) + 60_000 * 40).toISOString();
    const scenarios: [string, (customer: string) => Promise<Record<string, unknown>>][] = [
      ['first page', async () => ({})],
      [
        'page 50 (cursor)',
        async (c) => ({ after: await deepCursor(url, c, Math.min(50, c === SMALL ? 4 : 50)) }),
      ],
      ['kind filter', async () => ({ filter: { kinds: ['NOTE_ADDED'] } })],
      ['channel + since', async () => ({ filter: { channels: ['SOCIAL'], since } })],
    ];
    const rows: Record<string, unknown>[] = [];
    for (const [name, extra] of scenarios) {
      const result: Record<string, unknown> = { scenario: name };
      for (const [label, customer] of [
        ['big', BIG],
        ['baseline', SMALL],
      ] as const) {
        const variables = {
          representations: [{ __typename: 'Customer', id: customer }],
          ...(await extra(customer)),
        };
        result[label] = await timelineLatency(
          url,
          SECRET,
          BENCH_CALLER,
          variables,
          ITERATIONS,
          WARMUP,
        );
      }
      rows.push(result);
    }
    await running.stop();
    const plan = await db.query<{ 'QUERY PLAN': string }>(
      `EXPLAIN SELECT event_id FROM support.timeline_entry WHERE customer_id = $1 ORDER BY occurred_at DESC, event_id DESC LIMIT 21`,
      [BIG],
    );
    report(
      engine,
      rows,
      plan.map((row) => row['QUERY PLAN']),
    );
  } finally {
    await bench.drop();
  }
}

function report(engine: string, rows: Record<string, unknown>[], plan: string[]): void {
  const fmt = (n: number) => n.toFixed(2);
  console.log(
    `\n| scenario (${engine}, ${ITERATIONS} requests each) | ${ENTRIES.toLocaleString('en-US')} entries p50 ms | p99 ms | client p99 ms | baseline p50 ms | baseline p99 ms | p99 ratio | p99 ≤ 10 ms |`,
  );
  console.log('|---|---|---|---|---|---|---|---|');
  let ok = true;
  for (const row of rows) {
    // The target reads the subgraph's own clock (Server-Timing); the client's is beside it.
    const big = row.big as LatencyFigures;
    const base = row.baseline as LatencyFigures;
    ok &&= big.server.p99 <= 10;
    console.log(
      `| ${String(row.scenario)} | ${fmt(big.server.p50)} | ${fmt(big.server.p99)} | ${fmt(big.p99)} | ${fmt(base.server.p50)} | ${fmt(base.server.p99)} | ${fmt(big.server.p99 / base.server.p99)} | ${big.server.p99 <= 10 ? 'yes' : 'NO'} |`,
    );
  }
  console.log(`\nplan for the first page: ${plan.join(' / ')}`);
  const dir = join(__dirname, 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `timeline-${engine}.json`);
  writeFileSync(
    file,
    JSON.stringify(
      {
        engine,
        entries: ENTRIES,
        iterations: ITERATIONS,
        at: new Date().toISOString(),
        node: process.version,
        rows,
        plan,
      },
      null,
      2,
    ),
  );
  console.log(`wrote ${file}; target ${ok ? 'met' : 'MISSED'}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
