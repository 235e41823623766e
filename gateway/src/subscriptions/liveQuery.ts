import type { FormattedExecutionResult } from 'graphql';
import { SubscriptionErrorCode, TOKEN_EXPIRED_RESULT } from './subscriptionErrors';

/** What became of one update (a re-run's result). */
export type UpdateOutcome = 'sent' | 'unchanged' | 'coalesced';

/** Options for {@link LiveQuery}. */
export interface LiveQueryOptions {
  /** Runs the query once (through the gateway, as the subscriber). */
  run(): Promise<FormattedExecutionResult>;
  /** `data[responseKey]` is the live answer; a first answer of null is sent, then completes. */
  responseKey: string;
  /** ms epoch when the subscriber's token expires: send `token expired`, then complete. */
  expiresAt?: number | null;
  /** Resolves when the transport can take another value; results coalesce meanwhile. */
  ready?: () => Promise<void>;
  /** Each update's outcome; `sent` ones with the seconds from the change to the send. */
  onUpdate?: (outcome: UpdateOutcome, secondsSinceChange?: number) => void;
  /** A run that threw (the first run's failure is also sent as an error). */
  onRunError?: (error: unknown) => void;
  /** Called once, however the subscription ends. */
  onEnd?: () => void;
}

interface Pending {
  value: FormattedExecutionResult;
  json: string;
  /** When the first change this value answers arrived (null for the first result). */
  changeAt: number | null;
}

type Step = IteratorResult<FormattedExecutionResult, void>;
const DONE: Step = { done: true, value: undefined };
const MAX_TIMER_MS = 2 ** 31 - 1;

const START_FAILED: FormattedExecutionResult = {
  errors: [
    {
      message: 'the subscription could not be started',
      extensions: { code: SubscriptionErrorCode.INTERNAL_SERVER_ERROR },
    },
  ],
};

/**
 * One live subscription as an async iterator: the first result at once, then a re-run
 * after each `changed()`, one run at a time (changes during a run cause exactly one more
 * run after it). A result is offered only if its JSON differs from what the client has
 * or is about to get. A first answer of null (unknown id, or not the caller's to see)
 * is sent and the iterator completes. The reader pulls: between pulls only the newest result is held,
 * so a slow reader gets the latest state, never a queue. `return()` ends it at once,
 * even while a pull is waiting. Nothing is shared between subscriptions.
 */
export class LiveQuery implements AsyncGenerator<FormattedExecutionResult, void, unknown> {
  private pending: Pending | null = null;
  private lastSentJson: string | null = null;
  private waiter: ((step: Step) => void) | null = null;
  private running = false;
  private rerun = false;
  private dirtySince: number | null = null;
  /** No more runs; the iterator completes once `pending` is taken. */
  private finishing = false;
  private ended = false;
  private expiryTimer: NodeJS.Timeout | null = null;

  constructor(private readonly options: LiveQueryOptions) {}

  /** Starts the first run (and the expiry timer). */
  start(): this {
    this.scheduleExpiry(this.options.expiresAt ?? null);
    void this.runLoop(true);
    return this;
  }

  /** A change touched this subscription's data: re-run now, or once the current run ends. */
  changed(): void {
    if (this.finishing || this.ended) return;
    this.dirtySince ??= Date.now();
    if (this.running) this.rerun = true;
    else void this.runLoop(false);
  }

  async next(): Promise<Step> {
    if (this.ended) return DONE;
    if (this.options.ready) {
      await this.options.ready();
      if (this.ended) return DONE;
    }
    const item = this.pending;
    if (item) {
      this.pending = null;
      return this.deliver(item);
    }
    if (this.finishing) return this.end();
    return new Promise<Step>((resolve) => {
      this.waiter = resolve;
    });
  }

  async return(): Promise<Step> {
    return this.end();
  }

  async throw(): Promise<Step> {
    return this.end();
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    this.end();
  }

  private async runLoop(first: boolean): Promise<void> {
    this.running = true;
    let isFirst = first;
    try {
      do {
        this.rerun = false;
        const changeAt = this.dirtySince;
        this.dirtySince = null;
        const result = await this.runOnce(isFirst);
        if (this.ended || this.finishing) return;
        if (result) this.offer(result, changeAt, isFirst);
        isFirst = false;
      } while (this.rerun && !this.ended && !this.finishing);
    } finally {
      this.running = false;
    }
  }

  private async runOnce(first: boolean): Promise<FormattedExecutionResult | null> {
    try {
      const { data, errors } = await this.options.run();
      return { ...(data !== undefined ? { data } : {}), ...(errors ? { errors } : {}) };
    } catch (error) {
      this.options.onRunError?.(error);
      return first ? START_FAILED : null;
    }
  }

  private offer(value: FormattedExecutionResult, changeAt: number | null, first: boolean): void {
    const json = JSON.stringify(value);
    if (first) {
      // Nothing to watch (an unknown id, or one the caller may not see): answer, complete.
      if (value.data?.[this.options.responseKey] == null) this.finishing = true;
      this.hand({ value, json, changeAt: null });
      return;
    }
    const previous = this.pending;
    if (json === (previous?.json ?? this.lastSentJson)) {
      this.options.onUpdate?.('unchanged');
      return;
    }
    if (previous) {
      this.pending = null;
      if (previous.changeAt !== null) this.options.onUpdate?.('coalesced');
      if (json === this.lastSentJson) {
        this.options.onUpdate?.('unchanged');
        return;
      }
    }
    this.hand({ value, json, changeAt: previous?.changeAt ?? changeAt ?? Date.now() });
  }

  /** Gives `item` to a waiting reader, or holds it as the one pending value. */
  private hand(item: Pending): void {
    const waiter = this.waiter;
    if (!waiter) {
      this.pending = item;
      return;
    }
    this.waiter = null;
    waiter(this.deliver(item));
  }

  private deliver(item: Pending): Step {
    this.lastSentJson = item.json;
    if (item.changeAt !== null) {
      this.options.onUpdate?.('sent', (Date.now() - item.changeAt) / 1000);
    }
    return { done: false, value: item.value };
  }

  private scheduleExpiry(expiresAt: number | null): void {
    if (expiresAt === null) return;
    const delay = expiresAt - Date.now();
    this.expiryTimer = setTimeout(
      () => (delay > MAX_TIMER_MS ? this.scheduleExpiry(expiresAt) : this.expire()),
      Math.max(0, Math.min(delay, MAX_TIMER_MS)),
    );
  }

  /** The token expired: whatever was pending is replaced by the error, then completion. */
  private expire(): void {
    if (this.ended || this.finishing) return;
    this.finishing = true;
    if (this.pending?.changeAt != null) this.options.onUpdate?.('coalesced');
    this.pending = null;
    this.hand({ value: TOKEN_EXPIRED_RESULT, json: '', changeAt: null });
  }

  private end(): Step {
    if (this.ended) return DONE;
    this.ended = true;
    if (this.expiryTimer) clearTimeout(this.expiryTimer);
    this.pending = null;
    const waiter = this.waiter;
    this.waiter = null;
    waiter?.(DONE);
    this.options.onEnd?.();
    return DONE;
  }
}
