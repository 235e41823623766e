import type { Queryable } from '../../../../shared/db';
import type { DeliveryMethod, EquipmentKind, ServiceStatus } from '../../generated/graphql';

/** A row of `provisioning.service`. */
export interface ServiceRow {
  id: string;
  customer_id: string;
  place_id: string | null;
  offering_id: string;
  status: ServiceStatus;
  delivery_method: DeliveryMethod;
  activated_at: Date | null;
  service_order_id: string | null;
  created_at: Date;
}

/** A row of `provisioning.equipment`. */
export interface EquipmentRow {
  serial_number: string;
  service_id: string;
  kind: EquipmentKind;
  model: string;
}

const SERVICE_COLUMNS =
  'id, customer_id, place_id, offering_id, status, delivery_method, activated_at, service_order_id, created_at';

/** Services with the given ids, in no particular order. */
export function servicesByIds(db: Queryable, ids: readonly string[]): Promise<ServiceRow[]> {
  return db.query<ServiceRow>(
    `SELECT ${SERVICE_COLUMNS} FROM provisioning.service WHERE id = ANY($1::text[])`,
    [ids],
  );
}

/** Services of several customers, each customer's oldest first. */
export function servicesByCustomerIds(
  db: Queryable,
  ids: readonly string[],
): Promise<ServiceRow[]> {
  return db.query<ServiceRow>(
    `SELECT ${SERVICE_COLUMNS} FROM provisioning.service
      WHERE customer_id = ANY($1::text[]) ORDER BY customer_id, created_at, id`,
    [ids],
  );
}

/** Equipment of several services, by kind then serial number. */
export function equipmentByServiceIds(
  db: Queryable,
  ids: readonly string[],
): Promise<EquipmentRow[]> {
  return db.query<EquipmentRow>(
    `SELECT serial_number, service_id, kind, model FROM provisioning.equipment
      WHERE service_id = ANY($1::text[]) ORDER BY service_id, kind, serial_number`,
    [ids],
  );
}
