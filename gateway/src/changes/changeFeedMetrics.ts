import { Counter, Gauge, type Registry } from 'prom-client';
import type { SkipReason } from './changeOfEvent';

/** Metrics of a change feed. */
export interface ChangeFeedMetrics {
  /** `gateway_change_feed_connected{feed}`: 1 while the feed reads its source. */
  setConnected(feed: string, connected: boolean): void;
  /** `gateway_change_feed_changes_total{feed}`: changes delivered to the listener. */
  countChange(feed: string): void;
  /** `gateway_change_feed_skipped_total{feed, reason}`: entries that announced no change. */
  countSkipped(feed: string, reason: SkipReason): void;
}

/**
 * Registers the change feed metrics in `registry` (or reuses them when already there);
 * without a registry, a feed records nothing.
 */
export function createChangeFeedMetrics(registry?: Registry): ChangeFeedMetrics {
  if (!registry)
    return {
      setConnected: () => undefined,
      countChange: () => undefined,
      countSkipped: () => undefined,
    };
  const connected =
    (registry.getSingleMetric('gateway_change_feed_connected') as Gauge | undefined) ??
    new Gauge({
      name: 'gateway_change_feed_connected',
      help: 'Whether the change feed is reading its source (1) or reconnecting (0), by feed',
      labelNames: ['feed'],
      registers: [registry],
    });
  const changes =
    (registry.getSingleMetric('gateway_change_feed_changes_total') as Counter | undefined) ??
    new Counter({
      name: 'gateway_change_feed_changes_total',
      help: 'Domain-event changes the change feed delivered to the gateway, by feed',
      labelNames: ['feed'],
      registers: [registry],
    });
  const skipped =
    (registry.getSingleMetric('gateway_change_feed_skipped_total') as Counter | undefined) ??
    new Counter({
      name: 'gateway_change_feed_skipped_total',
      help: 'Event stream entries that announced no change, by feed and reason (evicts nothing: e.g. an audited read; not an event)',
      labelNames: ['feed', 'reason'],
      registers: [registry],
    });
  return {
    setConnected: (feed, up) => connected.set({ feed }, up ? 1 : 0),
    countChange: (feed) => changes.inc({ feed }),
    countSkipped: (feed, reason) => skipped.inc({ feed, reason }),
  };
}
