import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { Counter, Histogram, type Registry } from 'prom-client';

/** Options for {@link gatewayPluginMetrics}. */
export interface GatewayPluginMetricsOptions {
  /** Registry the gateway serves at `/metrics`. */
  registry: Registry;
}

/**
 * Counts operations by name and outcome and records their latency:
 * `gateway_requests_total{operation,outcome}` and
 * `gateway_request_duration_seconds{operation}`. Anonymous operations are labelled
 * `anonymous`; outcome is `success` or `error` (any error in the response).
 */
export function gatewayPluginMetrics(
  options: GatewayPluginMetricsOptions,
): ApolloServerPlugin<BaseContext> {
  const requests = new Counter({
    name: 'gateway_requests_total',
    help: 'GraphQL operations served, by operation name and outcome',
    labelNames: ['operation', 'outcome'],
    registers: [options.registry],
  });
  const duration = new Histogram({
    name: 'gateway_request_duration_seconds',
    help: 'Time from receiving an operation to sending its response',
    labelNames: ['operation'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [options.registry],
  });
  return {
    async requestDidStart() {
      const end = duration.startTimer();
      return {
        async willSendResponse(context) {
          const operation = context.operationName ?? 'anonymous';
          const body = context.response.body;
          const hasErrors =
            body.kind === 'single' ? (body.singleResult.errors?.length ?? 0) > 0 : false;
          requests.inc({ operation, outcome: hasErrors ? 'error' : 'success' });
          end({ operation });
        },
      };
    },
  };
}
