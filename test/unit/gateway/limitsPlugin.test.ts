import { readCostDirectives } from '../../../gateway/src/limits/readCostDirectives';
import { gatewayPluginLimits } from '../../../gateway/src/plugins/limitsPlugin';
import { startLimitsTestGateway, type LimitsTestGateway } from './limitsSupport';

describe('gatewayPluginLimits through a real gateway', () => {
  let stack: LimitsTestGateway;
  beforeAll(async () => {
    stack = await startLimitsTestGateway((sdl) => [
      gatewayPluginLimits({
        costInfo: readCostDirectives(sdl),
        maxDepth: 3,
        maxAliases: 2,
        maxRootFields: 3,
        maxDocumentBytes: 400,
        maxCost: 100,
      }),
    ]);
  });
  afterAll(() => stack.stop());

  it('answers within limits, with the estimated cost and the limit in extensions', async () => {
    const { status, body } = await stack.send({
      query: '{ products(first: 2) { name price } }',
    });
    expect(status).toBe(200);
    expect(body.data?.products).toHaveLength(3);
    // 2 x (Product 1 + price @cost 5)
    expect(body.extensions?.cost).toEqual({ estimated: 12, limit: 100 });
  });

  it.each([
    ['depth', '{ productPage(first: 1) { edges { node { name } } } }', 'depth'],
    [
      'aliases',
      '{ a: product(id: "p-1") { id } b: product(id: "p-2") { id } c: product(id: "p-3") { id } }',
      'aliases',
    ],
    [
      'root fields',
      '{ product(id: "p-1") { id } products(first: 1) { id } productPage(first: 1) { total } other: product(id: "p-2") { id } }',
      'rootFields',
    ],
    ['document size', `{ product(id: "${'p'.repeat(400)}") { id } }`, 'documentSize'],
  ])(
    'rejects a document over the %s limit with HTTP 400 before any subgraph call',
    async (_, query, kind) => {
      const before = stack.subgraphRequests();
      const { status, body } = await stack.send({ query });
      expect(status).toBe(400);
      expect(body.data).toBeUndefined();
      expect(body.errors?.[0]?.extensions).toMatchObject({
        code: 'OPERATION_TOO_COMPLEX',
        violations: expect.arrayContaining([expect.objectContaining({ code: kind })]),
      });
      expect(body.extensions?.cost).toEqual({ estimated: null, limit: 100 });
      expect(stack.subgraphRequests()).toBe(before);
    },
  );

  it('rejects an operation over the cost limit before any subgraph call', async () => {
    const before = stack.subgraphRequests();
    // 30 x (Product 1 + 20 reviews x Review 1) = 630
    const query = 'query Big($n: Int) { products(first: 30) { reviews(first: $n) { id } } }';
    const { status, body } = await stack.send({ query, variables: { n: 20 } });
    expect(status).toBe(400);
    expect(body.errors?.[0]?.extensions).toMatchObject({
      code: 'COST_LIMIT_EXCEEDED',
      cost: { estimated: 630, limit: 100 },
    });
    expect(body.extensions?.cost).toEqual({ estimated: 630, limit: 100 });
    expect(stack.subgraphRequests()).toBe(before);
  });

  it('rejects a missing required slicing argument as BAD_USER_INPUT', async () => {
    const before = stack.subgraphRequests();
    const { status, body } = await stack.send({ query: '{ products { id } }' });
    expect(status).toBe(400);
    expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(stack.subgraphRequests()).toBe(before);
  });
});

describe('gatewayPluginLimits in measure mode', () => {
  it('reports the estimate but lets an expensive operation run', async () => {
    const stack = await startLimitsTestGateway((sdl) => [
      gatewayPluginLimits({ costInfo: readCostDirectives(sdl), maxCost: 1, costMode: 'measure' }),
    ]);
    try {
      const { status, body } = await stack.send({ query: '{ products(first: 3) { id } }' });
      expect(status).toBe(200);
      expect(body.extensions?.cost).toEqual({ estimated: 3, limit: 1 });
      expect(stack.subgraphRequests()).toBe(1);
      const page = await stack.send({
        query: '{ productPage(first: 2) { edges { node { id } } } }',
      });
      // ProductPage 1 + 2 edges (sizedFields) x (ProductEdge 1 + Product 1)
      expect(page.body.extensions?.cost).toEqual({ estimated: 5, limit: 1 });
      expect(page.body.data).toEqual({
        productPage: { edges: [{ node: { id: 'p-1' } }, { node: { id: 'p-2' } }] },
      });
    } finally {
      await stack.stop();
    }
  });
});
