import type { EventBus } from '../subgraphs/shared/events/eventBus';

/** An event bus that knows whether every consumer group has handled every published event. */
export interface CountingEventBus {
  bus: EventBus;
  /** True when every group has handled as many events as were published. */
  drained(): boolean;
  /** Events handled so far, all groups together (grows while consumers work). */
  handled(): number;
}

/**
 * Wraps `inner` to count events published and events each group's handler finished
 * (a group is handed every event, past and future). The bench uses it to wait until
 * the seeded history has been relayed and projected before it measures anything.
 */
export function countingEventBus(inner: EventBus): CountingEventBus {
  let published = 0;
  const handled = new Map<string, number>();
  const bus: EventBus = {
    kind: inner.kind,
    async publish(events) {
      await inner.publish(events);
      published += events.length;
    },
    subscribe(group, handler, options = {}) {
      handled.set(group, 0);
      const count = (n: number) => handled.set(group, (handled.get(group) ?? 0) + n);
      const { batch } = options;
      return inner.subscribe(
        group,
        async (event) => {
          await handler(event);
          count(1);
        },
        {
          ...options,
          ...(batch
            ? {
                batch: async (events) => {
                  await batch(events);
                  count(events.length);
                },
              }
            : {}),
        },
      );
    },
    close: () => inner.close(),
  };
  return {
    bus,
    drained: () => [...handled.values()].every((n) => n >= published),
    handled: () => [...handled.values()].reduce((a, b) => a + b, 0),
  };
}
