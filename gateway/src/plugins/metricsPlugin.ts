import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { Counter, Histogram, type Registry } from 'prom-client';

/** Options for {@link gatewayPluginMetrics}. */
export interface GatewayPluginMetricsOptions {
  /** Registry the gateway serves at `/metrics`. */
  registry: Registry;
  /**
   * Distinct operation names labelled at most; later new names count as `other`, so
   * clients choosing names cannot grow the series (and the gateway's memory) without
   * bound. Default 200.
   */
  maxOperationNames?: number;
}

/** Longest operation name used as a label; longer ones count as `other`. */
const MAX_NAME_LENGTH = 100;

/**
 * Counts operations by name and outcome and records their latency:
 * `gateway_requests_total{operation,outcome}` and
 * `gateway_request_duration_seconds{operation}`. Anonymous operations are labelled
 * `anonymous`; outcome is `success` or `error` (any error in the response). Names beyond
 * the first `maxOperationNames` distinct ones are labelled `other`.
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
  const labelled = new Set<string>();
  const maxNames = options.maxOperationNames ?? 200;
  const labelOf = (name: string | null | undefined): string => {
    if (!name) return 'anonymous';
    if (labelled.has(name)) return name;
    if (labelled.size >= maxNames || name.length > MAX_NAME_LENGTH) return 'other';
    labelled.add(name);
    return name;
  };
  return {
    async requestDidStart() {
      const end = duration.startTimer();
      return {
        async willSendResponse(context) {
          const operation = labelOf(context.operationName);
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
