import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { OperationTypeNode } from 'graphql';
import { customerOfTag } from '../../lib/cacheTags';
import type { Claims } from '../../lib/claims';
import { CachePolicy } from './cachePolicy';
import { canReadCustomer } from './customerAccess';
import { currentCacheScope, type CacheScope } from './cacheScope';

/** Options for {@link subgraphCacheTagsPlugin}. None yet; kept for the factory convention. */
export type SubgraphCacheTagsPluginOptions = Record<string, never>;

/**
 * The subgraph side of the gateway's cache contract. For every operation run inside a
 * cache scope (`startSubgraph` opens one per HTTP request):
 * - the schema's resolvers (wrapped once by `instrumentCachePolicy`) tag `customer:<id>`
 *   for every `Customer` the answer touches and narrow its cache policy; rows read from
 *   the database tag themselves (`tagCustomerRows`);
 * - sets `Cache-Control` from that policy (Apollo's own cache-control plugin is off: its
 *   hook ran for every field of every answer); mutations are `no-store`, whatever their
 *   return type's `@cacheControl` hint says;
 * - writes `extensions.cacheTags` on every response to a query and
 *   `extensions.invalidatedTags` on every response to a mutation (each also carries the
 *   other when it is not empty; a failed mutation no cache tags), sorted and unique;
 *   a tag naming a customer the caller may not read is left out: the data it names was
 *   refused, and the tag would tell the caller whose it was.
 */
export function subgraphCacheTagsPlugin(
  _options: SubgraphCacheTagsPluginOptions = {},
): ApolloServerPlugin<BaseContext> {
  return {
    async requestDidStart() {
      const scope = currentCacheScope();
      return {
        async didResolveOperation({ operation }) {
          if (operation?.operation === OperationTypeNode.MUTATION) {
            scope?.restrictPolicy({ maxAge: 0 });
          }
        },
        async willSendResponse({ operation, response, contextValue }) {
          setCacheControl(response, scope);
          if (!scope || response.body.kind !== 'single') return;
          const claims = (contextValue as { claims?: Claims | null }).claims ?? null;
          const readable = (tag: string): boolean => {
            const customer = customerOfTag(tag);
            return customer === undefined || canReadCustomer(claims, customer);
          };
          writeExtensions(response.body.singleResult, scope, operation?.operation, readable);
          scope.close();
        },
      };
    },
  };
}

const CACHEABLE_HEADER = /^max-age=(\d+), (public|private)$/;

/**
 * Sets `Cache-Control` from the policy the answer's fields narrowed (`cachePolicy.ts`),
 * as Apollo Server's cache-control plugin does: `max-age=N, public|private` for a
 * cacheable answer without errors, else `no-store`; a header set earlier is kept if it
 * is not one of those forms, and narrows the policy if it is. No scope: `no-store`.
 */
function setCacheControl(
  response: {
    http: { headers: Map<string, string> };
    body: { kind: string; singleResult?: { errors?: readonly unknown[] } };
  },
  scope: CacheScope | undefined,
): void {
  const headers = response.http.headers;
  const existing = headers.get('cache-control');
  const policy = new CachePolicy();
  if (existing !== undefined && existing !== 'no-store') {
    const match = CACHEABLE_HEADER.exec(existing);
    if (!match) return;
    policy.restrict({
      maxAge: Number(match[1]),
      scope: match[2] === 'public' ? 'PUBLIC' : 'PRIVATE',
    });
  }
  if (scope) policy.restrict(scope.policy);
  const failed = response.body.kind !== 'single' || Boolean(response.body.singleResult?.errors);
  const header = !scope || existing === 'no-store' || failed ? 'no-store' : policy.header();
  headers.set('cache-control', header);
}

/**
 * Adds the scope's tags to a result's extensions as the contract says. A mutation that
 * failed answered nothing cacheable, and what it read (e.g. who already holds an
 * identifier) must not be named, so it reports only what it invalidated.
 */
function writeExtensions(
  result: { extensions?: Record<string, unknown>; errors?: readonly unknown[] },
  scope: CacheScope,
  operation: OperationTypeNode | undefined,
  readable: (tag: string) => boolean,
): void {
  const isMutation = operation === OperationTypeNode.MUTATION;
  const tags = isMutation && result.errors?.length ? [] : scope.tags().filter(readable);
  // What a change touched is kept whole: the gateway evicts its caches by it.
  const invalidated = scope.invalidatedTags();
  result.extensions = {
    ...result.extensions,
    ...(isMutation && tags.length === 0 ? {} : { cacheTags: tags }),
    ...(isMutation || invalidated.length > 0 ? { invalidatedTags: invalidated } : {}),
  };
}
