/**
 * CPU per request of the executors alone: Apollo's (`@apollo/gateway`) and ours
 * (`gateway/src/execution/`), on the same plans and the same recorded subgraph answers
 * (replayed in-process: each answer parsed from its JSON, as if from the wire). Rounds
 * alternate between the two; the figure is the median of the rounds.
 *
 *   npx tsx bench/executorCpu.ts [--requests 400] [--rounds 4] [--aliases 8] [--workload g]
 *
 * `--workload g`: workload (g)'s heavy query on its four subgraphs (bench/overhead/)
 * instead of the shop fixture's aliased query.
 */
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { parseArgs } from 'node:util';
import {
  requestContextFor,
  startDifferentialRig,
} from '../test/fixtures/executor/fixtureSupergraph';
import { SHOP_SUBGRAPHS } from '../test/fixtures/executor/shopSubgraphs';
import { OVERHEAD_QUERY, OVERHEAD_SUBGRAPHS, overheadSchema } from './overhead/overheadSubgraphs';

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '400' },
    rounds: { type: 'string', default: '4' },
    aliases: { type: 'string', default: '8' },
    workload: { type: 'string' },
  },
});
const requests = Number(values.requests);
const rounds = Number(values.rounds);

/** A heavy nested query without failures: each alias walks reviews → authors → their reviews → products. */
function heavyQuery(aliases: number): string {
  const branch = `topReviews { id rating product { upc name price weight related { upc name price } }
    author { id username reviews { id rating product { upc name price related { upc name } } } } }`;
  const parts = Array.from({ length: aliases }, (_, index) => `r${index}: ${branch}`);
  return `{ ${parts.join(' ')} topProducts { upc name related { name price } } }`;
}

/** Workload (g)'s subgraphs as a schema set for the rig (composed here, served in-process). */
function overheadSchemaSet() {
  const composed = composeServices(
    OVERHEAD_SUBGRAPHS.map((s) => ({
      name: s.name,
      url: `http://${s.name}.invalid/graphql`,
      typeDefs: parse(s.typeDefs),
    })),
  );
  if (composed.errors) throw new Error(composed.errors.map((e) => e.message).join('; '));
  return {
    supergraphSdl: composed.supergraphSdl,
    schemas: new Map(OVERHEAD_SUBGRAPHS.map((s) => [s.name, overheadSchema(s)])),
  };
}

async function main(): Promise<void> {
  const overhead = values.workload === 'g';
  if (values.workload !== undefined && !overhead) throw new Error('--workload takes only g');
  const rig = await startDifferentialRig(overhead ? overheadSchemaSet() : SHOP_SUBGRAPHS);
  const query = overhead ? OVERHEAD_QUERY : heavyQuery(Number(values.aliases));
  const outcome = await rig.run(query);
  if (outcome.apollo.data !== outcome.native.data) throw new Error('the executors disagree');
  const bytes = Buffer.byteLength(JSON.stringify(outcome.apollo));
  if (outcome.apollo.errors)
    throw new Error(`the heavy query failed: ${JSON.stringify(outcome.apollo.errors)}`);
  rig.replaying(true);
  const document = parse(query);
  const measure = async (which: 'apollo' | 'native'): Promise<number> => {
    const executor = rig.executors[which];
    const before = process.cpuUsage();
    for (let index = 0; index < requests; index++) {
      const result = await executor(requestContextFor(rig.schema, document, query, {}, undefined));
      JSON.stringify(result);
    }
    const used = process.cpuUsage(before);
    return (used.user + used.system) / 1000 / requests;
  };
  await measure('apollo');
  await measure('native');
  const figures: Record<'apollo' | 'native', number[]> = { apollo: [], native: [] };
  for (let round = 0; round < rounds; round++) {
    const order: ('apollo' | 'native')[] = round % 2 ? ['native', 'apollo'] : ['apollo', 'native'];
    for (const which of order) figures[which].push(await measure(which));
  }
  const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)]!;
  const apollo = median(figures.apollo);
  const native = median(figures.native);
  console.log(
    JSON.stringify(
      {
        answerBytes: bytes,
        requestsPerRound: requests,
        rounds,
        cpuMsPerRequest: { apollo: +apollo.toFixed(3), native: +native.toFixed(3) },
        rounds_ms: figures,
        nativeOverApollo: +(native / apollo).toFixed(3),
        note: 'includes replaying the recorded answers (JSON.parse) and serializing the result once, for both',
      },
      null,
      2,
    ),
  );
  await rig.stop();
}

void main();
