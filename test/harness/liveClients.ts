import { createClient as createSseClient } from 'graphql-sse';
import { createClient as createWsClient } from 'graphql-ws';
import WebSocket from 'ws';

/** One live subscription as a client sees it: what arrived and how it ended. */
export interface LiveSubscription<TData = Record<string, unknown>> {
  /** Every result received, in order. */
  readonly results: {
    data?: TData | null;
    errors?: { message: string; extensions?: Record<string, unknown> }[];
  }[];
  /** Resolves when the server completes or ends the subscription (with the close code for WebSocket). */
  readonly ended: Promise<{ code?: number; reason?: string; error?: unknown }>;
  /**
   * Waits until a result satisfies `predicate`, and returns it; a minute at most by
   * default (as `eventually`): a matching result returns at once, a loaded machine is slow.
   */
  next(
    predicate: (result: LiveSubscription<TData>['results'][number]) => boolean,
    timeoutMs?: number,
  ): Promise<LiveSubscription<TData>['results'][number]>;
  /** Unsubscribes and disconnects. */
  close(): Promise<void>;
}

/**
 * Subscribes over WebSocket (graphql-ws) at `${baseUrl}/graphql`, sending the token in
 * `connectionParams.authorization` as Apollo Client's GraphQLWsLink would.
 */
export function subscribeOverWebSocket<TData = Record<string, unknown>>(
  baseUrl: string,
  token: string,
  query: string,
  variables: Record<string, unknown> = {},
): LiveSubscription<TData> {
  let closeEvent: { code?: number; reason?: string } = {};
  const client = createWsClient({
    url: `${baseUrl.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${token}` },
    retryAttempts: 0,
    lazy: false,
    // The close reaches the subscription's sink; no console noise.
    onNonLazyError: () => undefined,
    on: {
      closed: (event) => {
        const { code, reason } = event as { code?: number; reason?: string };
        closeEvent = { code, reason: String(reason ?? '') };
      },
    },
  });
  return track<TData>(
    (sink) => client.subscribe({ query, variables }, sink),
    async () => {
      await client.dispose();
    },
    () => closeEvent,
  );
}

/**
 * Subscribes over Server-Sent Events (graphql-sse, distinct connections) at
 * `${baseUrl}/graphql/stream`, sending the token as a bearer header.
 */
export function subscribeOverSse<TData = Record<string, unknown>>(
  baseUrl: string,
  token: string,
  query: string,
  variables: Record<string, unknown> = {},
): LiveSubscription<TData> {
  const client = createSseClient({
    url: `${baseUrl}/graphql/stream`,
    headers: { authorization: `Bearer ${token}` },
    retryAttempts: 0,
  });
  return track<TData>(
    (sink) => client.subscribe({ query, variables }, sink),
    async () => client.dispose(),
    () => ({}),
  );
}

type Sink = {
  next(value: unknown): void;
  error(error: unknown): void;
  complete(): void;
};

function track<TData>(
  start: (sink: Sink) => () => void,
  dispose: () => Promise<void>,
  closeInfo: () => { code?: number; reason?: string },
): LiveSubscription<TData> {
  const results: LiveSubscription<TData>['results'] = [];
  const waiters = new Set<() => void>();
  let resolveEnded!: (value: { code?: number; reason?: string; error?: unknown }) => void;
  const ended = new Promise<{ code?: number; reason?: string; error?: unknown }>(
    (resolve) => (resolveEnded = resolve),
  );
  const notify = (): void => {
    for (const waiter of waiters) waiter();
  };
  const unsubscribe = start({
    next(value) {
      results.push(value as LiveSubscription<TData>['results'][number]);
      notify();
    },
    error(error) {
      const info = closeInfo();
      const event = error as { code?: number; reason?: string };
      resolveEnded({
        code: info.code ?? event?.code,
        reason: info.reason ?? event?.reason,
        error,
      });
      notify();
    },
    complete() {
      resolveEnded({ ...closeInfo() });
      notify();
    },
  });
  return {
    results,
    ended,
    next(predicate, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        const check = (): void => {
          const found = results.find(predicate);
          if (found) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve(found);
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(
            new Error(`no matching result within ${timeoutMs} ms; got ${JSON.stringify(results)}`),
          );
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    async close() {
      unsubscribe();
      await dispose();
    },
  };
}
