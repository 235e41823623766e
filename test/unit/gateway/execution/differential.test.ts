import { differenceOf } from '../../../fixtures/executor/differenceOf';
import {
  startDifferentialRig,
  type DifferentialRig,
} from '../../../fixtures/executor/fixtureSupergraph';
import { randomDocuments } from '../../../fixtures/executor/randomDocuments';
import { SHOP_SUBGRAPHS } from '../../../fixtures/executor/shopSubgraphs';
import { SHOP_OPERATIONS } from '../../../fixtures/executor/shopOperations';

/**
 * The correctness oracle of the native executor: every operation runs through
 * `@apollo/gateway`'s executor (recording each subgraph answer) and then through ours
 * (replaying them); `data` must be byte-identical and the errors equivalent (message,
 * path, code; errors of parallel fetches may arrive in either order).
 */
let rig: DifferentialRig;

beforeAll(async () => {
  rig = await startDifferentialRig(SHOP_SUBGRAPHS);
});

afterAll(async () => {
  await rig.stop();
});

describe('the native executor answers as Apollo does, on the shop fixture', () => {
  it.each(SHOP_OPERATIONS.map((op) => [op.name, op] as const))('%s', async (_name, op) => {
    const outcome = await rig.run(op.query, op.variables, op.operationName);
    expect(differenceOf(outcome)).toBeNull();
    // The case must have reached the subgraphs and produced an answer.
    expect(outcome.apollo.data ?? outcome.apollo.errors).toBeDefined();
  });

  it('on 300 generated documents', async () => {
    const documents = randomDocuments(
      rig.schema,
      {
        byName: {
          id: ['u1', 'u2', 'u3', 'u4', 'u9', 'a1', 'a2', 'a3'],
          upc: ['p1', 'p2', 'p3', 'p4', 'p5', 'p9'],
          term: ['e', 'a', 'zz'],
          name: ['Zed'],
        },
        byType: { Int: ['0', '1', '3'], String: ['e'], ID: ['u1', 'a2'] },
      },
      300,
      19,
    );
    expect(documents).toHaveLength(300);
    const diffs: string[] = [];
    let withErrors = 0;
    for (const { query, variables } of documents) {
      const outcome = await rig.run(query, variables, undefined, true);
      if (outcome.apollo.errors?.length) withErrors++;
      const diff = differenceOf(outcome);
      if (diff) diffs.push(`${query}\n${JSON.stringify(variables)}\n${diff}`);
    }
    expect(diffs.slice(0, 3)).toEqual([]);
    expect(diffs).toHaveLength(0);
    // The generated corpus reaches the planted failures, not only happy paths.
    expect(withErrors).toBeGreaterThan(30);
  });
});
