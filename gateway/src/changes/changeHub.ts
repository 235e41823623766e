/** Receives the tags of one change. */
export type TagListener = (tags: readonly string[]) => void;

/**
 * Fans changes out inside one gateway process: the change feed (domain events from
 * every subgraph and replica) and this replica's own mutations publish here, after the
 * caches were evicted; live subscriptions listen. A listener that throws is logged by
 * the caller's `onError` and never stops the others.
 */
export class ChangeHub {
  private readonly listeners = new Set<TagListener>();

  constructor(private readonly onError: (error: unknown) => void = () => undefined) {}

  /** Starts calling `listener` for every change; returns how to stop. */
  subscribe(listener: TagListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  publish(tags: readonly string[]): void {
    if (tags.length === 0) return;
    for (const listener of this.listeners) {
      try {
        listener(tags);
      } catch (error) {
        this.onError(error);
      }
    }
  }
}
