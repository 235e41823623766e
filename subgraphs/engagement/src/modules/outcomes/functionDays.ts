import type { Queryable } from '../../../../shared/db';

/** One group of the outcome table: a UTC day of session starts, a function, a platform. */
export interface FunctionDayKey {
  /** `YYYY-MM-DD`. */
  day: string;
  function: string;
  platform: string;
}

/** Channel a contact must not be on to count as failure demand: the app itself. */
export const APP_CHANNEL = 'MOBILE_APP';

/**
 * Recomputes the given groups of `engagement.app_function_day` from the attempts (the
 * `engagement.app_attempt` view over sessions and screens) and the contacts recorded so
 * far, in two statements: groups without attempts are deleted, the others replaced.
 * Reading the current rows, not the events, is what makes a late, repeated or
 * out-of-order event leave the same table. `windowHours`: how long after an attempt a
 * contact counts as following it.
 */
export async function refreshFunctionDays(
  q: Queryable,
  keys: readonly FunctionDayKey[],
  windowHours: number,
): Promise<void> {
  if (keys.length === 0) return;
  const params = [keys.map((k) => k.day), keys.map((k) => k.function), keys.map((k) => k.platform)];
  await q.query(
    `DELETE FROM engagement.app_function_day d
      USING unnest($1::date[], $2::text[], $3::text[]) AS k(day, function, platform)
      WHERE d.day = k.day AND d.function = k.function AND d.platform = k.platform`,
    params,
  );
  // LATERAL ... OFFSET 0: each group's filter reaches the view's grouping columns as
  // parameters, so a group reads only its day's sessions (index on started_at), never
  // every session (a plain join would aggregate the whole view first).
  await q.query(
    `WITH k AS (
       SELECT DISTINCT day, function, platform
         FROM unnest($1::date[], $2::text[], $3::text[]) AS k(day, function, platform)
     ), f AS (
       SELECT k.day, k.function, k.platform, x.outcome, x.seconds,
              CASE WHEN x.outcome IN ('F', 'A') THEN
                (SELECT c.channel FROM engagement.customer_contact c
                  WHERE c.customer_id = x.customer_id AND c.channel <> $5
                    AND c.occurred_at >= x.last_at
                    AND c.occurred_at <= x.last_at + make_interval(hours => $4::int)
                  ORDER BY c.occurred_at, c.event_id LIMIT 1)
              END AS next_channel
         FROM k CROSS JOIN LATERAL (
           SELECT a.customer_id, a.last_at,
                  CASE WHEN a.result THEN 'S' WHEN NOT a.result THEN 'F'
                       WHEN a.session_ended_at IS NOT NULL THEN 'A' END AS outcome,
                  CASE WHEN a.result THEN round(extract(epoch FROM a.succeeded_at - a.session_started_at))::int
                  END AS seconds
             FROM engagement.app_attempt a
            WHERE a.function = k.function AND a.platform = k.platform
              AND a.session_started_at >= k.day::timestamp AT TIME ZONE 'UTC'
              AND a.session_started_at < (k.day + 1)::timestamp AT TIME ZONE 'UTC'
           OFFSET 0 -- keeps the subquery apart, so k's values reach the view as parameters
         ) x
     ), by_channel AS (
       SELECT day, function, platform, jsonb_object_agg(next_channel, n) AS followed_by
         FROM (SELECT day, function, platform, next_channel, count(*)::int AS n FROM f
                WHERE next_channel IS NOT NULL GROUP BY day, function, platform, next_channel) c
        GROUP BY day, function, platform
     )
     INSERT INTO engagement.app_function_day
       (day, function, platform, attempts, successes, failures, abandonments, followed, followed_by, success_seconds)
     SELECT g.day, g.function, g.platform, g.attempts, g.successes, g.failures, g.abandonments,
            g.followed, coalesce(b.followed_by, '{}'), g.success_seconds
       FROM (SELECT f.day, f.function, f.platform, count(*)::int AS attempts,
                    count(*) FILTER (WHERE f.outcome = 'S')::int AS successes,
                    count(*) FILTER (WHERE f.outcome = 'F')::int AS failures,
                    count(*) FILTER (WHERE f.outcome = 'A')::int AS abandonments,
                    count(f.next_channel)::int AS followed,
                    coalesce(array_agg(f.seconds ORDER BY f.seconds) FILTER (WHERE f.outcome = 'S'), '{}')
                      AS success_seconds
               FROM f GROUP BY f.day, f.function, f.platform) g
       LEFT JOIN by_channel b USING (day, function, platform)`,
    [...params, windowHours, APP_CHANNEL],
  );
}

/** Every group that has attempts, for a full rebuild (seeds, repair). */
export function allFunctionDayKeys(q: Queryable): Promise<FunctionDayKey[]> {
  return q.query<FunctionDayKey>(
    `SELECT DISTINCT to_char(session_started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day,
            function, platform
       FROM engagement.app_attempt`,
  );
}

/** The groups of the attempts of these sessions. */
export function functionDayKeysOfSessions(
  q: Queryable,
  sessionIds: readonly string[],
): Promise<FunctionDayKey[]> {
  return q.query<FunctionDayKey>(
    `SELECT DISTINCT to_char(session_started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day,
            function, platform
       FROM engagement.app_attempt WHERE session_id = ANY($1::text[])`,
    [sessionIds],
  );
}

/**
 * The groups of the attempts a contact at `occurredAt` could follow: the customer's
 * attempts active in the `windowHours` before it.
 */
export function functionDayKeysBeforeContacts(
  q: Queryable,
  contacts: readonly { customerId: string; occurredAt: string }[],
  windowHours: number,
): Promise<FunctionDayKey[]> {
  return q.query<FunctionDayKey>(
    `SELECT DISTINCT to_char(a.session_started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day,
            a.function, a.platform
       FROM unnest($1::text[], $2::timestamptz[]) AS c(customer_id, occurred_at)
       CROSS JOIN LATERAL (
         SELECT * FROM engagement.app_attempt a
          WHERE a.customer_id = c.customer_id AND a.last_at <= c.occurred_at
            AND a.last_at >= c.occurred_at - make_interval(hours => $3::int)
         OFFSET 0 -- the customer reaches the view as a parameter (see refreshFunctionDays)
       ) a`,
    [contacts.map((c) => c.customerId), contacts.map((c) => c.occurredAt), windowHours],
  );
}
