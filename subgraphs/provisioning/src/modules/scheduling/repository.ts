import type { Queryable } from '../../../../shared/db';
import type { Skill } from '../../generated/graphql';
import type { TechnicianRow } from '../technicians/repository';

/** A period of time, start inclusive and end exclusive. */
export interface Window {
  start: Date;
  end: Date;
}

/** One free slot: a window and the technician free in it. */
export interface SlotRow extends TechnicianRow {
  window_start: Date;
  window_end: Date;
}

/** The statuses whose visits hold a technician's time. */
const LIVE = `('INITIALIZED', 'CONFIRMED')`;

/**
 * Free 08–12 and 13–17 UTC windows on `days` days from the UTC date of `from`, for
 * every technician with all of `skills` and no live visit overlapping. One statement.
 */
export function freeSlots(
  db: Queryable,
  from: Date,
  days: number,
  skills: readonly Skill[],
): Promise<SlotRow[]> {
  return db.query<SlotRow>(
    `WITH day AS (
       SELECT (date_trunc('day', $1::timestamptz AT TIME ZONE 'UTC') AT TIME ZONE 'UTC')
              + n * interval '1 day' AS d
         FROM generate_series(0, $2::int - 1) AS n
     ), slot AS (
       SELECT d + h.s * interval '1 hour' AS window_start, d + h.e * interval '1 hour' AS window_end
         FROM day CROSS JOIN (VALUES (8, 12), (13, 17)) AS h(s, e)
     )
     SELECT s.window_start, s.window_end, t.id, t.name, t.skills, t.created_at
       FROM slot s CROSS JOIN provisioning.technician t
      WHERE t.skills @> $3::text[]
        AND s.window_start >= greatest($1::timestamptz, now())
        AND NOT EXISTS (
          SELECT 1 FROM provisioning.appointment a
           WHERE a.technician_id = t.id AND a.status IN ${LIVE}
             AND a.window_start < s.window_end AND a.window_end > s.window_start)
      ORDER BY s.window_start, t.created_at, t.id`,
    [from, days, skills],
  );
}

/** True when the technician has a live visit overlapping `window` (other than `exceptId`). */
export async function technicianBusy(
  tx: Queryable,
  technicianId: string,
  window: Window,
  exceptId: string | null,
): Promise<boolean> {
  const rows = await tx.query(
    `SELECT 1 FROM provisioning.appointment
      WHERE technician_id = $1 AND status IN ${LIVE}
        AND window_start < $3::timestamptz AND window_end > $2::timestamptz
        AND id IS DISTINCT FROM $4::text
      LIMIT 1`,
    [technicianId, window.start, window.end, exceptId],
  );
  return rows.length > 0;
}

/** True when a service order with this id exists. */
export async function serviceOrderExists(tx: Queryable, id: string): Promise<boolean> {
  const rows = await tx.query(`SELECT 1 FROM provisioning.service_order WHERE id = $1`, [id]);
  return rows.length > 0;
}
