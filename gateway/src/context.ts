import type { IncomingHttpHeaders } from 'node:http';
import type { Logger } from 'pino';
import type { CallerClaims } from '../../lib/claims';
import type { RequestCacheState } from './cache/requestCacheState';

/**
 * Per-request state of the gateway, built once per HTTP request before execution.
 * Nothing here knows the domain: who is calling, how to correlate the request, and
 * which client headers may travel on.
 */
export interface GatewayContext {
  [key: string]: unknown;
  /** `x-request-id` as received (when valid) or generated; returned and forwarded. */
  requestId: string;
  /** W3C trace context forwarded to subgraphs. */
  traceparent: string;
  /** The verified caller; null for an anonymous request. */
  claims: CallerClaims | null;
  /** The client's headers, for allow-listed propagation. */
  incomingHeaders: IncomingHttpHeaders;
  /** Logger bound to this request's id (no claims, no PII). */
  logger: Logger;
  /** When the whole request must be answered (epoch ms); no subgraph fetch waits past it. */
  deadline: number;
  /** Tags and read time for the caches; absent when a request takes no part in caching. */
  cache?: RequestCacheState;
  /**
   * Told of the cache state the operation runs with when it is not `cache` (the response
   * cache gives each operation of a request its own): how a live run learns its tags.
   */
  onCacheState?: (state: RequestCacheState) => void;
  /** Set by the gateway when it checked the document against trusted documents itself. */
  trustedDocument?: boolean;
}
