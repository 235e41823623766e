import { createLiveSubscriptions } from './liveSubscriptions';
import { createSseTransport } from './sseTransport';
import type { SubscriptionServer, SubscriptionServerOptions } from './subscriptionServerOptions';
import { createWsTransport } from './wsTransport';

export type {
  ChangeSource,
  LiveField,
  LiveRun,
  SubscriberAuth,
  SubscriptionServer,
  SubscriptionServerOptions,
} from './subscriptionServerOptions';
export { subscriberAuthenticator } from './subscriberAuthenticator';

/**
 * Live query results over WebSocket (graphql-ws) and Server-Sent Events (graphql-sse):
 * `subscription { <liveField>(<arg>: …) { … } }` answers what the matching `Query`
 * field answers, run through `options.execute` as the subscriber (so authorization,
 * limits and caches apply), then again after every change carrying the field's tag (or
 * a tag it follows that the last answer carried), sent only when the answer changed. Domain-agnostic: the live fields are options.
 * Listens for changes from creation until `close()`.
 */
export function createSubscriptionServer(options: SubscriptionServerOptions): SubscriptionServer {
  const closeGraceMs = options.closeGraceMs ?? 1000;
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  const subscriptions = createLiveSubscriptions(options);
  const authenticate: SubscriptionServerOptions['authenticate'] = (authorization) =>
    options.authenticate(authorization);
  const ws = createWsTransport({
    path: options.path ?? '/graphql',
    keepAliveMs: options.keepAliveMs,
    maxPerConnection: options.maxPerConnection,
    closeGraceMs,
    maxMessageBytes: maxBodyBytes,
    authenticate,
    apiSchema: () => options.apiSchema(),
    subscriptions,
    logger: options.logger,
  });
  const sse = createSseTransport({
    keepAliveMs: options.keepAliveMs,
    maxBodyBytes,
    closeGraceMs,
    authenticate,
    subscriptions,
    logger: options.logger,
  });
  let closed: Promise<void> | null = null;
  return {
    handleUpgrade: (req, socket, head) => ws.handleUpgrade(req, socket, head),
    sse: sse.handler,
    close() {
      closed ??= Promise.all([subscriptions.close(), ws.close(), sse.close()]).then(
        () => undefined,
      );
      return closed;
    },
  };
}
