import type { Queryable } from '../../../../shared/db';
import type { AppointmentStatus, JobType, Skill } from '../../generated/graphql';

/** A row of `provisioning.appointment`. */
export interface AppointmentRow {
  id: string;
  customer_id: string;
  place_id: string | null;
  service_order_id: string | null;
  window_start: Date;
  window_end: Date;
  job_type: JobType;
  required_skills: Skill[];
  technician_id: string | null;
  status: AppointmentStatus;
  outcome: string | null;
}

/** A row of `provisioning.appointment_status_change`. */
export interface StatusChangeRow {
  appointment_id: string;
  status: AppointmentStatus;
  at: Date;
  reason: string | null;
  window_start: Date | null;
  window_end: Date | null;
}

const COLUMNS = `id, customer_id, place_id, service_order_id, window_start, window_end, job_type,
  required_skills, technician_id, status, outcome`;

/** Appointments with the given ids, in no particular order. */
export function appointmentsByIds(
  db: Queryable,
  ids: readonly string[],
): Promise<AppointmentRow[]> {
  return db.query<AppointmentRow>(
    `SELECT ${COLUMNS} FROM provisioning.appointment WHERE id = ANY($1::text[])`,
    [ids],
  );
}

/** Every appointment of several customers, each customer's newest window first. */
export function appointmentsByCustomerIds(
  db: Queryable,
  ids: readonly string[],
): Promise<AppointmentRow[]> {
  return db.query<AppointmentRow>(
    `SELECT ${COLUMNS} FROM provisioning.appointment
      WHERE customer_id = ANY($1::text[])
      ORDER BY customer_id, window_start DESC, id DESC`,
    [ids],
  );
}

/**
 * Appointments of several customers still to come (window not over, booked or
 * confirmed), each customer's soonest first.
 */
export function upcomingAppointmentsByCustomerIds(
  db: Queryable,
  ids: readonly string[],
): Promise<AppointmentRow[]> {
  return db.query<AppointmentRow>(
    `SELECT ${COLUMNS} FROM provisioning.appointment
      WHERE customer_id = ANY($1::text[]) AND window_end >= now()
        AND status IN ('INITIALIZED', 'CONFIRMED')
      ORDER BY customer_id, window_start, id`,
    [ids],
  );
}

/** Appointments of several service orders, each order's earliest window first. */
export function appointmentsByServiceOrderIds(
  db: Queryable,
  ids: readonly string[],
): Promise<AppointmentRow[]> {
  return db.query<AppointmentRow>(
    `SELECT ${COLUMNS} FROM provisioning.appointment
      WHERE service_order_id = ANY($1::text[]) ORDER BY service_order_id, window_start, id`,
    [ids],
  );
}

/** Status changes of several appointments, each appointment's oldest first. */
export function statusHistoryByAppointmentIds(
  db: Queryable,
  ids: readonly string[],
): Promise<StatusChangeRow[]> {
  return db.query<StatusChangeRow>(
    `SELECT appointment_id, status, at, reason, window_start, window_end
       FROM provisioning.appointment_status_change
      WHERE appointment_id = ANY($1::text[]) ORDER BY appointment_id, at, id`,
    [ids],
  );
}
