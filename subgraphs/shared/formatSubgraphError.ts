import type { GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError } from 'graphql';
import type { Logger } from 'pino';
import { clientMessage } from '../../lib/clientMessage';
import { ErrorCode } from '../../schema/errorCodes';

/**
 * Keeps deliberate errors (a `GraphQLError` with a code) as they are and replaces
 * anything unexpected (a database failure, a bug) with a masked
 * `INTERNAL_SERVER_ERROR`, logging the original. No SQL or stack reaches a client; no
 * message is longer than `clientMessage` allows (they may quote input), and in
 * production none carries graphql-js's "Did you mean …?" hints.
 */
export function formatSubgraphError(
  formatted: GraphQLFormattedError,
  error: unknown,
  logger: Logger,
  production = false,
): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  const code = formatted.extensions?.code;
  if (original instanceof GraphQLError || (code && code !== ErrorCode.INTERNAL_SERVER_ERROR)) {
    const { stacktrace: _stacktrace, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, message: clientMessage(formatted.message, production), extensions };
  }
  logger.error({ err: original, path: formatted.path }, 'unexpected resolver error');
  return {
    message: 'Internal server error',
    ...(formatted.path ? { path: formatted.path } : {}),
    ...(formatted.locations ? { locations: formatted.locations } : {}),
    extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
  };
}
