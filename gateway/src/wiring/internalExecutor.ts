import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { ApolloServer } from '@apollo/server';
import type { Logger } from 'pino';
import type { CallerClaims } from '../../../lib/claims';
import { newRequestCacheState } from '../cache/requestCacheState';
import type { GatewayContext } from '../context';
import { traceparentFrom } from '../plugins/requestIdPlugin';
import type { LiveRun } from '../subscriptions';

/** Runs one query as a caller through the whole request pipeline (what a live run is). */
export type InternalExecutor = (
  query: string,
  variables: Record<string, unknown>,
  claims: CallerClaims | null,
  headers: IncomingHttpHeaders,
) => Promise<LiveRun>;

/**
 * Runs a query as `claims` through every plugin, as the live subscriptions do; with the
 * cache tags its answer was built from (subgraph answers and cache hits).
 */
export function internalExecutor(
  apollo: ApolloServer<GatewayContext>,
  logger: Logger,
  requestTimeoutMs: number,
): InternalExecutor {
  return async (query, variables, claims, headers) => {
    const requestId = randomUUID();
    // Apollo runs the operation on a copy of this context; the response cache gives it a
    // state of its own, and says which.
    let cache = newRequestCacheState();
    const contextValue: GatewayContext = {
      requestId,
      traceparent: traceparentFrom(headers),
      claims,
      incomingHeaders: headers,
      logger: logger.child({ requestId }),
      deadline: Date.now() + requestTimeoutMs,
      cache,
      onCacheState: (state) => {
        cache = state;
      },
      // The subscription document was checked against the trusted documents already.
      trustedDocument: true,
    };
    const response = await apollo.executeOperation({ query, variables }, { contextValue });
    if (response.body.kind !== 'single') throw new Error('incremental delivery is not supported');
    return { result: response.body.singleResult, tags: [...cache.tags] };
  };
}
