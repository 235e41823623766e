import type { GraphQLSchema } from 'graphql';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { createAuthenticator } from '../auth/createAuthenticator';
import type { GatewayConfig } from '../config';
import type { TrustedDocumentManifest } from '../limits/trustedDocumentManifest';
import { untrustedDocumentError } from '../plugins/trustedDocumentsPlugin';
import {
  createSubscriptionServer,
  subscriberAuthenticator,
  type LiveField,
  type SubscriptionServer,
} from '../subscriptions';
import type { InternalExecutor } from './internalExecutor';
import type { Caching } from './startCaching';

/**
 * The live subscriptions (graphql-ws and SSE) when enabled, else null: each live field
 * re-runs through `execute` when the hub announces one of its tags.
 */
export function liveSubscriptionServer(options: {
  config: GatewayConfig;
  live: readonly LiveField[];
  apiSchema(): GraphQLSchema | null;
  authenticate: ReturnType<typeof createAuthenticator>;
  execute: InternalExecutor;
  caching: Caching;
  trustedManifest: TrustedDocumentManifest | null;
  logger: Logger;
  metrics: Registry;
}): SubscriptionServer | null {
  const { config, trustedManifest } = options;
  if (!config.subscriptions.enabled) return null;
  return createSubscriptionServer({
    live: options.live,
    apiSchema: () => {
      const schema = options.apiSchema();
      if (!schema) throw new Error('the supergraph is not loaded yet');
      return schema;
    },
    authenticate: subscriberAuthenticator(options.authenticate),
    execute: options.execute,
    changes: options.caching.hub,
    keepAliveMs: config.subscriptions.keepAliveMs,
    maxPerConnection: config.subscriptions.maxPerConnection,
    maxDocumentBytes: config.limits.maxDocumentBytes,
    limits: config.limits,
    maxBodyBytes: config.limits.maxBodyBytes,
    logger: options.logger,
    metrics: options.metrics,
    ...(trustedManifest && config.trustedDocuments.mode === 'require'
      ? {
          trustedDocuments: (document: string) => untrustedDocumentError(trustedManifest, document),
        }
      : {}),
  });
}
