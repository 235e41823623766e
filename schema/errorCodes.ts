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
  /**
   * The HTTP request itself is malformed (not JSON, nested too deep, too large, a
   * subscription over plain HTTP); HTTP 4xx, nothing ran. Apollo's code.
   */
  BAD_REQUEST: 'BAD_REQUEST',
  /**
   * The request does not say which one operation to run: `operationName` names none in
   * the document, or the document holds several and none was named. HTTP 400. Apollo's code.
   */
  OPERATION_RESOLUTION_FAILURE: 'OPERATION_RESOLUTION_FAILURE',
  /** No valid credentials were presented. */
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  /** The caller is known but may not see or do this. */
  FORBIDDEN: 'FORBIDDEN',
  /** An identifier value (email, phone, ...) already belongs to another customer. */
  IDENTIFIER_CONFLICT: 'IDENTIFIER_CONFLICT',
  /** A mutation names an entity that does not exist (queries answer null instead). */
  NOT_FOUND: 'NOT_FOUND',
  /** The entity's state machine forbids this change (e.g. cancelling a completed order). */
  INVALID_STATE_TRANSITION: 'INVALID_STATE_TRANSITION',
  /** The offering does not support the delivery method asked for. */
  DELIVERY_METHOD_NOT_SUPPORTED: 'DELIVERY_METHOD_NOT_SUPPORTED',
  /** The technician lacks a skill the job requires. */
  TECHNICIAN_LACKS_SKILL: 'TECHNICIAN_LACKS_SKILL',
  /** The appointment slot is in the past. */
  SLOT_IN_PAST: 'SLOT_IN_PAST',
  /** The slot is no longer free (another booking took it). */
  SLOT_UNAVAILABLE: 'SLOT_UNAVAILABLE',
  /** An idempotency key was replayed with a different request than the first use. */
  IDEMPOTENCY_KEY_REUSED: 'IDEMPOTENCY_KEY_REUSED',
  /** A subgraph did not answer in time or at all; `extensions.subgraph` names it. */
  SUBGRAPH_UNAVAILABLE: 'SUBGRAPH_UNAVAILABLE',
  /**
   * A mutation was sent to its subgraph but no answer came back (timeout, broken
   * connection): it may or may not have been applied. Retry with the same idempotency key
   * (`extensions.idempotencyKey`, when the input has one) to get its outcome; a new key
   * could apply it twice. The gateway never retries a mutation itself.
   */
  OUTCOME_UNKNOWN: 'OUTCOME_UNKNOWN',
  /**
   * The gateway is working at its limit (`MAX_CONCURRENT_REQUESTS`) and could not take this
   * request in time, or too many are waiting already: HTTP 503 with `Retry-After`; nothing
   * was run, so any request may be sent again.
   */
  SERVER_OVERLOADED: 'SERVER_OVERLOADED',
  /** Something failed that the caller cannot fix; details are in the server log only. */
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;

/** Any code from {@link ErrorCode}. */
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];
