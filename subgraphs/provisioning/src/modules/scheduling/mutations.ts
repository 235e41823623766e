import { randomUUID } from 'node:crypto';
import type { Database, Queryable } from '../../../../shared/db';
import { codedError } from '../../../../shared/errors';
import { idempotent } from '../../../../shared/idempotency';
import { recordEvent } from '../../../../shared/outbox';
import { ErrorCode } from '../../../../../schema/errorCodes';
import type {
  AssignTechnicianInput,
  CancelAppointmentInput,
  RescheduleAppointmentInput,
  ScheduleAppointmentInput,
} from '../../generated/graphql';
import type { AppointmentRow } from '../appointments/repository';
import { serviceOrderExists, type Window } from './repository';
import { insertAppointment, insertStatusChange, updateAppointment } from './writes';
import {
  checkFree,
  checkNotPast,
  checkSkills,
  checkWindowShape,
  describeWindow,
  requireChangeable,
  requireTechnician,
} from './validation';

const SCHEMA = 'provisioning';

const subject = (id: string) => ({ typename: 'Appointment', id });

const sameWindow = (a: Window, b: Window) =>
  a.start.getTime() === b.start.getTime() && a.end.getTime() === b.end.getTime();

/** Books a confirmed visit once per idempotency key; returns the appointment id. */
export async function scheduleAppointment(
  db: Database,
  input: ScheduleAppointmentInput,
): Promise<string> {
  const window = { start: input.window.start, end: input.window.end };
  checkWindowShape(window);
  const { idempotencyKey, ...request } = input;
  const options = { scope: 'scheduleAppointment', key: idempotencyKey, request };
  const result = await idempotent(db, SCHEMA, options, async (tx) => {
    checkNotPast(window);
    const technician = await requireTechnician(tx, input.technicianId);
    checkSkills(technician, input.requiredSkills);
    if (input.serviceOrderId && !(await serviceOrderExists(tx, input.serviceOrderId))) {
      throw codedError(ErrorCode.NOT_FOUND, `no service order has id ${input.serviceOrderId}`, {
        argument: 'input.serviceOrderId',
      });
    }
    await checkFree(tx, technician, window, null);
    const id = `apt-${randomUUID()}`;
    await insertAppointment(tx, {
      ...{ id, customerId: input.customerId, placeId: input.placeId ?? null },
      ...{ serviceOrderId: input.serviceOrderId ?? null, window, jobType: input.jobType },
      ...{ requiredSkills: input.requiredSkills, technicianId: technician.id, status: 'CONFIRMED' },
    });
    const booked = { appointmentId: id, reason: 'Booked' };
    await insertStatusChange(tx, { ...booked, id: `${id}-1`, status: 'INITIALIZED' }, window);
    const confirmed = { appointmentId: id, reason: `Confirmed with ${technician.name}` };
    await insertStatusChange(tx, { ...confirmed, id: `${id}-2`, status: 'CONFIRMED' }, null);
    await recordEvent(tx, SCHEMA, {
      customerId: input.customerId,
      type: 'appointment.booked',
      subject: subject(id),
      summary: `${input.jobType} visit booked for ${describeWindow(window)} with ${technician.name}`,
      actor: input.actor ?? 'system',
      payload: { technicianId: technician.id, serviceOrderId: input.serviceOrderId ?? null },
    });
    return { appointmentId: id };
  });
  return result.appointmentId;
}

/** Moves a live visit to a new window; a move to the current window writes nothing. */
export async function rescheduleAppointment(
  db: Database,
  input: RescheduleAppointmentInput,
): Promise<string> {
  const window = { start: input.window.start, end: input.window.end };
  checkWindowShape(window);
  return db.transaction(async (tx) => {
    const appointment = await requireChangeable(tx, input.appointmentId, 'reschedule');
    const current = { start: appointment.window_start, end: appointment.window_end };
    if (sameWindow(current, window)) return appointment.id;
    checkNotPast(window);
    if (appointment.technician_id) {
      const technician = await requireTechnician(tx, appointment.technician_id);
      await checkFree(tx, technician, window, appointment.id);
    }
    await updateAppointment(tx, appointment.id, { window });
    const change = { appointmentId: appointment.id, status: appointment.status };
    const reason = input.reason ?? 'Rescheduled';
    await insertStatusChange(tx, { ...change, id: `asc-${randomUUID()}`, reason }, window);
    await record(tx, appointment, input.actor, {
      type: 'appointment.rescheduled',
      summary: `Visit moved from ${describeWindow(current)} to ${describeWindow(window)}${input.reason ? `: ${input.reason}` : ''}`,
      payload: { from: current, to: window },
    });
    return appointment.id;
  });
}

/** Cancels a live visit. */
export async function cancelAppointment(
  db: Database,
  input: CancelAppointmentInput,
): Promise<string> {
  return db.transaction(async (tx) => {
    const appointment = await requireChangeable(tx, input.appointmentId, 'cancel');
    await updateAppointment(tx, appointment.id, { status: 'CANCELLED' });
    const reason = input.reason ?? 'Cancelled';
    const change = { appointmentId: appointment.id, status: 'CANCELLED' as const, reason };
    await insertStatusChange(tx, { ...change, id: `asc-${randomUUID()}` }, null);
    const window = { start: appointment.window_start, end: appointment.window_end };
    await record(tx, appointment, input.actor, {
      type: 'appointment.cancelled',
      summary: `Visit for ${describeWindow(window)} cancelled${input.reason ? `: ${input.reason}` : ''}`,
    });
    return appointment.id;
  });
}

/** Sends a qualified, free technician; assigning the current one writes nothing. */
export async function assignTechnician(
  db: Database,
  input: AssignTechnicianInput,
): Promise<string> {
  return db.transaction(async (tx) => {
    const appointment = await requireChangeable(tx, input.appointmentId, 'reassign');
    const technician = await requireTechnician(tx, input.technicianId);
    checkSkills(technician, appointment.required_skills);
    if (appointment.technician_id === technician.id) return appointment.id;
    const window = { start: appointment.window_start, end: appointment.window_end };
    await checkFree(tx, technician, window, appointment.id);
    await updateAppointment(tx, appointment.id, { technicianId: technician.id });
    await record(tx, appointment, input.actor, {
      type: 'appointment.technician_assigned',
      summary: `${technician.name} assigned to the visit on ${describeWindow(window)}`,
      payload: { from: appointment.technician_id, to: technician.id },
    });
    return appointment.id;
  });
}

/** Records one outbox event about `appointment`. */
function record(
  tx: Queryable,
  appointment: AppointmentRow,
  actor: string | null | undefined,
  event: { type: string; summary: string; payload?: Record<string, unknown> },
): Promise<string> {
  return recordEvent(tx, SCHEMA, {
    ...event,
    customerId: appointment.customer_id,
    subject: subject(appointment.id),
    actor: actor ?? 'system',
  });
}
