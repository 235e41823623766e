import { customerTag } from '../../../../../lib/cacheTags';
import type { Claims } from '../../../../../lib/claims';
import { ErrorCode } from '../../../../../schema/errorCodes';
import { NOT_ALLOWED, assertStaffOrService } from '../../../../shared/customerAccess';
import type { Database } from '../../../../shared/db';
import { codedError } from '../../../../shared/errors';
import { recordEvent } from '../../../../shared/outbox';
import type { MarkAppAttemptHandledInput } from '../../generated/graphql';
import { functionWords } from './attemptFlags';
import { didNotSucceed } from './outcome';
import { attemptOf, type AttemptRow } from './repository';

/** The one refusal for a session that is unknown, another customer's, or lacks the function. */
const refused = () => codedError(ErrorCode.FORBIDDEN, NOT_ALLOWED, { argument: 'input.sessionId' });

/**
 * Records that a rep dealt with a failed or abandoned attempt (clearing its flag) and
 * the `app.attempt_handled` event, with the rep as actor, once: marking it again writes
 * nothing and returns the attempt.
 */
export async function markAppAttemptHandled(
  db: Database,
  claims: Claims | null,
  input: MarkAppAttemptHandledInput,
  windowHours: number,
): Promise<AttemptRow> {
  assertStaffOrService(claims);
  const actor = claims?.sub ?? 'system';
  return db.transaction(async (tx) => {
    const [session] = await tx.query<{ customer_id: string }>(
      `SELECT customer_id FROM engagement.app_session WHERE id = $1 FOR UPDATE`,
      [input.sessionId],
    );
    if (session?.customer_id !== input.customerId) throw refused();
    const attempt = await attemptOf(tx, input.sessionId, input.function, windowHours);
    if (!attempt) throw refused();
    if (attempt.handled) return attempt;
    if (!didNotSucceed(attempt, new Date())) {
      throw codedError(
        ErrorCode.INVALID_STATE_TRANSITION,
        `the ${input.function} attempt of session ${input.sessionId} did not fail or stop; nothing to handle`,
        { argument: 'input.function' },
      );
    }
    await tx.query(
      `INSERT INTO engagement.app_attempt_handled (session_id, function, customer_id, handled_by)
       VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
      [input.sessionId, input.function, input.customerId, actor],
    );
    await recordEvent(tx, 'engagement', {
      customerId: input.customerId,
      type: 'app.attempt_handled',
      subject: { typename: 'AppSession', id: input.sessionId },
      summary: `Handled the failed app attempt to ${functionWords(input.function)}`,
      channel: 'MOBILE_APP',
      actor,
      payload: { function: input.function, invalidates: [customerTag(input.customerId)] },
    });
    return { ...attempt, handled: true };
  });
}
