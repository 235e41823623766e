import type { GraphQLFormattedError } from 'graphql';
import type { Logger } from 'pino';
import { clientMessage } from '../../lib/clientMessage';
import { ErrorCode } from '../../schema/errorCodes';

/** Extensions a client may see in production: the code and which subgraph, never internals. */
const SAFE_EXTENSIONS = [
  'code',
  'subgraph',
  'reason',
  'argument',
  'cost',
  'violations',
  'inputLimit',
  'http',
];

/**
 * Production error masking: codes and subgraph names survive; stack traces, upstream
 * responses and messages of unexpected errors do not. In development errors pass
 * through unchanged, but for messages cut to a bounded length (they may quote input), and
 * in production without graphql-js's "Did you mean …?" hints.
 */
export function formatGatewayError(
  formatted: GraphQLFormattedError,
  error: unknown,
  production: boolean,
  logger: Logger,
): GraphQLFormattedError {
  const message = clientMessage(formatted.message, production);
  const extensions = withClientCode(formatted.extensions ?? {}, error);
  if (!production) {
    return message === formatted.message && extensions === formatted.extensions
      ? formatted
      : { ...formatted, message, extensions };
  }
  const code =
    typeof extensions.code === 'string' ? extensions.code : ErrorCode.INTERNAL_SERVER_ERROR;
  const safe = Object.fromEntries(
    Object.entries(extensions).filter(([key]) => SAFE_EXTENSIONS.includes(key)),
  );
  if (code === ErrorCode.INTERNAL_SERVER_ERROR) {
    logger.error({ err: error, path: formatted.path }, 'internal error');
    return {
      message: 'Internal server error',
      ...(formatted.path ? { path: formatted.path } : {}),
      extensions: { code, ...(safe.subgraph ? { subgraph: safe.subgraph } : {}) },
    };
  }
  return { ...formatted, message, extensions: { ...safe, code } };
}

/**
 * An error Apollo answers with an HTTP 4xx but no code of its own (a persisted query's
 * version, or a hash that does not match its query) is the client's mistake:
 * `BAD_REQUEST`, not `INTERNAL_SERVER_ERROR`. Other extensions are returned unchanged.
 */
function withClientCode(
  extensions: Readonly<Record<string, unknown>>,
  error: unknown,
): Readonly<Record<string, unknown>> {
  const code = extensions.code;
  if (code !== undefined && code !== ErrorCode.INTERNAL_SERVER_ERROR) return extensions;
  const status = httpStatusOf(error);
  return status !== null && status >= 400 && status < 500
    ? { ...extensions, code: ErrorCode.BAD_REQUEST }
    : extensions;
}

function httpStatusOf(error: unknown): number | null {
  if (typeof error !== 'object' || error === null || !('extensions' in error)) return null;
  const http = (error as { extensions?: { http?: { status?: unknown } } }).extensions?.http;
  return typeof http?.status === 'number' ? http.status : null;
}
