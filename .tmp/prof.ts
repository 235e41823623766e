import { parse } from 'graphql';
import { requestContextFor, startDifferentialRig } from '/work/wt/executor/test/fixtures/executor/fixtureSupergraph';
import { SHOP_SUBGRAPHS } from '/work/wt/executor/test/fixtures/executor/shopSubgraphs';
(async () => {
  const rig = await startDifferentialRig(SHOP_SUBGRAPHS);
  const branch = `topReviews { id rating product { upc name price weight related { upc name price } }
    author { id username reviews { id rating product { upc name price related { upc name } } } } }`;
  const query = `{ ${Array.from({ length: 8 }, (_, i) => `r${i}: ${branch}`).join(' ')} topProducts { upc name related { name price } } }`;
  await rig.run(query);
  rig.replaying(true);
  const document = parse(query);
  const which = process.argv[2] as 'native';
  for (let i = 0; i < 1500; i++) JSON.stringify(await rig.executors[which](requestContextFor(rig.schema, document, query, {}, undefined)));
  await rig.stop();
})();
