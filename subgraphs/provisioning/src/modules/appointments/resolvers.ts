import { readableOwned } from '../../../../shared/customerAccess';
import type { Resolvers } from '../../generated/graphql';
import { refOrNull } from '../../references';

/** Resolvers of `Appointment`, its status history and `Customer.appointments`. */
export const appointmentResolvers: Resolvers = {
  Query: {
    appointment: async (_root, { id }, { claims, loaders }) =>
      readableOwned(claims, await loaders.appointmentById.load(id)),
  },
  Appointment: {
    __resolveReference: async (reference, { claims, loaders }) =>
      readableOwned(claims, await loaders.appointmentById.load(reference.id)),
    customer: (appointment) => ({ id: appointment.customer_id }),
    place: (appointment) => refOrNull(appointment.place_id),
    serviceOrder: (appointment, _args, { loaders }) =>
      appointment.service_order_id
        ? loaders.serviceOrderById.load(appointment.service_order_id)
        : null,
    window: (appointment) => ({ start: appointment.window_start, end: appointment.window_end }),
    jobType: (appointment) => appointment.job_type,
    requiredSkills: (appointment) => appointment.required_skills,
    technician: (appointment, _args, { loaders }) =>
      appointment.technician_id ? loaders.technicianById.load(appointment.technician_id) : null,
    statusHistory: (appointment, _args, { loaders }) =>
      loaders.statusHistoryByAppointmentId.load(appointment.id),
  },
  AppointmentStatusChange: {
    window: (change) =>
      change.window_start && change.window_end
        ? { start: change.window_start, end: change.window_end }
        : null,
  },
  Customer: {
    appointments: (customer, { upcoming }, { loaders }) =>
      loaders.appointmentsByCustomerId.load({
        customerId: customer.id,
        upcoming: upcoming ?? false,
      }),
  },
};
