import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { prettyFormatQueryPlan } from '@apollo/query-planner';
import { queryPlansFor } from './queryPlans';
import { WORKLOADS } from './workloads';

/**
 * Prints the query plan `@apollo/gateway` makes for each bench workload: the fetches
 * the `limit` contender (bench/limitServer.ts) replays. `npx tsx bench/printPlans.ts`.
 */
const sdl = readFileSync(join(__dirname, '..', 'schema', 'supergraph.graphql'), 'utf8');
const plans = queryPlansFor(
  sdl,
  Object.fromEntries(Object.values(WORKLOADS).map((w) => [w.id, w.query])),
);
for (const workload of Object.values(WORKLOADS)) {
  console.log(
    `# (${workload.id}) ${workload.name}\n${prettyFormatQueryPlan(plans[workload.id]!)}\n`,
  );
}
