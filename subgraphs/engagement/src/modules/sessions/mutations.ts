import { randomUUID } from 'node:crypto';
import { customerTag } from '../../../../../lib/cacheTags';
import type { Claims } from '../../../../../lib/claims';
import { assertMayActOnCustomer, assertMayActOnOwned } from '../../../../shared/customerAccess';
import type { Database, Queryable } from '../../../../shared/db';
import { badUserInput, codedError } from '../../../../shared/errors';
import { idempotent } from '../../../../shared/idempotency';
import { recordEvent } from '../../../../shared/outbox';
import { ErrorCode } from '../../../../../schema/errorCodes';
import type { StartAppSessionInput } from '../../generated/graphql';
import type { AppSessionRow, ScreenVisitRow } from './repository';

const SESSION_COLUMNS = 'id, customer_id, device_id, platform, app_version, started_at, ended_at';

/** Who a change is recorded as: the customer themself, else the calling agent or service. */
function actorOf(claims: Claims | null): string {
  return claims?.role === 'customer' ? 'customer' : (claims?.sub ?? 'system');
}

/** Opens a session and records `app.session_started`, once per idempotency key. */
export async function startAppSession(
  db: Database,
  claims: Claims | null,
  input: StartAppSessionInput,
): Promise<AppSessionRow> {
  assertMayActOnCustomer(claims, input.customerId);
  if (!input.deviceId.trim()) throw badUserInput('deviceId must not be empty', 'input.deviceId');
  const id = await idempotent(
    db,
    'engagement',
    { scope: 'startAppSession', key: input.idempotencyKey, request: input },
    async (tx) => {
      const sessionId = `ses-${randomUUID()}`;
      const [row] = await tx.query<AppSessionRow>(
        `INSERT INTO engagement.app_session (id, customer_id, device_id, platform, app_version)
         VALUES ($1, $2, $3, $4, $5) RETURNING ${SESSION_COLUMNS}`,
        [sessionId, input.customerId, input.deviceId, input.platform, input.appVersion ?? null],
      );
      await recordEvent(tx, 'engagement', {
        customerId: input.customerId,
        type: 'app.session_started',
        subject: { typename: 'AppSession', id: sessionId },
        summary: `Opened the ${input.platform.toLowerCase()} app`,
        channel: 'MOBILE_APP',
        actor: actorOf(claims),
        payload: { deviceId: input.deviceId, appVersion: input.appVersion ?? null },
        occurredAt: row?.started_at,
      });
      return sessionId;
    },
  );
  return lockedSession(db, id);
}

/** Appends a screen to an open session and records `app.screen_recorded` (not history). */
export async function recordScreen(
  db: Database,
  claims: Claims | null,
  visit: {
    sessionId: string;
    screen: string;
    function?: string | null;
    succeeded?: boolean | null;
  },
): Promise<ScreenVisitRow> {
  if (!visit.screen.trim()) throw badUserInput('screen must not be empty', 'screen');
  return db.transaction(async (tx) => {
    const session = await lockedSession(tx, visit.sessionId, claims);
    if (session.ended_at) {
      throw codedError(
        ErrorCode.INVALID_STATE_TRANSITION,
        `session ${visit.sessionId} has ended; start a new one`,
        { argument: 'sessionId' },
      );
    }
    const [row] = await tx.query<ScreenVisitRow>(
      `INSERT INTO engagement.screen_visit (session_id, seq, screen, function_name, succeeded)
       SELECT $1, coalesce(max(seq), 0) + 1, $2, $3, $4
         FROM engagement.screen_visit WHERE session_id = $1
       RETURNING session_id, seq, screen, function_name, succeeded, at`,
      [visit.sessionId, visit.screen, visit.function ?? null, visit.succeeded ?? null],
    );
    if (!row) throw new Error('screen visit was not stored');
    // A screen is not history, but `inAppNow` changed: the event makes every gateway
    // replica evict the customer and re-run their live subscriptions.
    await recordEvent(tx, 'engagement', {
      customerId: session.customer_id,
      type: 'app.screen_recorded',
      subject: { typename: 'AppSession', id: visit.sessionId },
      summary: `On ${visit.screen} in the app`,
      channel: 'MOBILE_APP',
      actor: actorOf(claims),
      payload: {
        invalidates: [customerTag(session.customer_id)],
        timeline: false,
        position: row.seq,
        screen: row.screen,
        function: row.function_name,
        succeeded: row.succeeded,
      },
      occurredAt: row.at,
    });
    return row;
  });
}

/** Ends a session and records `app.session_ended`; an ended session is returned as is. */
export async function endAppSession(
  db: Database,
  claims: Claims | null,
  sessionId: string,
): Promise<AppSessionRow> {
  return db.transaction(async (tx) => {
    const session = await lockedSession(tx, sessionId, claims);
    if (session.ended_at) return session;
    const [ended] = await tx.query<AppSessionRow>(
      `UPDATE engagement.app_session SET ended_at = greatest(now(), started_at) WHERE id = $1
       RETURNING ${SESSION_COLUMNS}`,
      [sessionId],
    );
    if (!ended) throw new Error(`session ${sessionId} vanished`);
    const [counts] = await tx.query<{ screens: number; failed: string[] }>(
      `SELECT count(*)::int AS screens,
              coalesce(array_agg(function_name ORDER BY seq) FILTER (WHERE succeeded = false), '{}') AS failed
         FROM engagement.screen_visit WHERE session_id = $1`,
      [sessionId],
    );
    const failed = counts?.failed ?? [];
    await recordEvent(tx, 'engagement', {
      customerId: ended.customer_id,
      type: 'app.session_ended',
      subject: { typename: 'AppSession', id: sessionId },
      summary:
        `Closed the app after ${counts?.screens ?? 0} screen(s)` +
        (failed.length > 0 ? `; failed: ${failed.join(', ')}` : ''),
      channel: 'MOBILE_APP',
      actor: actorOf(claims),
      payload: { screens: counts?.screens ?? 0, failedFunctions: failed },
      occurredAt: ended.ended_at ?? undefined,
    });
    return ended;
  });
}

/**
 * The session `id` (row-locked inside a transaction), after the access check when
 * `claims` is given; `NOT_FOUND` when there is none.
 */
async function lockedSession(
  q: Queryable,
  id: string,
  claims?: Claims | null,
): Promise<AppSessionRow> {
  const [session] = await q.query<AppSessionRow>(
    `SELECT ${SESSION_COLUMNS} FROM engagement.app_session WHERE id = $1 FOR UPDATE`,
    [id],
  );
  if (claims !== undefined) assertMayActOnOwned(claims, session);
  if (!session) {
    throw codedError(ErrorCode.NOT_FOUND, `no app session ${JSON.stringify(id)}`, {
      argument: 'sessionId',
    });
  }
  return session;
}
