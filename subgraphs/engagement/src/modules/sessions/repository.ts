import type { Queryable } from '../../../../shared/db';
import type { KeyedRow } from '../../../../shared/loaders';
import type { AppPlatform } from '../../generated/graphql';

/** A customer held by its key only; `crm` owns its fields. */
export interface CustomerRef {
  id: string;
}

/** A row of `engagement.app_session`. */
export interface AppSessionRow {
  id: string;
  customer_id: string;
  device_id: string;
  platform: AppPlatform;
  app_version: string | null;
  started_at: Date;
  ended_at: Date | null;
}

/** A row of `engagement.screen_visit`. */
export interface ScreenVisitRow {
  session_id: string;
  seq: number;
  screen: string;
  function_name: string | null;
  succeeded: boolean | null;
  at: Date;
}

/** Where a customer is in the app now: their open session and its last screen. */
export interface PresenceRow {
  customer_id: string;
  session: AppSessionRow;
  last: ScreenVisitRow | null;
}

/** One request for a customer's newest sessions. */
export interface SessionsRequest {
  customerId: string;
  limit: number;
}

/** Minutes without activity after which an open session no longer counts as "in the app". */
export const PRESENCE_IDLE_MINUTES = 30;

const COLUMNS =
  's.id, s.customer_id, s.device_id, s.platform, s.app_version, s.started_at, s.ended_at';

/** Sessions with the given ids, in no particular order. */
export function sessionsByIds(db: Queryable, ids: readonly string[]): Promise<AppSessionRow[]> {
  return db.query<AppSessionRow>(
    `SELECT ${COLUMNS} FROM engagement.app_session s WHERE s.id = ANY($1::text[])`,
    [ids],
  );
}

/** Each request's newest sessions (up to its limit), in ONE statement, tagged by request. */
export function sessionsByRequests(
  db: Queryable,
  requests: readonly SessionsRequest[],
): Promise<(AppSessionRow & KeyedRow)[]> {
  return db.query(
    `SELECT k.n::int AS key_index, s.*
       FROM unnest($1::text[], $2::int[]) WITH ORDINALITY AS k(customer_id, lim, n)
       CROSS JOIN LATERAL (
         SELECT ${COLUMNS} FROM engagement.app_session s
          WHERE s.customer_id = k.customer_id
          ORDER BY s.started_at DESC, s.id DESC
          LIMIT k.lim
       ) s
      ORDER BY k.n, s.started_at DESC, s.id DESC`,
    [requests.map((r) => r.customerId), requests.map((r) => r.limit)],
  );
}

/** Screens of several sessions, each session's in visiting order. */
export function screensBySessionIds(
  db: Queryable,
  ids: readonly string[],
): Promise<ScreenVisitRow[]> {
  return db.query<ScreenVisitRow>(
    `SELECT session_id, seq, screen, function_name, succeeded, at FROM engagement.screen_visit
      WHERE session_id = ANY($1::text[]) ORDER BY session_id, seq`,
    [ids],
  );
}

/**
 * For each customer in the app now, their newest open session with activity (start or
 * screen) in the last {@link PRESENCE_IDLE_MINUTES} minutes, and its last screen.
 */
export async function presenceByCustomerIds(
  db: Queryable,
  ids: readonly string[],
): Promise<PresenceRow[]> {
  const rows = await db.query<AppSessionRow & { last: ScreenVisitRow | null }>(
    `SELECT DISTINCT ON (s.customer_id) ${COLUMNS},
            (SELECT to_jsonb(v) FROM engagement.screen_visit v
              WHERE v.session_id = s.id ORDER BY v.seq DESC LIMIT 1) AS last
       FROM engagement.app_session s
      WHERE s.customer_id = ANY($1::text[]) AND s.ended_at IS NULL
        AND greatest(s.started_at, (SELECT max(v.at) FROM engagement.screen_visit v
                                     WHERE v.session_id = s.id))
            > now() - make_interval(mins => $2)
      ORDER BY s.customer_id, s.started_at DESC, s.id DESC`,
    [ids, PRESENCE_IDLE_MINUTES],
  );
  return rows.map(({ last, ...session }) => ({
    customer_id: session.customer_id,
    session,
    last: last ? { ...last, at: new Date(last.at) } : null,
  }));
}
