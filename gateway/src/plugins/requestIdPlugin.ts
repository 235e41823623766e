import { randomBytes, randomUUID } from 'node:crypto';
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { isValidRequestId, REQUEST_ID_HEADER } from '../../../lib/requestId';
import { headerValue, type HeadersLike } from '../datasources/propagateHeaders';

/** The context fields {@link gatewayPluginRequestId} reads; the lead's context function sets them. */
export interface RequestIdContext extends BaseContext {
  /** From {@link requestIdFrom}. */
  requestId?: string;
  /** From {@link traceparentFrom}. */
  traceparent?: string;
}

export { REQUEST_ID_HEADER };
/** W3C trace context header. */
export const TRACEPARENT_HEADER = 'traceparent';

// W3C Trace Context: version-traceid-parentid-flags; version ff is invalid, and a
// future version may append fields after the flags.
const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;

/** The caller's `x-request-id` when it is 1-128 chars of `[A-Za-z0-9._-]`, else a new UUID. */
export function requestIdFrom(headers: HeadersLike): string {
  const incoming = headerValue(headers, REQUEST_ID_HEADER);
  return isValidRequestId(incoming) ? incoming : randomUUID();
}

/** Whether `value` is a valid W3C `traceparent` (non-zero ids, version not `ff`). */
export function isValidTraceparent(value: string): boolean {
  const match = TRACEPARENT.exec(value);
  if (!match) return false;
  const [, version, traceId, parentId, , rest] = match;
  if (version === 'ff' || (version === '00' && rest !== undefined)) return false;
  return !/^0+$/.test(traceId ?? '') && !/^0+$/.test(parentId ?? '');
}

/** The caller's `traceparent` when valid (passed through), else a new unsampled one. */
export function traceparentFrom(headers: HeadersLike): string {
  const incoming = headerValue(headers, TRACEPARENT_HEADER)?.trim().toLowerCase();
  if (incoming !== undefined && isValidTraceparent(incoming)) return incoming;
  return `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-00`;
}

/**
 * Returns the request id in the `x-request-id` response header, taken from
 * `contextValue.requestId` (which the gateway's context function sets with
 * {@link requestIdFrom}). Requests with no request id in context are left alone.
 */
export function gatewayPluginRequestId<
  TContext extends RequestIdContext,
>(): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, response }) {
          if (contextValue.requestId) {
            response.http.headers.set(REQUEST_ID_HEADER, contextValue.requestId);
          }
        },
      };
    },
  };
}
