/** Header that carries the request id from client to gateway to subgraphs and back. */
export const REQUEST_ID_HEADER = 'x-request-id';

const VALID_REQUEST_ID = /^[A-Za-z0-9._-]{1,128}$/;

/** Whether `value` may be used as a request id: 1–128 characters of `[A-Za-z0-9._-]` (safe to log). */
export function isValidRequestId(value: unknown): value is string {
  return typeof value === 'string' && VALID_REQUEST_ID.test(value);
}
