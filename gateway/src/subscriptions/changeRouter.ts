import type { ChangeSource } from './subscriptionServerOptions';

/** Something that wants to hear about changes to one tag. */
export interface ChangeTarget {
  changed(): void;
}

/**
 * Routes changes to the subscriptions whose tag they carry, through one listener on
 * the change source and an index by tag, so a change costs a lookup per tag rather
 * than a call per open subscription.
 */
export class ChangeRouter {
  private readonly byTag = new Map<string, Set<ChangeTarget>>();
  private readonly unsubscribe: () => void;

  constructor(changes: ChangeSource) {
    this.unsubscribe = changes.subscribe((tags) => this.route(tags));
  }

  /** Starts telling `target` about changes to `tag`; returns the function that stops. */
  watch(tag: string, target: ChangeTarget): () => void {
    let targets = this.byTag.get(tag);
    if (!targets) {
      targets = new Set();
      this.byTag.set(tag, targets);
    }
    targets.add(target);
    return () => {
      targets.delete(target);
      if (targets.size === 0 && this.byTag.get(tag) === targets) this.byTag.delete(tag);
    };
  }

  /** Stops listening to the change source. */
  close(): void {
    this.unsubscribe();
    this.byTag.clear();
  }

  private route(tags: readonly string[]): void {
    const notified = new Set<ChangeTarget>();
    for (const tag of tags) {
      for (const target of this.byTag.get(tag) ?? []) {
        if (notified.has(target)) continue;
        notified.add(target);
        target.changed();
      }
    }
  }
}
