import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FormattedExecutionResult, GraphQLError, GraphQLSchema } from 'graphql';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { CallerClaims } from '../../../lib/claims';
import type { RouteHandler } from '../../../lib/http/startHttpServer';
import type { LimitsOptions } from '../limits/validateLimits';

/**
 * One live field: `subscription { <subscriptionField>(<argument>: …) { … } }` answers
 * what `query { <queryField>(<argument>: …) { … } }` answers, again whenever a change
 * carries `tag(<argument value>)`. Generic: the deployment names the fields.
 */
export interface LiveField {
  /** Name of the field added to the API schema's `Subscription` type, e.g. `customerContext`. */
  subscriptionField: string;
  /** The `Query` field it re-runs, e.g. `customer`; its return type is the subscription's. */
  queryField: string;
  /** The one argument carried over, e.g. `id` (its type is taken from the `Query` field). */
  argument: string;
  /** The change tag that makes an answer stale, e.g. `customer:<id>`. */
  tag(value: string): string;
  /**
   * Tags of a run's answer (the cache tags it was built from) that make it stale too: a
   * subscription also re-runs on a change to any of these its last answer carried.
   * Never one that a run itself changes (a read logged as a view): each run would cause
   * the next. Default: none.
   */
  follows?(tag: string): boolean;
}

/** One run of a live query: its result and, when known, the cache tags it was built from. */
export interface LiveRun {
  result: FormattedExecutionResult;
  tags?: readonly string[];
}

/** Who a subscriber is, and until when (ms epoch; null: the credential never expires). */
export interface SubscriberAuth {
  claims: CallerClaims | null;
  expiresAt: number | null;
}

/** Where changes come from: `subscribe` returns the function that unsubscribes. */
export interface ChangeSource {
  subscribe(listener: (tags: readonly string[]) => void): () => void;
}

/** Options for `createSubscriptionServer`. */
export interface SubscriptionServerOptions {
  /** The live fields served; each becomes a field of `Subscription`. */
  live: readonly LiveField[];
  /** The API schema being served now (read on every subscribe, so hot reloads apply). */
  apiSchema(): GraphQLSchema;
  /**
   * Verifies an `Authorization` value (`undefined`: anonymous). Throws the gateway's
   * `AuthenticationError` for a bad token (`SigningKeysUnavailableError` when keys are
   * unreachable). See `subscriberAuthenticator`.
   */
  authenticate(authorization: string | undefined): Promise<SubscriberAuth>;
  /** Runs a query document as the caller, through the gateway's full request pipeline. */
  execute(
    query: string,
    variables: Record<string, unknown>,
    claims: CallerClaims | null,
    headers: IncomingHttpHeaders,
  ): Promise<LiveRun>;
  /** Change notifications; every tag of every change. */
  changes: ChangeSource;
  /** WebSocket ping interval and SSE comment interval, ms (config default 12 000). */
  keepAliveMs: number;
  /** Most subscriptions one WebSocket connection may hold at once (config default 100). */
  maxPerConnection: number;
  logger: Logger;
  /** Where `gateway_subscription*` metrics are registered. */
  metrics: Registry;
  /** Trusted-documents check of the subscription text; an error returned is the answer. */
  trustedDocuments?: (document: string) => GraphQLError | undefined;
  /** Path the WebSocket server accepts upgrades on. Default `/graphql`. */
  path?: string;
  /** Largest subscription document accepted, bytes. Default 32 KiB. */
  maxDocumentBytes?: number;
  /**
   * The structural limits of `POST /graphql` (depth, aliases, root fields, expanded
   * selections), checked when a subscription is prepared. Default their defaults.
   */
  limits?: LimitsOptions;
  /** Largest SSE request body or WebSocket message accepted, bytes. Default 1 MiB. */
  maxBodyBytes?: number;
  /** How long `close()` waits for WebSocket close handshakes before cutting, ms. Default 1000. */
  closeGraceMs?: number;
}

/** The running subscription transports. */
export interface SubscriptionServer {
  /** Hand HTTP `upgrade` events here: graphql-ws (`graphql-transport-ws`) on `path`. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** graphql-sse, distinct connections mode; mount it on `/graphql/stream`. */
  sse: RouteHandler;
  /** Closes every socket (1001) and ends every stream, then refuses new ones. */
  close(): Promise<void>;
}
