import { withActor } from '../../../../shared/actingAs';
import { assertMayActOnCustomer, assertMayActOnOwned } from '../../../../shared/customerAccess';
import { badUserInput } from '../../../../shared/errors';
import { assertMayReference, type ForeignEntity } from '../../../../shared/referenceCheck';
import type { Context } from '../../context';
import type { Resolvers } from '../../generated/graphql';
import type { AppointmentRow } from '../appointments/repository';
import {
  assignTechnician,
  cancelAppointment,
  rescheduleAppointment,
  scheduleAppointment,
} from './mutations';
import { freeSlots } from './repository';

/** A service address, owned by `crm`. */
const PLACE: ForeignEntity = { typename: 'Place', owner: 'crm' };

/** Resolvers of `availableSlots` and the appointment mutations. */
export const schedulingResolvers: Resolvers = {
  Query: {
    availableSlots: async (_root, { input }, { db, loaders }) => {
      const days = input.days ?? 7;
      if (!Number.isInteger(days) || days < 1 || days > 14) {
        throw badUserInput(`input.days must be 1 to 14, got ${days}`, 'input.days');
      }
      const rows = await freeSlots(db, input.from, days, input.requiredSkills);
      return rows.map(({ window_start, window_end, ...technician }) => {
        loaders.technicianById.prime(technician.id, technician);
        return { window: { start: window_start, end: window_end }, technician };
      });
    },
  },
  Mutation: {
    scheduleAppointment: async (_root, { input }, context) => {
      const { db, claims, loaders } = context;
      assertMayActOnCustomer(claims, input.customerId, 'input.customerId');
      if (input.serviceOrderId) {
        const serviceOrder = await loaders.serviceOrderById.load(input.serviceOrderId);
        assertMayActOnOwned(claims, serviceOrder, 'input.serviceOrderId');
      }
      // The place is crm's: crm decides whether it is this customer's.
      await assertMayReference(context, PLACE, input.placeId, 'input.placeId');
      return fresh(loaders, await scheduleAppointment(db, withActor(input, claims)));
    },
    rescheduleAppointment: async (_root, { input }, { db, claims, loaders }) => {
      const appointment = await loaders.appointmentById.load(input.appointmentId);
      assertMayActOnOwned(claims, appointment, 'input.appointmentId');
      return fresh(loaders, await rescheduleAppointment(db, withActor(input, claims)));
    },
    cancelAppointment: async (_root, { input }, { db, claims, loaders }) => {
      const appointment = await loaders.appointmentById.load(input.appointmentId);
      assertMayActOnOwned(claims, appointment, 'input.appointmentId');
      return fresh(loaders, await cancelAppointment(db, withActor(input, claims)));
    },
    assignTechnician: async (_root, { input }, { db, claims, loaders }) => {
      const appointment = await loaders.appointmentById.load(input.appointmentId);
      assertMayActOnOwned(claims, appointment, 'input.appointmentId');
      return fresh(loaders, await assignTechnician(db, withActor(input, claims)));
    },
  },
};

/** The appointment as stored now, bypassing anything this request cached before the change. */
async function fresh(loaders: Context['loaders'], id: string): Promise<AppointmentRow> {
  loaders.statusHistoryByAppointmentId.clear(id);
  const appointment = await loaders.appointmentById.clear(id).load(id);
  if (!appointment) throw new Error(`appointment ${id} vanished after it was written`);
  return appointment;
}
