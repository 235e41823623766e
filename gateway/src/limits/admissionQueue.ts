/** Why a request was not admitted. */
export type Refusal = 'queue_full' | 'deadline' | 'gone';

/** Options for {@link AdmissionQueue}. */
export interface AdmissionQueueOptions {
  /** Requests worked on at once; the rest wait their turn. */
  maxConcurrent: number;
  /** Requests that may wait at once; one more is refused at once. */
  maxQueued: number;
}

interface Waiter {
  admit: () => void;
  refuse: (reason: Refusal) => void;
  settled: boolean;
}

/**
 * Admission control for one process: at most `maxConcurrent` requests are worked on at
 * once, the others wait in arrival order (first come, first served). Under overload each
 * admitted request finishes sooner than it would if every request shared the process,
 * and a request's wait is the queue ahead of it, so latency stays even instead of
 * spreading into a long tail; memory in use follows the requests at work, not all the
 * open ones. A request that cannot be worked on in time is refused, never dropped
 * silently: the queue is full, its deadline passed while it waited, or its client left.
 */
export class AdmissionQueue {
  private active = 0;
  /** Waiters not yet admitted or refused. */
  private pending = 0;
  /** Arrival order; refused waiters stay until their turn comes and are skipped. */
  private waiting: (Waiter | undefined)[] = [];
  /** Index of the first entry not yet taken (a queue without O(n) shifts). */
  private head = 0;

  constructor(private readonly options: AdmissionQueueOptions) {
    if (!Number.isInteger(options.maxConcurrent) || options.maxConcurrent < 1) {
      throw new RangeError('maxConcurrent must be a whole number ≥ 1');
    }
    if (!Number.isInteger(options.maxQueued) || options.maxQueued < 0) {
      throw new RangeError('maxQueued must be a whole number ≥ 0');
    }
  }

  /** Requests being worked on now. */
  get inFlight(): number {
    return this.active;
  }

  /** Requests waiting now. */
  get queued(): number {
    return this.pending;
  }

  /**
   * Waits for a turn. Resolves to the function that ends the turn (call it exactly once,
   * when the request is answered), or to why it was refused: `queue_full`, `deadline`
   * (epoch ms, passed while waiting) or `gone` (`signal` aborted: the client left).
   */
  async admit(deadline: number, signal?: AbortSignal): Promise<(() => void) | Refusal> {
    if (this.active < this.options.maxConcurrent && this.queued === 0) return this.enter();
    if (this.queued >= this.options.maxQueued) return 'queue_full';
    if (signal?.aborted) return 'gone';
    if (deadline <= Date.now()) return 'deadline';
    const outcome = await new Promise<'admitted' | Refusal>((resolve) => {
      const waiter: Waiter = {
        settled: false,
        admit: () => settle('admitted'),
        refuse: (reason) => settle(reason),
      };
      const timer = setTimeout(() => waiter.refuse('deadline'), deadline - Date.now());
      const gone = (): void => waiter.refuse('gone');
      signal?.addEventListener('abort', gone, { once: true });
      const settle = (result: 'admitted' | Refusal): void => {
        if (waiter.settled) return;
        waiter.settled = true;
        this.pending -= 1;
        clearTimeout(timer);
        signal?.removeEventListener('abort', gone);
        resolve(result);
      };
      this.waiting.push(waiter);
      this.pending += 1;
    });
    // Admitted: `next()` already counted this request as active.
    return outcome === 'admitted' ? this.release() : outcome;
  }

  private enter(): () => void {
    this.active += 1;
    return this.release();
  }

  /** The function that ends one turn, once, and hands it to the next waiter. */
  private release(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.active -= 1;
      this.next();
    };
  }

  private next(): void {
    while (this.active < this.options.maxConcurrent && this.head < this.waiting.length) {
      const waiter = this.waiting[this.head];
      this.waiting[this.head] = undefined;
      this.head += 1;
      if (!waiter || waiter.settled) continue;
      this.active += 1;
      waiter.admit();
    }
    if (this.head === this.waiting.length) {
      this.waiting = [];
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > this.waiting.length) {
      this.waiting = this.waiting.slice(this.head);
      this.head = 0;
    }
  }
}
