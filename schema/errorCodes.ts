/**
 * The one registry of error codes this product puts in `extensions.code`.
 *
 * Apollo's built-in codes are reused where one fits (`BAD_USER_INPUT`,
 * `UNAUTHENTICATED`, ...); the rest are ours. Clients may switch on these strings:
 * they are part of the API and never renamed.
 */
export const ErrorCode = {
  /** The request's arguments are malformed or out of range; the message says which. */
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  /** No valid credentials were presented. */
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  /** The caller is known but may not see or do this. */
  FORBIDDEN: 'FORBIDDEN',
  /** An identifier value (email, phone, ...) already belongs to another customer. */
  IDENTIFIER_CONFLICT: 'IDENTIFIER_CONFLICT',
  /** A subgraph did not answer in time or at all; `extensions.subgraph` names it. */
  SUBGRAPH_UNAVAILABLE: 'SUBGRAPH_UNAVAILABLE',
  /** Something failed that the caller cannot fix; details are in the server log only. */
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;

/** Any code from {@link ErrorCode}. */
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];
