import DataLoader from 'dataloader';
import type { Queryable } from '../../../../shared/db';
import { manyByKey, oneByKey } from '../../../../shared/loaders';
import {
  appointmentsByCustomerIds,
  appointmentsByIds,
  appointmentsByServiceOrderIds,
  statusHistoryByAppointmentIds,
  upcomingAppointmentsByCustomerIds,
  type AppointmentRow,
} from './repository';

/** Which of a customer's appointments to load: all of them, or only those still to come. */
export interface CustomerAppointmentsKey {
  customerId: string;
  upcoming: boolean;
}

const keyString = (key: CustomerAppointmentsKey): string =>
  `${key.upcoming ? 'upcoming' : 'all'}:${key.customerId}`;

/**
 * Appointments per customer and `upcoming` flag: the keys that share a flag are
 * answered by one statement, so a page of customers costs one query per flag used.
 */
function appointmentsByCustomerIdLoader(db: Queryable) {
  return new DataLoader<CustomerAppointmentsKey, AppointmentRow[], string>(
    async (keys) => {
      const groups = new Map<string, AppointmentRow[]>();
      for (const upcoming of [false, true]) {
        const ids = keys.filter((key) => key.upcoming === upcoming).map((key) => key.customerId);
        if (ids.length === 0) continue;
        const fetch = upcoming ? upcomingAppointmentsByCustomerIds : appointmentsByCustomerIds;
        for (const row of await fetch(db, ids)) {
          const group = keyString({ customerId: row.customer_id, upcoming });
          groups.set(group, [...(groups.get(group) ?? []), row]);
        }
      }
      return keys.map((key) => groups.get(keyString(key)) ?? []);
    },
    { cacheKeyFn: keyString },
  );
}

/** The appointment module's loaders; a fresh set per request. */
export function createAppointmentLoaders(db: Queryable) {
  return {
    appointmentById: oneByKey(
      (ids) => appointmentsByIds(db, ids),
      (row) => row.id,
    ),
    appointmentsByCustomerId: appointmentsByCustomerIdLoader(db),
    appointmentsByServiceOrderId: manyByKey(
      (ids) => appointmentsByServiceOrderIds(db, ids),
      (row) => row.service_order_id ?? '',
    ),
    statusHistoryByAppointmentId: manyByKey(
      (ids) => statusHistoryByAppointmentIds(db, ids),
      (row) => row.appointment_id,
    ),
  };
}
