import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { UpdateOutcome } from './liveQuery';

/** The transports subscriptions are served over (a metrics label). */
export type Transport = 'ws' | 'sse';

/** The subscription metrics, per transport. */
export interface SubscriptionMetrics {
  /** A subscription started; call the returned function when it ends. */
  started(transport: Transport): () => void;
  /** One update's outcome, with the change→sent latency for sent ones. */
  update(transport: Transport, outcome: UpdateOutcome, secondsSinceChange?: number): void;
}

/**
 * Registers `gateway_subscriptions_active{transport}`,
 * `gateway_subscription_updates_total{transport,outcome}` (`sent`: an update reached
 * the transport; `unchanged`: a re-run gave what the client already has; `coalesced`:
 * a newer result replaced it before the client took it) and
 * `gateway_subscription_update_seconds{transport}` (change → sent). Reuses metrics
 * already on the registry, so a second server on one registry does not throw.
 */
export function createSubscriptionMetrics(registry: Registry): SubscriptionMetrics {
  const active =
    existing<Gauge<'transport'>>(registry, 'gateway_subscriptions_active') ??
    new Gauge({
      name: 'gateway_subscriptions_active',
      help: 'Live subscriptions open now, by transport',
      labelNames: ['transport'],
      registers: [registry],
    });
  const updates =
    existing<Counter<'transport' | 'outcome'>>(registry, 'gateway_subscription_updates_total') ??
    new Counter({
      name: 'gateway_subscription_updates_total',
      help: 'Re-run results of live subscriptions, by outcome (sent, unchanged, coalesced)',
      labelNames: ['transport', 'outcome'],
      registers: [registry],
    });
  const latency =
    existing<Histogram<'transport'>>(registry, 'gateway_subscription_update_seconds') ??
    new Histogram({
      name: 'gateway_subscription_update_seconds',
      help: 'Time from a change to the updated result reaching the transport',
      labelNames: ['transport'],
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    });
  return {
    started(transport) {
      active.inc({ transport });
      let ended = false;
      return () => {
        if (ended) return;
        ended = true;
        active.dec({ transport });
      };
    },
    update(transport, outcome, seconds) {
      updates.inc({ transport, outcome });
      if (outcome === 'sent' && seconds !== undefined) latency.observe({ transport }, seconds);
    },
  };
}

function existing<T>(registry: Registry, name: string): T | undefined {
  return registry.getSingleMetric(name) as T | undefined;
}
