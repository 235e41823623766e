import type { AppAttemptOutcome } from '../../generated/graphql';
import { PRESENCE_IDLE_MINUTES } from '../sessions/repository';
import type { AttemptRow } from './repository';

/**
 * How an attempt ended, judged at `now`: its last result, else ABANDONED once the
 * session ended or has been idle {@link PRESENCE_IDLE_MINUTES} minutes, else IN_PROGRESS.
 */
export function outcomeOf(attempt: AttemptRow, now: Date): AppAttemptOutcome {
  if (attempt.result === true) return 'SUCCEEDED';
  if (attempt.result === false) return 'FAILED';
  const idleMs = now.getTime() - new Date(attempt.session_last_at).getTime();
  if (attempt.session_ended_at || idleMs >= PRESENCE_IDLE_MINUTES * 60_000) return 'ABANDONED';
  return 'IN_PROGRESS';
}

/** Whether the attempt failed or was abandoned. */
export function didNotSucceed(attempt: AttemptRow, now: Date): boolean {
  const outcome = outcomeOf(attempt, now);
  return outcome === 'FAILED' || outcome === 'ABANDONED';
}
