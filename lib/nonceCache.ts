/** Options for {@link NonceCache}. */
export interface NonceCacheOptions {
  /**
   * Most nonces remembered. Default 500 000 (about 60 MB at most): a minute of 8 000
   * subgraph calls a second. Beyond it the oldest is forgotten before its time, which
   * reopens a replay of that one call for the rest of its window; the log should never
   * see this at normal load.
   */
  maxEntries?: number;
}

/**
 * The call ids (nonces) one process has accepted, each until its signature would be
 * refused as stale anyway, so a captured signed request is accepted once. In memory
 * and per process: with several replicas of a subgraph, a replay sent to another
 * replica is bounded only by the signature window (one minute). Entries are inserted
 * with non-decreasing expiry, so expired ones are dropped from the front in O(1) each.
 */
export class NonceCache {
  private readonly seen = new Map<string, number>();
  private readonly maxEntries: number;

  constructor(options: NonceCacheOptions = {}) {
    this.maxEntries = options.maxEntries ?? 500_000;
  }

  /** Records `nonce` until `until` (ms); false when it is already recorded and not expired. */
  firstUse(nonce: string, until: number, now: number = Date.now()): boolean {
    for (const [oldest, expiry] of this.seen) {
      if (expiry > now && this.seen.size < this.maxEntries) break;
      this.seen.delete(oldest);
    }
    const known = this.seen.get(nonce);
    if (known !== undefined && known > now) return false;
    this.seen.set(nonce, until);
    return true;
  }

  /** How many nonces are remembered now. */
  get size(): number {
    return this.seen.size;
  }
}
