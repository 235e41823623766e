import type { ChangeSource } from './subscriptionServerOptions';

/** Something that wants to hear about changes to one tag. */
export interface ChangeTarget {
  changed(): void;
}

/** Options for {@link ChangeRouter}. */
export interface ChangeRouterOptions {
  /**
   * Tags whose last change is remembered for `horizonMs`, so {@link ChangeRouter.changedSince}
   * can tell whether a tag a subscription starts to watch after a run changed during it.
   * Default: none.
   */
  remember?: (tag: string) => boolean;
  /** How long a change is remembered, ms: longer than a run may take. Default 60 000. */
  horizonMs?: number;
  /** Most tags remembered at once; older ones are forgotten first. Default 100 000. */
  maxRemembered?: number;
  now?: () => number;
}

/**
 * Routes changes to the subscriptions whose tag they carry, through one listener on
 * the change source and an index by tag, so a change costs a lookup per tag rather
 * than a call per open subscription.
 */
export class ChangeRouter {
  private readonly byTag = new Map<string, Set<ChangeTarget>>();
  private readonly unsubscribe: () => void;
  /** Last change of each remembered tag (epoch ms), oldest first. */
  private readonly recent = new Map<string, number>();
  /** The newest change forgotten before its horizon (room ran out): unknown since then. */
  private forgottenUpTo = -Infinity;
  private readonly remember: (tag: string) => boolean;
  private readonly horizonMs: number;
  private readonly maxRemembered: number;
  private readonly now: () => number;

  constructor(changes: ChangeSource, options: ChangeRouterOptions = {}) {
    this.remember = options.remember ?? (() => false);
    this.horizonMs = options.horizonMs ?? 60_000;
    this.maxRemembered = options.maxRemembered ?? 100_000;
    this.now = options.now ?? Date.now;
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

  /**
   * Whether a remembered tag may have changed at or after `since` (epoch ms): true when
   * it did, or when that moment is past what is still remembered.
   */
  changedSince(tag: string, since: number): boolean {
    const now = this.now();
    if (since <= this.forgottenUpTo || since < now - this.horizonMs) return true;
    return (this.recent.get(tag) ?? -Infinity) >= since;
  }

  /** Stops listening to the change source. */
  close(): void {
    this.unsubscribe();
    this.byTag.clear();
    this.recent.clear();
  }

  private route(tags: readonly string[]): void {
    const notified = new Set<ChangeTarget>();
    for (const tag of tags) {
      if (this.remember(tag)) this.noteChange(tag);
      for (const target of this.byTag.get(tag) ?? []) {
        if (notified.has(target)) continue;
        notified.add(target);
        target.changed();
      }
    }
  }

  private noteChange(tag: string): void {
    const now = this.now();
    // Re-inserted, so the map stays oldest first.
    this.recent.delete(tag);
    this.recent.set(tag, now);
    for (const [oldest, at] of this.recent) {
      const expired = at < now - this.horizonMs;
      if (!expired && this.recent.size <= this.maxRemembered) break;
      if (!expired) this.forgottenUpTo = Math.max(this.forgottenUpTo, at);
      this.recent.delete(oldest);
    }
  }
}
