import type { Logger } from 'pino';
import type {
  BatchHandler,
  EventBus,
  EventHandler,
  PublishedEvent,
  SubscribeOptions,
  Subscription,
} from './eventBus';

interface Group {
  handler: EventHandler;
  batch: BatchHandler | null;
  maxBatch: number;
  /** After a failed batch: how many of its events are still to be handled one by one. */
  single: number;
  /** Index in the log of the next event this group has not handled. */
  next: number;
  pumping: boolean;
  stopped: boolean;
  timer: NodeJS.Timeout | null;
}

/**
 * The in-process bus of the all-in-one start: a log in memory, one cursor per
 * consumer group. A handler that throws gets the same event again after `retryMs`
 * (later events wait, so nothing is skipped). Events every group has handled are
 * dropped from memory; without any group, the newest `maxRetained` are kept.
 */
export class MemoryEventBus implements EventBus {
  readonly kind = 'memory';
  private log: PublishedEvent[] = [];
  private readonly groups = new Map<string, Group>();

  constructor(
    private readonly logger: Logger,
    private readonly options: { retryMs?: number; maxRetained?: number } = {},
  ) {}

  async publish(events: readonly PublishedEvent[]): Promise<void> {
    this.log.push(...events);
    if (this.groups.size === 0) {
      const excess = this.log.length - (this.options.maxRetained ?? 100_000);
      if (excess > 0) this.log.splice(0, excess);
    }
    for (const group of this.groups.values()) this.pump(group);
  }

  subscribe(name: string, handler: EventHandler, options: SubscribeOptions = {}): Subscription {
    if (this.groups.has(name)) throw new Error(`consumer group ${name} is already subscribed`);
    const group: Group = {
      handler,
      batch: options.batch ?? null,
      maxBatch: Math.max(1, options.maxBatch ?? 100),
      single: 0,
      next: 0,
      pumping: false,
      stopped: false,
      timer: null,
    };
    this.groups.set(name, group);
    this.pump(group);
    return {
      stop: async () => {
        group.stopped = true;
        if (group.timer) clearTimeout(group.timer);
        this.groups.delete(name);
      },
    };
  }

  async close(): Promise<void> {
    for (const group of this.groups.values()) {
      group.stopped = true;
      if (group.timer) clearTimeout(group.timer);
    }
    this.groups.clear();
  }

  private pump(group: Group): void {
    if (group.pumping || group.stopped) return;
    group.pumping = true;
    void this.drain(group).finally(() => {
      group.pumping = false;
      // Events published while this pass was finishing: go again (unless waiting to retry).
      if (!group.timer && group.next < this.log.length) this.pump(group);
    });
  }

  private async drain(group: Group): Promise<void> {
    while (!group.stopped && group.next < this.log.length) {
      const event = this.log[group.next]!;
      if (group.batch && !group.single && this.log.length - group.next > 1) {
        const events = this.log.slice(group.next, group.next + group.maxBatch);
        try {
          await group.batch(events);
          group.next += events.length;
        } catch (error) {
          // One bad event must not hold the others back: these are tried one by one.
          this.logger.warn(
            { err: error, events: events.length },
            'event batch failed; handling its events one by one',
          );
          group.single = events.length;
        }
        continue;
      }
      try {
        await group.handler(event);
        group.next += 1;
        if (group.single) group.single -= 1;
      } catch (error) {
        this.logger.warn({ err: error, eventId: event.id }, 'event handler failed; will retry');
        group.timer = setTimeout(() => {
          group.timer = null;
          this.pump(group);
        }, this.options.retryMs ?? 1000);
        return;
      }
    }
    this.compact();
  }

  /** Drops events every group has handled. */
  private compact(): void {
    const done = Math.min(...[...this.groups.values()].map((g) => g.next));
    if (!Number.isFinite(done) || done < 1024) return;
    this.log = this.log.slice(done);
    for (const group of this.groups.values()) group.next -= done;
  }
}
