/** Every timer API jest can fake, but `Date`: those keep running on real time. */
const ALL_BUT_DATE = [
  'hrtime',
  'nextTick',
  'performance',
  'queueMicrotask',
  'requestAnimationFrame',
  'cancelAnimationFrame',
  'requestIdleCallback',
  'cancelIdleCallback',
  'setImmediate',
  'clearImmediate',
  'setInterval',
  'clearInterval',
  'setTimeout',
  'clearTimeout',
] as const;

/**
 * For a test whose steps must fall within one UTC minute (crm's read validators hold
 * within the minute they were issued in): when fewer than `marginMs` of the minute are
 * left, moves this process's `Date` on to the next minute's start instead of waiting
 * for it. Only `Date` jumps (by at most `marginMs`, as a wait would have moved it), and
 * it goes on ticking with real time; timers, `performance` and the database's clock are
 * untouched. Call `jest.useRealTimers()` when the test is done (harmless when nothing
 * jumped). The subgraphs and gateway a test starts in its own process read this `Date`.
 */
export function clearOfMinuteEnd(marginMs = 10_000): void {
  const now = Date.now();
  const left = 60_000 - (now % 60_000);
  if (left < marginMs) moveDateTo(now + left + 100);
}

/**
 * Sets this process's `Date` to `ms` (epoch), ticking on with real time from there;
 * nothing else is faked. Undone by `jest.useRealTimers()`.
 */
export function moveDateTo(ms: number): void {
  jest.useFakeTimers({ now: ms, advanceTimers: true, doNotFake: [...ALL_BUT_DATE] });
}
