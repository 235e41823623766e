import type { DomainEvent } from '../outbox';

/** A domain event as it travels between subgraphs: the outbox row, with its id and time. */
export interface PublishedEvent extends Omit<DomainEvent, 'id' | 'occurredAt'> {
  /** The outbox row id; consumers deduplicate on it. */
  id: string;
  /** When the change happened (ISO 8601), not when it was published. */
  occurredAt: string;
  /** The subgraph that recorded it, e.g. `orders`. */
  source: string;
}

/** Handles one event; a throw means "not done": the bus delivers it again later. */
export type EventHandler = (event: PublishedEvent) => Promise<void>;

/**
 * Handles several events at once, in order (e.g. in one transaction); a throw means
 * none is done: every one is delivered again.
 */
export type BatchHandler = (events: readonly PublishedEvent[]) => Promise<void>;

/** How a group wants its events when several are waiting. */
export interface SubscribeOptions {
  /** Gets up to `maxBatch` waiting events at once; `handler` still gets a lone one. */
  batch?: BatchHandler;
  /** Most events one `batch` call gets. Default 100. */
  maxBatch?: number;
}

/** A running subscription. */
export interface Subscription {
  /** Stops receiving; an event being handled finishes first. */
  stop(): Promise<void>;
}

/**
 * Carries domain events from the subgraphs' outbox relays to consumers, at least once:
 * Redis Streams with consumer groups when `REDIS_URL` is set, an in-process log
 * otherwise. Consumers must be idempotent (dedupe on `event.id`).
 */
export interface EventBus {
  /** Which implementation this is, for `/ready` and logs. */
  readonly kind: 'memory' | 'redis';
  /** Appends events; throws when the bus cannot take them (the caller retries). */
  publish(events: readonly PublishedEvent[]): Promise<void>;
  /**
   * Delivers every event, past and future, to `handler` once per consumer group
   * (a group shared by replicas splits the work between them).
   */
  subscribe(group: string, handler: EventHandler, options?: SubscribeOptions): Subscription;
  /** Releases connections. */
  close(): Promise<void>;
}
