import { CircuitState } from 'cockatiel';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { SubgraphFailureReason } from './subgraphUnavailableError';

/** `gateway_circuit_state` values. */
export const CircuitStateValue = { closed: 0, halfOpen: 1, open: 2 } as const;

/** Subgraph fetch metrics, created once per registry and shared by every data source. */
export interface SubgraphMetrics {
  /** Records one subgraph fetch (retries included) that took `seconds`. */
  observeFetch(subgraph: string, outcome: 'success' | 'error', seconds: number): void;
  /** Counts one failed subgraph fetch. */
  countError(subgraph: string, reason: SubgraphFailureReason): void;
  /** Sets the breaker state of a subgraph. */
  setCircuitState(subgraph: string, state: keyof typeof CircuitStateValue): void;
  /** Records one entity call sent for `fetches` incoming requests' entity fetches. */
  observeBatch(subgraph: string, fetches: number): void;
  /** Records the subgraph's own time for one answer (its `Server-Timing`), seconds. */
  observeServerTime(subgraph: string, seconds: number): void;
}

/**
 * Registers `gateway_subgraph_fetch_duration_seconds{subgraph,outcome}`,
 * `gateway_subgraph_errors_total{subgraph,reason}` and `gateway_circuit_state{subgraph}`
 * (0 closed, 1 half-open, 2 open) and `gateway_subgraph_entity_batch_fetches{subgraph}`
 * (incoming entity fetches per call sent) and `gateway_subgraph_server_seconds{subgraph}`
 * (the subgraph's own time per answer, from its `Server-Timing`: the rest of a fetch's
 * duration is the hop, queueing and this process) in `registry`. Call once per registry.
 */
export function createSubgraphMetrics(registry: Registry): SubgraphMetrics {
  const duration = new Histogram({
    name: 'gateway_subgraph_fetch_duration_seconds',
    help: 'Time for one subgraph fetch, retries included, by subgraph and outcome',
    labelNames: ['subgraph', 'outcome'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const errors = new Counter({
    name: 'gateway_subgraph_errors_total',
    help: 'Failed subgraph fetches, by subgraph and reason',
    labelNames: ['subgraph', 'reason'],
    registers: [registry],
  });
  const circuit = new Gauge({
    name: 'gateway_circuit_state',
    help: 'Circuit breaker state per subgraph: 0 closed, 1 half-open, 2 open',
    labelNames: ['subgraph'],
    registers: [registry],
  });
  const batches = new Histogram({
    name: 'gateway_subgraph_entity_batch_fetches',
    help: 'Entity fetches of concurrent requests sent as one subgraph call, by subgraph',
    labelNames: ['subgraph'],
    buckets: [1, 2, 4, 8, 16, 32, 64],
    registers: [registry],
  });
  const serverTime = new Histogram({
    name: 'gateway_subgraph_server_seconds',
    help: "A subgraph's own time for one answer (its Server-Timing), by subgraph",
    labelNames: ['subgraph'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  return {
    observeBatch: (subgraph, fetches) => batches.observe({ subgraph }, fetches),
    observeServerTime: (subgraph, seconds) => serverTime.observe({ subgraph }, seconds),
    observeFetch: (subgraph, outcome, seconds) => duration.observe({ subgraph, outcome }, seconds),
    countError: (subgraph, reason) => errors.inc({ subgraph, reason }),
    setCircuitState: (subgraph, state) => circuit.set({ subgraph }, CircuitStateValue[state]),
  };
}

/** The `gateway_circuit_state` name of a cockatiel breaker state (isolated counts as open). */
export function circuitStateName(state: CircuitState): keyof typeof CircuitStateValue {
  switch (state) {
    case CircuitState.Closed:
      return 'closed';
    case CircuitState.HalfOpen:
      return 'halfOpen';
    case CircuitState.Open:
    case CircuitState.Isolated:
      return 'open';
    default: {
      const unreachable: never = state;
      throw new Error(`unknown circuit state ${String(unreachable)}`);
    }
  }
}
