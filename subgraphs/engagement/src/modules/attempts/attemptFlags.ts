import type { OwnerAttentionFlag } from '../../generated/graphql';
import { outcomeOf } from './outcome';
import type { AttemptRow } from './repository';

/** `changePlan` → `change plan`. */
export function functionWords(fn: string): string {
  return fn.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
}

/** `plan-change/confirm` → `confirm`: the step a rep recognises. */
export function screenWords(screen: string): string {
  return screen.split('/').at(-1) || screen;
}

/** "just now", "12 minutes ago", "3 hours ago", "2 days ago", as of `now`. */
export function ago(then: Date, now: Date): string {
  const minutes = Math.floor((now.getTime() - then.getTime()) / 60_000);
  const unit = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'} ago`;
  if (minutes < 1) return 'just now';
  if (minutes < 60) return unit(minutes, 'minute');
  if (minutes < 48 * 60) return unit(Math.floor(minutes / 60), 'hour');
  return unit(Math.floor(minutes / 1440), 'day');
}

/**
 * `APP_ATTEMPT_FAILED` flags from a customer's attempts of the window, newest first:
 * per function, its latest attempt that has ended one way or the other, when that one
 * failed or was abandoned and no rep marked it handled. A later success of the same
 * function is that latest attempt, so it clears the flag; one still in progress neither
 * raises nor clears.
 */
export function appAttemptFlags(attempts: readonly AttemptRow[], now: Date): OwnerAttentionFlag[] {
  const flags: OwnerAttentionFlag[] = [];
  const decided = new Set<string>();
  for (const attempt of attempts) {
    const outcome = outcomeOf(attempt, now);
    if (outcome === 'IN_PROGRESS' || decided.has(attempt.function)) continue;
    decided.add(attempt.function);
    if (outcome === 'SUCCEEDED' || attempt.handled) continue;
    const how = outcome === 'FAILED' ? 'it failed at' : 'stopped at';
    flags.push({
      code: 'APP_ATTEMPT_FAILED',
      severity: 'WARNING',
      message:
        `Tried ${functionWords(attempt.function)} in the app ${ago(new Date(attempt.last_at), now)}, ` +
        `${how} ${screenWords(attempt.stopped_at)}`,
      subjectType: 'AppSession',
      subjectId: attempt.session_id,
    });
  }
  return flags;
}
