import type { IncomingHttpHeaders } from 'node:http';
import { Counter, Gauge, type Registry } from 'prom-client';
import type { CallerClaims } from '../../../lib/claims';
import type { WrittenAnswer } from '../../../lib/http/graphqlHttpHandler';
import { sha256Key } from '../../../lib/stableJson';
import { callerKey } from '../cache/callerScope';
import { isQueryOperation } from '../resilience/operationKind';

/** One answer as written to the client: what identical requests in flight all receive. */
export type SharedAnswer = WrittenAnswer;

/** Options for {@link inboundDedupe}. */
export interface InboundDedupeOptions {
  /**
   * Client headers that travel to subgraphs (every allow list of the config): they can
   * change the answer, so they are part of the key.
   */
  answerShapingHeaders: readonly string[];
  /**
   * Where `gateway_inbound_dedupe_total{outcome}` and `gateway_inbound_dedupe_waiting` are
   * registered. Default: not counted.
   */
  registry?: Registry;
  /**
   * When the gateway last learnt of a change (epoch ms): a request never joins one that
   * began before it, which may have read the data as it was. Default: never.
   */
  lastChangeAt?: () => number;
}

/** Inbound deduplication: see {@link inboundDedupe}. */
export interface InboundDedupe {
  /**
   * The key of a request that may share an identical one's answer, or null (a
   * mutation, a subscription, a batch, a persisted query without its text, a
   * conditional request, anything not certainly a query).
   */
  keyOf(request: {
    method: string;
    headers: IncomingHttpHeaders;
    body: unknown;
    raw: string;
    claims: CallerClaims | null;
  }): string | null;
  /**
   * Runs `execute` unless a request of the same key is in flight, in which case it waits
   * for that one's answer. `execute` resolves with the answer to share, or null when it
   * may not be shared (not 200, streamed): the waiters then run on their own, as they
   * do when it throws.
   */
  share(
    key: string,
    execute: () => Promise<SharedAnswer | null>,
  ): Promise<{ answer: SharedAnswer | null; shared: boolean }>;
}

/** Headers that can change an answer whatever the config: the format asked for, the body's type. */
const ALWAYS_IN_KEY = [
  'accept',
  'content-type',
  'apollo-require-preflight',
  'x-apollo-operation-name',
];

/**
 * Identical queries in flight at once execute once: every waiter gets the leader's
 * status, headers and body bytes. Identical means the same body text (document,
 * operation name, variables, extensions), the same caller (identity and authorization:
 * `callerKey` of the verified claims) and the same value of every header that can
 * change the answer (propagated client headers, `accept`, `content-type`). Never a
 * mutation or subscription: the operation's kind is read from the document (each
 * distinct document is parsed once, see `isQueryOperation`).
 */
export function inboundDedupe(options: InboundDedupeOptions): InboundDedupe {
  const inFlight = new Map<string, { answer: Promise<SharedAnswer | null>; startedAt: number }>();
  const lastChangeAt = options.lastChangeAt ?? (() => 0);
  const headerNames = [
    ...new Set([...ALWAYS_IN_KEY, ...options.answerShapingHeaders.map((h) => h.toLowerCase())]),
  ].sort();
  const counter = options.registry
    ? new Counter({
        name: 'gateway_inbound_dedupe_total',
        help: 'Queries by inbound deduplication outcome: executed (led) or answered with an identical in-flight query (shared)',
        labelNames: ['outcome'],
        registers: [options.registry],
      })
    : null;
  const waiting = options.registry
    ? new Gauge({
        name: 'gateway_inbound_dedupe_waiting',
        help: 'Queries waiting now for the answer of an identical query in flight',
        registers: [options.registry],
      })
    : null;
  return {
    keyOf({ method, headers, body, raw, claims }) {
      if (method !== 'POST' || headers['if-none-match'] !== undefined) return null;
      if (typeof body !== 'object' || body === null || Array.isArray(body)) return null;
      const { query, operationName } = body as { query?: unknown; operationName?: unknown };
      if (typeof query !== 'string') return null;
      if (
        operationName !== undefined &&
        operationName !== null &&
        typeof operationName !== 'string'
      )
        return null;
      if (!isQueryOperation(query, operationName ?? undefined)) return null;
      const shaping = headerNames.map((name) => headers[name] ?? null);
      return sha256Key(JSON.stringify([callerKey(claims), shaping, raw]));
    },
    async share(key, execute) {
      const pending = inFlight.get(key);
      // One that began before the last change may have read the old data: not joined.
      if (pending && pending.startedAt > lastChangeAt()) {
        waiting?.inc();
        const answer = await pending.answer.catch(() => null).finally(() => waiting?.dec());
        if (answer) {
          counter?.inc({ outcome: 'shared' });
          return { answer, shared: true };
        }
      }
      const entry = { answer: execute(), startedAt: Date.now() };
      // The first of a wave leads, or one that replaces a leader older than a change; one
      // that ran itself because its leader's answer could not be shared does not.
      const current = inFlight.get(key);
      const lead = !current || current.startedAt <= lastChangeAt();
      if (lead) inFlight.set(key, entry);
      try {
        const answer = await entry.answer;
        counter?.inc({ outcome: 'led' });
        return { answer, shared: false };
      } finally {
        if (lead && inFlight.get(key) === entry) inFlight.delete(key);
      }
    },
  };
}
