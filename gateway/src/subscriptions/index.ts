/**
 * Live subscriptions (WebSocket and SSE) for the gateway; see
 * {@link createSubscriptionServer}.
 */
export {
  createSubscriptionServer,
  subscriberAuthenticator,
  type ChangeSource,
  type LiveField,
  type LiveRun,
  type SubscriberAuth,
  type SubscriptionServer,
  type SubscriptionServerOptions,
} from './createSubscriptionServer';
