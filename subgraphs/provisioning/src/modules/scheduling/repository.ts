import type { Queryable } from '../../../../shared/db';
import type { AppointmentStatus, JobType, Skill } from '../../generated/graphql';
import type { AppointmentRow } from '../appointments/repository';
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

/** The technician, locked until the transaction ends so two bookings cannot race. */
export async function lockTechnician(
  tx: Queryable,
  id: string,
): Promise<TechnicianRow | undefined> {
  const [row] = await tx.query<TechnicianRow>(
    `SELECT id, name, skills, created_at FROM provisioning.technician WHERE id = $1 FOR UPDATE`,
    [id],
  );
  return row;
}

/** The appointment, locked until the transaction ends. */
export async function lockAppointment(
  tx: Queryable,
  id: string,
): Promise<AppointmentRow | undefined> {
  const [row] = await tx.query<AppointmentRow>(
    `SELECT id, customer_id, place_id, service_order_id, window_start, window_end, job_type,
            required_skills, technician_id, status, outcome
       FROM provisioning.appointment WHERE id = $1 FOR UPDATE`,
    [id],
  );
  return row;
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

/** What a new appointment row holds. */
export interface NewAppointment {
  id: string;
  customerId: string;
  placeId: string | null;
  serviceOrderId: string | null;
  window: Window;
  jobType: JobType;
  requiredSkills: readonly Skill[];
  technicianId: string;
  status: AppointmentStatus;
}

/** Inserts an appointment. */
export async function insertAppointment(tx: Queryable, row: NewAppointment): Promise<void> {
  await tx.query(
    `INSERT INTO provisioning.appointment (id, customer_id, place_id, service_order_id, window_start,
       window_end, job_type, required_skills, technician_id, status)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::text[], $9, $10)`,
    [
      row.id,
      row.customerId,
      row.placeId,
      row.serviceOrderId,
      row.window.start,
      row.window.end,
      row.jobType,
      row.requiredSkills,
      row.technicianId,
      row.status,
    ],
  );
}

/** Appends a status history entry (with the window it set, if any), timed now. */
export async function insertStatusChange(
  tx: Queryable,
  change: { id: string; appointmentId: string; status: AppointmentStatus; reason: string | null },
  window: Window | null,
): Promise<void> {
  await tx.query(
    `INSERT INTO provisioning.appointment_status_change
       (id, appointment_id, status, at, reason, window_start, window_end)
     VALUES ($1, $2, $3, now(), $4, $5, $6)`,
    [
      change.id,
      change.appointmentId,
      change.status,
      change.reason,
      window?.start ?? null,
      window?.end ?? null,
    ],
  );
}

/** Sets some of an appointment's columns (window, status, technician). */
export async function updateAppointment(
  tx: Queryable,
  id: string,
  change: { window?: Window; status?: AppointmentStatus; technicianId?: string },
): Promise<void> {
  await tx.query(
    `UPDATE provisioning.appointment
        SET window_start = coalesce($2, window_start), window_end = coalesce($3, window_end),
            status = coalesce($4, status), technician_id = coalesce($5, technician_id)
      WHERE id = $1`,
    [
      id,
      change.window?.start ?? null,
      change.window?.end ?? null,
      change.status ?? null,
      change.technicianId ?? null,
    ],
  );
}
