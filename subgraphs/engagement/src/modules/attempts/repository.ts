import type { Queryable } from '../../../../shared/db';
import type { KeyedRow } from '../../../../shared/loaders';
import type { AppPlatform } from '../../generated/graphql';

/** One attempt (a row of the `engagement.app_attempt` view) with what a rep needs about it. */
export interface AttemptRow {
  session_id: string;
  customer_id: string;
  platform: AppPlatform;
  function: string;
  session_started_at: Date;
  session_ended_at: Date | null;
  session_last_at: Date;
  first_at: Date;
  last_at: Date;
  /** The function's last result in the session; null when none yet. */
  result: boolean | null;
  stopped_at: string;
  last_seq: number;
  handled: boolean;
  /** First contact on another channel than the app within the window after `last_at`. */
  next_channel: string | null;
}

/** One request for a customer's attempts: the newest `limit`, or all since `since`. */
export interface AttemptsRequest {
  customerId: string;
  limit: number;
  /** ISO instant; only attempts whose last step is at or after it. */
  since: string | null;
  windowHours: number;
}

const ATTEMPT_COLUMNS = `a.session_id, a.customer_id, a.platform, a.function, a.session_started_at,
  a.session_ended_at, coalesce(a.session_last_at, a.session_started_at) AS session_last_at,
  a.first_at, a.last_at, a.result, a.stopped_at, a.last_seq,
  EXISTS (SELECT 1 FROM engagement.app_attempt_handled h
           WHERE h.session_id = a.session_id AND h.function = a.function) AS handled,
  (SELECT c.channel FROM engagement.customer_contact c
    WHERE c.customer_id = a.customer_id AND c.channel <> 'MOBILE_APP'
      AND c.occurred_at >= a.last_at AND c.occurred_at <= a.last_at + make_interval(hours => k.window_hours)
    ORDER BY c.occurred_at, c.event_id LIMIT 1) AS next_channel`;

/** Each request's attempts, newest last step first, in ONE statement, tagged by request. */
export function attemptsByRequests(
  db: Queryable,
  requests: readonly AttemptsRequest[],
): Promise<(AttemptRow & KeyedRow)[]> {
  return db.query(
    `SELECT k.n::int AS key_index, x.*
       FROM unnest($1::text[], $2::int[], $3::timestamptz[], $4::int[])
            WITH ORDINALITY AS k(customer_id, lim, since, window_hours, n)
       CROSS JOIN LATERAL (
         SELECT ${ATTEMPT_COLUMNS} FROM engagement.app_attempt a
          WHERE a.customer_id = k.customer_id AND (k.since IS NULL OR a.last_at >= k.since)
          ORDER BY a.last_at DESC, a.session_id DESC, a.function
          LIMIT k.lim
       ) x
      ORDER BY k.n, x.last_at DESC, x.session_id DESC, x.function`,
    [
      requests.map((r) => r.customerId),
      requests.map((r) => r.limit),
      requests.map((r) => r.since),
      requests.map((r) => r.windowHours),
    ],
  );
}

/** One attempt of a session, or null. */
export async function attemptOf(
  db: Queryable,
  sessionId: string,
  fn: string,
  windowHours: number,
): Promise<AttemptRow | null> {
  const [row] = await db.query<AttemptRow>(
    `SELECT ${ATTEMPT_COLUMNS}
       FROM (SELECT $3::int AS window_hours) k, engagement.app_attempt a
      WHERE a.session_id = $1 AND a.function = $2`,
    [sessionId, fn, windowHours],
  );
  return row ?? null;
}

/** A contact as engagement recorded it, with the customer's attempts it could follow. */
export interface ContactAttemptRow {
  subject_type: string;
  subject_id: string;
  contact_customer_id: string;
  contact_at: Date;
  attempt: AttemptRow | null;
}

/**
 * For each contact subject (`Interaction:int-1`, `Case:case-1`), the customer's attempts
 * whose last step came in the `windowHours` before the contact, newest first (the
 * resolver picks the first that failed or was abandoned). One statement.
 */
export function attemptsBeforeContacts(
  db: Queryable,
  subjects: readonly string[],
  windowHours: number,
): Promise<(AttemptRow & { subject: string; contact_customer_id: string })[]> {
  return db.query(
    `SELECT DISTINCT ON (c.subject_type, c.subject_id, a.session_id, a.function)
            c.subject_type || ':' || c.subject_id AS subject, c.customer_id AS contact_customer_id,
            c.occurred_at AS contact_at, ${ATTEMPT_COLUMNS}
       FROM (SELECT $3::int AS window_hours) k,
            unnest($1::text[], $2::text[]) AS wanted(subject_type, subject_id)
       JOIN engagement.customer_contact c
         ON c.subject_type = wanted.subject_type AND c.subject_id = wanted.subject_id
       CROSS JOIN LATERAL (
         SELECT * FROM engagement.app_attempt a
          WHERE a.customer_id = c.customer_id AND a.last_at <= c.occurred_at
            AND a.last_at >= c.occurred_at - make_interval(hours => k.window_hours)
         OFFSET 0 -- the customer reaches the view as a parameter, not a join over all of it
       ) a
      ORDER BY c.subject_type, c.subject_id, a.session_id, a.function, c.occurred_at`,
    [
      subjects.map((s) => s.split(':', 1)[0]),
      subjects.map((s) => s.slice(s.indexOf(':') + 1)),
      windowHours,
    ],
  );
}

/** A contact engagement recorded, by subject: whose it is (tags the answer with them). */
export interface ContactOwnerRow {
  subject: string;
  customer_id: string;
}

/** The customer of each contact subject (`Interaction:int-1`) engagement has recorded. */
export function contactOwnersBySubjects(
  db: Queryable,
  subjects: readonly string[],
): Promise<ContactOwnerRow[]> {
  return db.query<ContactOwnerRow>(
    `SELECT DISTINCT c.subject_type || ':' || c.subject_id AS subject, c.customer_id
       FROM unnest($1::text[], $2::text[]) AS wanted(subject_type, subject_id)
       JOIN engagement.customer_contact c
         ON c.subject_type = wanted.subject_type AND c.subject_id = wanted.subject_id`,
    [subjects.map((s) => s.split(':', 1)[0]), subjects.map((s) => s.slice(s.indexOf(':') + 1))],
  );
}
