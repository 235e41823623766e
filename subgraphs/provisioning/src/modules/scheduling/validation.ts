import { ErrorCode } from '../../../../../schema/errorCodes';
import type { Queryable } from '../../../../shared/db';
import { badUserInput, codedError } from '../../../../shared/errors';
import type { AppointmentStatus, Skill } from '../../generated/graphql';
import type { AppointmentRow } from '../appointments/repository';
import type { TechnicianRow } from '../technicians/repository';
import { technicianBusy, type Window } from './repository';
import { lockAppointment, lockTechnician } from './writes';

const HOUR = 3_600_000;

/** Statuses a visit can still be changed from. */
const CHANGEABLE: readonly AppointmentStatus[] = ['INITIALIZED', 'CONFIRMED'];

/** A visit window must end after it starts and last 1 to 8 hours. */
export function checkWindowShape(window: Window, argument = 'input.window'): void {
  const { start, end } = window;
  if (end.getTime() <= start.getTime()) {
    throw badUserInput(
      `${argument}.end (${end.toISOString()}) must be after ${argument}.start (${start.toISOString()})`,
      argument,
    );
  }
  const hours = (end.getTime() - start.getTime()) / HOUR;
  if (hours < 1 || hours > 8) {
    throw badUserInput(`${argument} must last 1 to 8 hours, got ${hours} hours`, argument);
  }
}

/** A window may not start in the past. */
export function checkNotPast(window: Window): void {
  if (window.start.getTime() < Date.now()) {
    throw codedError(
      ErrorCode.SLOT_IN_PAST,
      `the window starting ${window.start.toISOString()} is in the past`,
      { argument: 'input.window' },
    );
  }
}

/** The technician, locked; NOT_FOUND when unknown. */
export async function requireTechnician(tx: Queryable, id: string): Promise<TechnicianRow> {
  const technician = await lockTechnician(tx, id);
  if (!technician) {
    throw codedError(ErrorCode.NOT_FOUND, `no technician has id ${JSON.stringify(id)}`, {
      argument: 'input.technicianId',
    });
  }
  return technician;
}

/** The appointment, locked and still changeable; NOT_FOUND or INVALID_STATE_TRANSITION. */
export async function requireChangeable(
  tx: Queryable,
  id: string,
  action: string,
): Promise<AppointmentRow> {
  const appointment = await lockAppointment(tx, id);
  if (!appointment) {
    throw codedError(ErrorCode.NOT_FOUND, `no appointment has id ${JSON.stringify(id)}`, {
      argument: 'input.appointmentId',
    });
  }
  if (!CHANGEABLE.includes(appointment.status)) {
    throw codedError(
      ErrorCode.INVALID_STATE_TRANSITION,
      `cannot ${action} appointment ${id}: it is ${appointment.status}; only INITIALIZED or CONFIRMED visits can be changed`,
      { status: appointment.status },
    );
  }
  return appointment;
}

/** TECHNICIAN_LACKS_SKILL naming every required skill the technician does not have. */
export function checkSkills(technician: TechnicianRow, required: readonly Skill[]): void {
  const missing = required.filter((skill) => !technician.skills.includes(skill));
  if (missing.length > 0) {
    throw codedError(
      ErrorCode.TECHNICIAN_LACKS_SKILL,
      `technician ${technician.id} (${technician.name}) lacks the required skill${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`,
      { technicianId: technician.id, missingSkills: missing },
    );
  }
}

/** SLOT_UNAVAILABLE when the technician has another live visit overlapping the window. */
export async function checkFree(
  tx: Queryable,
  technician: TechnicianRow,
  window: Window,
  exceptId: string | null,
): Promise<void> {
  if (await technicianBusy(tx, technician.id, window, exceptId)) {
    throw codedError(
      ErrorCode.SLOT_UNAVAILABLE,
      `technician ${technician.id} (${technician.name}) already has a visit between ${window.start.toISOString()} and ${window.end.toISOString()}`,
      { technicianId: technician.id },
    );
  }
}

/** A window as a rep reads it, e.g. `2026-11-29 08:00–12:00 UTC`. */
export function describeWindow(window: Window): string {
  const iso = window.start.toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}–${window.end.toISOString().slice(11, 16)} UTC`;
}
