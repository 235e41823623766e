import { GraphQLError } from 'graphql';

/**
 * Error codes of the limits and trusted-documents plugins, for the registry in
 * `schema/errorCodes.ts`. Every one is answered with HTTP 400 before any subgraph call.
 */
export const LimitErrorCode = {
  /** Depth, aliases, root fields or document size is over its limit; the message says which. */
  OPERATION_TOO_COMPLEX: 'OPERATION_TOO_COMPLEX',
  /** The operation's estimated cost (demand control) is over the limit; see `extensions.cost`. */
  COST_LIMIT_EXCEEDED: 'COST_LIMIT_EXCEEDED',
  /** Only registered (trusted) documents may run, and this one is not registered. */
  TRUSTED_DOCUMENT_REQUIRED: 'TRUSTED_DOCUMENT_REQUIRED',
} as const;

/** Any code from {@link LimitErrorCode}. */
export type LimitErrorCode = (typeof LimitErrorCode)[keyof typeof LimitErrorCode];

/** A rejection answered with HTTP 400 and `extensions.code`, plus any extra extensions. */
export function limitError(
  code: string,
  message: string,
  extensions: Record<string, unknown> = {},
): GraphQLError {
  return new GraphQLError(message, {
    extensions: { ...extensions, code, http: { status: 400 } },
  });
}
