import { BrokenCircuitError, IsolatedCircuitError } from 'cockatiel';
import { GraphQLError } from 'graphql';

/** The `extensions.code` of every subgraph failure (registered in schema/errorCodes.ts). */
export const SUBGRAPH_UNAVAILABLE = 'SUBGRAPH_UNAVAILABLE';

/** Why a subgraph could not answer, as put in `extensions.reason` and metric labels. */
export type SubgraphFailureReason =
  'timeout' | 'circuit open' | 'connection refused' | 'network error' | `HTTP ${number}`;

/** A subgraph fetch that failed; mapped to a GraphQL error at the data source boundary. */
export class SubgraphUnavailableError extends Error {
  constructor(
    readonly subgraph: string,
    readonly reason: SubgraphFailureReason,
    options?: { cause?: unknown },
  ) {
    super(`subgraph "${subgraph}" is unavailable (${reason})`, options);
    this.name = 'SubgraphUnavailableError';
  }

  /** Whether another attempt may succeed: network errors and HTTP 502/503/504 only. */
  get retryable(): boolean {
    return (
      this.reason === 'connection refused' ||
      this.reason === 'network error' ||
      this.reason === 'HTTP 502' ||
      this.reason === 'HTTP 503' ||
      this.reason === 'HTTP 504'
    );
  }

  /** The error clients see: names the subgraph and the reason, never its URL. */
  toGraphQLError(): GraphQLError {
    return new GraphQLError(`subgraph "${this.subgraph}" is unavailable`, {
      extensions: { code: SUBGRAPH_UNAVAILABLE, subgraph: this.subgraph, reason: this.reason },
    });
  }
}

/** Turns whatever a fetch attempt threw into a {@link SubgraphUnavailableError}. */
export function subgraphFailure(
  subgraph: string,
  error: unknown,
  signal: AbortSignal,
): SubgraphUnavailableError {
  if (error instanceof SubgraphUnavailableError) return error;
  if (error instanceof BrokenCircuitError || error instanceof IsolatedCircuitError) {
    return new SubgraphUnavailableError(subgraph, 'circuit open', { cause: error });
  }
  if (signal.aborted) return new SubgraphUnavailableError(subgraph, 'timeout', { cause: error });
  const reason = errorCodes(error).includes('ECONNREFUSED')
    ? 'connection refused'
    : 'network error';
  return new SubgraphUnavailableError(subgraph, reason, { cause: error });
}

/**
 * `code` of the error and of its causes (fetch wraps socket errors in `TypeError`).
 * Duck-typed: socket errors may come from another realm, where `instanceof Error` fails.
 */
function errorCodes(error: unknown, depth = 0): string[] {
  if (typeof error !== 'object' || error === null || depth > 5) return [];
  const { code, cause, errors } = error as { code?: unknown; cause?: unknown; errors?: unknown };
  return [
    ...(typeof code === 'string' ? [code] : []),
    ...(Array.isArray(errors) ? errors.flatMap((e: unknown) => errorCodes(e, depth + 1)) : []),
    ...errorCodes(cause, depth + 1),
  ];
}
