import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { getNamedType, isAbstractType, OperationTypeNode } from 'graphql';
import { currentCacheScope, recordCustomerRead, type CacheScope } from './cacheScope';

/** The entity whose id names the customer a piece of data belongs to. */
const CUSTOMER_TYPENAME = 'Customer';

/** Options for {@link subgraphCacheTagsPlugin}. None yet; kept for the factory convention. */
export type SubgraphCacheTagsPluginOptions = Record<string, never>;

/**
 * The subgraph side of the gateway's cache contract. For every operation run inside a
 * cache scope (`startSubgraph` opens one per HTTP request):
 * - tags `customer:<id>` for every `Customer` the answer touches: each field resolved on
 *   a customer (an entity reference with only its key, too) and each customer a field
 *   returns; rows read from the database tag themselves (`tagCustomerRows`);
 * - makes mutations uncacheable (`Cache-Control: no-store`), whatever their return type's
 *   `@cacheControl` hint says;
 * - writes `extensions.cacheTags` on every response to a query and
 *   `extensions.invalidatedTags` on every response to a mutation (each also carries the
 *   other when it is not empty; a failed mutation no cache tags), sorted and unique.
 */
export function subgraphCacheTagsPlugin(
  _options: SubgraphCacheTagsPluginOptions = {},
): ApolloServerPlugin<BaseContext> {
  return {
    async requestDidStart() {
      const scope = currentCacheScope();
      if (!scope) return;
      return {
        async didResolveOperation({ operation, overallCachePolicy }) {
          if (operation?.operation === OperationTypeNode.MUTATION) {
            overallCachePolicy.restrict({ maxAge: 0 });
          }
        },
        async executionDidStart() {
          return {
            willResolveField({ source, info }) {
              if (info.parentType.name === CUSTOMER_TYPENAME) recordCustomer(source);
              const returned = getNamedType(info.returnType);
              const always = returned.name === CUSTOMER_TYPENAME;
              if (!always && !isAbstractType(returned)) return;
              return (error, result) => {
                if (!error) forEachItem(result, (item) => recordCustomer(item, always));
              };
            },
          };
        },
        async willSendResponse({ operation, response }) {
          if (response.body.kind !== 'single') return;
          writeExtensions(response.body.singleResult, scope, operation?.operation);
          scope.close();
        },
      };
    },
  };
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
): void {
  const isMutation = operation === OperationTypeNode.MUTATION;
  const tags = isMutation && result.errors?.length ? [] : scope.tags();
  const invalidated = scope.invalidatedTags();
  result.extensions = {
    ...result.extensions,
    ...(isMutation && tags.length === 0 ? {} : { cacheTags: tags }),
    ...(isMutation || invalidated.length > 0 ? { invalidatedTags: invalidated } : {}),
  };
}

/**
 * Tags the customer `value` is, when it is one: any object with a string `id` when the
 * field's type says it is a customer, else an object whose `__typename` says so.
 */
function recordCustomer(value: unknown, isCustomer = true): void {
  if (typeof value !== 'object' || value === null) return;
  const { id, __typename } = value as { id?: unknown; __typename?: unknown };
  if (typeof id === 'string' && (isCustomer || __typename === CUSTOMER_TYPENAME)) {
    recordCustomerRead(id);
  }
}

/** Calls `fn` with each leaf of a resolved value: itself, or every element of (nested) lists. */
function forEachItem(value: unknown, fn: (item: unknown) => void): void {
  if (Array.isArray(value)) for (const item of value) forEachItem(item, fn);
  else fn(value);
}
