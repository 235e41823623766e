import type { GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { Registry } from 'prom-client';
import { createCacheRequestMetrics } from '../../../gateway/src/cache/cacheRequestMetrics';
import { fetchEntitiesThroughCache } from '../../../gateway/src/cache/entityCache';
import { memoryCache } from '../../../gateway/src/cache/store/memoryCache';

/**
 * The entity cache's key: an `_entities` fetch whose selection takes arguments (a page
 * of a timeline: `first`, `after`) passes them as the fetch's other variables, so two
 * pages of one entity are two entries. Found when a customer paging her timeline was
 * given the first page again for every later one.
 */
const QUERY = `query($representations: [_Any!]!, $first: Int, $after: String) {
  _entities(representations: $representations) { ... on Customer { timeline(first: $first, after: $after) { ids } } }
}`;
const DANA = { __typename: 'Customer', id: 'cus-dana-reyes' };
const CLAIMS = { sub: 'cus-dana-reyes', role: 'customer', scopes: [] };

function fetchOptions(variables: Record<string, unknown>): GraphQLDataSourceProcessOptions {
  return {
    kind: 'loading schema',
    request: { query: QUERY, variables: { representations: [DANA], ...variables } },
    context: { claims: CLAIMS },
    incomingRequestContext: { overallCachePolicy: { restrict: () => undefined } },
  } as unknown as GraphQLDataSourceProcessOptions;
}

it('keeps two pages of one entity apart, and serves each page from its own entry', async () => {
  const options = {
    store: memoryCache({ maxEntries: 100, maxBytes: 1 << 20 }),
    maxTtlSeconds: 60,
    supergraphHash: () => 'supergraph-1',
    metrics: createCacheRequestMetrics(new Registry()),
  };
  const sent: unknown[] = [];
  // The subgraph answers each page with the ids of that page, cacheable per caller.
  const subgraph = async (
    fetch: GraphQLDataSourceProcessOptions,
  ): Promise<GatewayGraphQLResponse> => {
    const { after } = fetch.request.variables as { after?: string };
    sent.push(after ?? null);
    const ids = after ? ['e3', 'e4'] : ['e1', 'e2'];
    const response: unknown = {
      data: { _entities: [{ timeline: { ids } }] },
      http: { headers: new Headers({ 'cache-control': 'max-age=60, private' }) },
    };
    return response as GatewayGraphQLResponse;
  };
  const page = async (variables: Record<string, unknown>): Promise<unknown> => {
    const answer = await fetchEntitiesThroughCache(
      fetchOptions(variables),
      'support',
      options,
      subgraph,
    );
    return answer.data?.['_entities'];
  };

  expect(await page({ first: 2 })).toEqual([{ timeline: { ids: ['e1', 'e2'] } }]);
  expect(await page({ first: 2, after: 'c2' })).toEqual([{ timeline: { ids: ['e3', 'e4'] } }]);
  expect(sent).toEqual([null, 'c2']);
  // Each page again: both from the cache, each its own.
  expect(await page({ first: 2 })).toEqual([{ timeline: { ids: ['e1', 'e2'] } }]);
  expect(await page({ first: 2, after: 'c2' })).toEqual([{ timeline: { ids: ['e3', 'e4'] } }]);
  expect(sent).toEqual([null, 'c2']);
});
