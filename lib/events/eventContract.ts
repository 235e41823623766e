/**
 * The contract between whoever publishes domain events (this repository's subgraphs,
 * through their outbox) and whoever reads them (the gateway's change feed). The gateway
 * depends on this module only, never on a publisher's code. Which fields of an event
 * name the entities it changed is the reader's configuration (the gateway's
 * `events` in its domain file), not part of the contract.
 */

/** A domain event as it travels on the bus (JSON on the Redis stream `events`). */
export interface EventEnvelope {
  /** Unique per event; consumers deduplicate on it. */
  id: string;
  /** Dotted type, e.g. `order.placed`. */
  type: string;
  /** When the change happened (ISO 8601), not when it was published. */
  occurredAt: string;
  /** The service that recorded it, e.g. `orders`. */
  source: string;
  /** The entity the event is about, as a federated reference. */
  subject?: { typename: string; id: string } | null;
  /**
   * Anything else; `invalidates: string[]` is read by the gateway as exactly the cache
   * tags the event changed (`[]`: nothing).
   */
  payload?: Record<string, unknown>;
}

/** A running subscription to an {@link EventSource}. */
export interface EventSubscription {
  /** Stops receiving; an event being handled finishes first. */
  stop(): Promise<void>;
}

/**
 * Where a reader gets events in process: every event, past and future, once per
 * consumer group. A throw from `handler` means "not done" (delivered again).
 */
export interface EventSource {
  subscribe(group: string, handler: (event: EventEnvelope) => Promise<void>): EventSubscription;
}
