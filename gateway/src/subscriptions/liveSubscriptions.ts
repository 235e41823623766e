import type { IncomingHttpHeaders } from 'node:http';
import type { FormattedExecutionResult, GraphQLError } from 'graphql';
import { ChangeRouter } from './changeRouter';
import { LiveQuery } from './liveQuery';
import { liveSchemaBuilder } from './liveSchema';
import { prepareLiveOperation, type LiveRequest } from './prepareLiveOperation';
import { SubscriptionErrorCode, errorResult, subscriptionError } from './subscriptionErrors';
import { createSubscriptionMetrics, type Transport } from './subscriptionMetrics';
import type { SubscriberAuth, SubscriptionServerOptions } from './subscriptionServerOptions';

/** The results of one subscription, in order; ends when the subscription completes. */
export type ResultStream = AsyncGenerator<FormattedExecutionResult, void, unknown>;

/** Who subscribes, over what, and how the transport takes values. */
export interface Subscriber extends SubscriberAuth {
  /** Headers of the upgrade (WebSocket) or stream (SSE) request. */
  headers: IncomingHttpHeaders;
  transport: Transport;
  /** Resolves when the transport can take another value (see `LiveQueryOptions.ready`). */
  ready?: () => Promise<void>;
  /** Whether the stream itself ends at token expiry (SSE); WebSocket closes the socket instead. */
  endsAtExpiry: boolean;
}

/** Starts live subscriptions for both transports; owns the change routing. */
export interface LiveSubscriptions {
  /** Refusal errors, or the stream of results (one result for a trusted-documents refusal). */
  subscribe(request: LiveRequest, subscriber: Subscriber): readonly GraphQLError[] | ResultStream;
  /** Ends every open subscription and stops listening for changes. */
  close(): Promise<void>;
}

/**
 * The transport-independent part of subscriptions: trusted-documents check, validation
 * and rewrite (`prepareLiveOperation`), one {@link LiveQuery} per subscription run
 * through `options.execute` as the subscriber, re-run on changes to its tag and to the
 * tags its field follows among those its last answer carried.
 */
export function createLiveSubscriptions(options: SubscriptionServerOptions): LiveSubscriptions {
  const { logger } = options;
  const metrics = createSubscriptionMetrics(options.metrics);
  const router = new ChangeRouter(options.changes, {
    remember: (tag) => options.live.some((field) => field.follows?.(tag) ?? false),
  });
  const liveSchema = liveSchemaBuilder(options.live, logger);
  const open = new Set<LiveQuery>();
  const maxDocumentBytes = options.maxDocumentBytes ?? 32 * 1024;

  return {
    subscribe(request, subscriber) {
      const untrusted =
        typeof request.query === 'string' ? options.trustedDocuments?.(request.query) : undefined;
      if (untrusted) return once(errorResult([untrusted]));
      let prepared: ReturnType<typeof prepareLiveOperation>;
      try {
        prepared = prepareLiveOperation(
          liveSchema(options.apiSchema()),
          request,
          maxDocumentBytes,
          options.limits,
        );
      } catch (error) {
        logger.error({ err: error }, 'subscription could not be prepared');
        const message = 'the subscription could not be prepared';
        return [subscriptionError(SubscriptionErrorCode.INTERNAL_SERVER_ERROR, message)];
      }
      if (!('query' in prepared)) return prepared;
      const operation = prepared;
      const { transport, claims, headers } = subscriber;
      const ended = metrics.started(transport);
      let unwatch = (): void => undefined;
      const followed = new Map<string, () => void>();
      /** Watches the followed tags of the answer a run that began at `since` gave, only those. */
      const follow = (tags: readonly string[], since: number): void => {
        const next = new Set(tags.filter(operation.follows));
        for (const [tag, stop] of followed) {
          if (next.has(tag)) continue;
          stop();
          followed.delete(tag);
        }
        let missed = false;
        for (const tag of next) {
          if (followed.has(tag)) continue;
          followed.set(tag, router.watch(tag, query));
          // A change during the run may not be in its answer, and was not watched then.
          missed ||= router.changedSince(tag, since);
        }
        if (missed) query.changed();
      };
      const query = new LiveQuery({
        run: async () => {
          const since = Date.now();
          const run = await options.execute(operation.query, operation.variables, claims, headers);
          // Unknown tags (an answer from a cache that did not keep them): keep following.
          if (run.tags) follow(run.tags, since);
          return run.result;
        },
        responseKey: operation.responseKey,
        expiresAt: subscriber.endsAtExpiry ? subscriber.expiresAt : null,
        ...(subscriber.ready ? { ready: subscriber.ready } : {}),
        onUpdate: (outcome, seconds) => metrics.update(transport, outcome, seconds),
        onRunError: (error) =>
          logger.warn({ err: error, operation: operation.operationName }, 'live query run failed'),
        onEnd: () => {
          unwatch();
          for (const stop of followed.values()) stop();
          followed.clear();
          open.delete(query);
          ended();
          logger.debug({ operation: operation.operationName, transport }, 'subscription ended');
        },
      });
      open.add(query);
      unwatch = router.watch(operation.tag, query);
      logger.debug({ operation: operation.operationName, transport }, 'subscription started');
      return query.start();
    },
    async close() {
      router.close();
      await Promise.all([...open].map((query) => query.return()));
    },
  };
}

/** Whether `subscribe` refused (errors) rather than returning a stream. */
export function isRefusal(
  outcome: readonly GraphQLError[] | ResultStream,
): outcome is readonly GraphQLError[] {
  return Array.isArray(outcome);
}

/** A stream of exactly one result. */
async function* once(result: FormattedExecutionResult): ResultStream {
  yield result;
}
