import type { ApolloServerPlugin } from '@apollo/server';
import type { Logger } from 'pino';

/** What the plugin needs from the request context. */
export interface RequestLogContext {
  /** Logger bound to the request id. */
  logger: Logger;
}

/**
 * One structured line per served operation, through the request's own logger (so it
 * carries the request id): operation name, outcome, error codes and duration. Never the
 * variables or the response: they hold customers' phone numbers and emails.
 */
export function gatewayPluginRequestLog<
  TContext extends RequestLogContext,
>(): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      const started = performance.now();
      return {
        async willSendResponse({ contextValue, operationName, response, errors }) {
          const body = response.body;
          const resultErrors = body.kind === 'single' ? (body.singleResult.errors ?? []) : [];
          const codes = [...(errors ?? []), ...resultErrors].map((error) => {
            const code = error.extensions?.code;
            return typeof code === 'string' ? code : 'UNKNOWN';
          });
          contextValue.logger.info(
            {
              operation: operationName ?? 'anonymous',
              outcome: codes.length > 0 ? 'error' : 'success',
              errorCodes: [...new Set(codes)],
              status: response.http.status ?? 200,
              durationMs: Math.round(performance.now() - started),
            },
            'graphql request',
          );
        },
      };
    },
  };
}
