import { GraphQLError, type FormattedExecutionResult } from 'graphql';

/**
 * Codes a subscription may be refused or ended with. All are Apollo's built-in codes
 * (or the limits plugin's), so clients handle them as they do for queries.
 */
export const SubscriptionErrorCode = {
  GRAPHQL_PARSE_FAILED: 'GRAPHQL_PARSE_FAILED',
  GRAPHQL_VALIDATION_FAILED: 'GRAPHQL_VALIDATION_FAILED',
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  BAD_REQUEST: 'BAD_REQUEST',
  OPERATION_RESOLUTION_FAILURE: 'OPERATION_RESOLUTION_FAILURE',
  OPERATION_TOO_COMPLEX: 'OPERATION_TOO_COMPLEX',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;

/** Any code from {@link SubscriptionErrorCode}. */
export type SubscriptionErrorCode =
  (typeof SubscriptionErrorCode)[keyof typeof SubscriptionErrorCode];

/** A GraphQL error with `extensions.code`, keeping the source locations of `from` if given. */
export function subscriptionError(
  code: SubscriptionErrorCode,
  message: string,
  from?: GraphQLError,
): GraphQLError {
  return new GraphQLError(message, {
    ...(from ? { nodes: from.nodes, source: from.source, positions: from.positions } : {}),
    extensions: { ...from?.extensions, code },
  });
}

/** What a subscriber receives when its token expires, before the stream completes. */
export const TOKEN_EXPIRED_RESULT: FormattedExecutionResult = {
  errors: [
    { message: 'token expired', extensions: { code: SubscriptionErrorCode.UNAUTHENTICATED } },
  ],
};

/**
 * The JSON form of errors, as sent in a `next` result; `extensions.http` (an HTTP
 * status hint for Apollo) is dropped, as Apollo drops it from responses.
 */
export function errorResult(errors: readonly GraphQLError[]): FormattedExecutionResult {
  return {
    errors: errors.map((error) => {
      const { extensions, ...formatted } = error.toJSON();
      if (!extensions) return formatted;
      const { http: _http, ...rest } = extensions;
      return { ...formatted, extensions: rest };
    }),
  };
}
