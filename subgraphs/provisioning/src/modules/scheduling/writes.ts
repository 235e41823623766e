import type { Queryable } from '../../../../shared/db';
import type { AppointmentStatus, JobType, Skill } from '../../generated/graphql';
import type { AppointmentRow } from '../appointments/repository';
import type { TechnicianRow } from '../technicians/repository';
import type { Window } from './repository';

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
