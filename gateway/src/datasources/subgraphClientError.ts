import { GraphQLError } from 'graphql';
import { clientMessage } from '../../../lib/clientMessage';
import { ErrorCode } from '../../../schema/errorCodes';

/** Codes a subgraph answers HTTP 400 with when the client's values were at fault. */
const CLIENT_CODES: ReadonlySet<unknown> = new Set([
  ErrorCode.BAD_USER_INPUT,
  'GRAPHQL_VALIDATION_FAILED',
]);

/**
 * The error to give the client for a subgraph's non-2xx answer, never carrying that
 * answer's raw body (its document positions, cache tags, internal messages). A 400 whose
 * errors all carry a client code is the client's mistake the gateway could not see: a
 * custom scalar such as `DateTime` is opaque to the gateway and checked by the subgraph,
 * so `"2027-02-30T09:00:00Z"` is `BAD_USER_INPUT` with the subgraph's message (cut to a
 * client-safe length). Anything else keeps the status in a message, and Apollo's codes for
 * 401 and 403, and is masked in production like any unexpected error.
 */
export function subgraphClientError(subgraph: string, status: number, body: unknown): GraphQLError {
  const errors = errorsOf(body);
  const first = errors[0];
  if (status === 400 && first && errors.every((e) => CLIENT_CODES.has(e.extensions?.code))) {
    return new GraphQLError(clientMessage(first.message, false), {
      extensions: { code: ErrorCode.BAD_USER_INPUT, subgraph },
    });
  }
  const code =
    status === 401 ? 'UNAUTHENTICATED' : status === 403 ? 'FORBIDDEN' : 'INTERNAL_SERVER_ERROR';
  return new GraphQLError(`subgraph "${subgraph}" answered HTTP ${status}`, {
    extensions: { code, subgraph },
  });
}

interface AnsweredError {
  message: string;
  extensions?: { code?: unknown };
}

function errorsOf(body: unknown): AnsweredError[] {
  if (typeof body !== 'object' || body === null || !('errors' in body)) return [];
  const { errors } = body;
  if (!Array.isArray(errors)) return [];
  return errors.filter(
    (e): e is AnsweredError =>
      typeof e === 'object' && e !== null && typeof (e as AnsweredError).message === 'string',
  );
}
