import { recordCustomerRead } from '../../../../shared/cacheScope';
import type { Queryable } from '../../../../shared/db';
import type { CursorPosition } from '../../../../shared/pagination';
import type { Channel } from '../../generated/graphql';

/** A row of `crm.customer`. */
export interface CustomerRow {
  id: string;
  given_name: string;
  family_name: string;
  status: 'PROSPECT' | 'ACTIVE' | 'SUSPENDED' | 'CLOSED';
  segment: 'CONSUMER' | 'SMALL_BUSINESS' | 'ENTERPRISE';
  account_number: string | null;
  created_at: Date;
}

/** A row of `crm.contact_point`. */
export interface ContactPointRow {
  customer_id: string;
  kind: 'PHONE' | 'EMAIL' | 'SOCIAL' | 'APP_DEVICE';
  value: string;
  is_primary: boolean;
  verified: boolean;
}

/** A row of `crm.preferences` (defaults filled in when the customer has none). */
export interface PreferencesRow {
  customer_id: string;
  preferred_channel: Channel | null;
  language: string;
  quiet_start: string | null;
  quiet_end: string | null;
  quiet_time_zone: string | null;
}

/** A row of `crm.consent`. */
export interface ConsentRow {
  customer_id: string;
  purpose: 'MARKETING' | 'SERVICE_NOTIFICATIONS' | 'SURVEYS' | 'THIRD_PARTY_SHARING';
  granted: boolean;
  channels: Channel[];
  updated_at: Date;
}

const CUSTOMER_COLUMNS = 'id, given_name, family_name, status, segment, account_number, created_at';

/**
 * Tags the running operation with each customer read (`customer:<id>`): a customer row
 * names its customer by `id`, not by the `customer_id` the shared database view tags.
 */
function tagged(rows: CustomerRow[]): CustomerRow[] {
  for (const row of rows) recordCustomerRead(row.id);
  return rows;
}

/** Customers with the given ids, in no particular order. */
export async function customersByIds(
  db: Queryable,
  ids: readonly string[],
): Promise<CustomerRow[]> {
  return tagged(
    await db.query<CustomerRow>(
      `SELECT ${CUSTOMER_COLUMNS} FROM crm.customer WHERE id = ANY($1::text[])`,
      [ids],
    ),
  );
}

/** A normalised contact value and the customer holding it. */
export interface ContactPointHolder {
  kind: ContactPointRow['kind'];
  value: string;
  customer_id: string;
}

/** The holders of many normalised contact values, in one statement (values nobody holds: no row). */
export function holdersOfContactPoints(
  db: Queryable,
  points: readonly { kind: ContactPointRow['kind']; value: string }[],
): Promise<ContactPointHolder[]> {
  return db.query<ContactPointHolder>(
    `SELECT cp.kind, cp.value, cp.customer_id
       FROM unnest($1::text[], $2::text[]) AS k(kind, value)
       JOIN crm.contact_point cp ON cp.kind = k.kind AND cp.value = k.value`,
    [points.map((p) => p.kind), points.map((p) => p.value)],
  );
}

/** The id of the customer holding a normalised contact value, if any. */
export async function customerIdByContactPoint(
  db: Queryable,
  kind: ContactPointRow['kind'],
  value: string,
): Promise<string | null> {
  const rows = await db.query<{ customer_id: string }>(
    'SELECT customer_id FROM crm.contact_point WHERE kind = $1 AND value = $2',
    [kind, value],
  );
  return rows[0]?.customer_id ?? null;
}

/** The id of the customer with a normalised account number, if any. */
export async function customerIdByAccountNumber(
  db: Queryable,
  account: string,
): Promise<string | null> {
  const rows = await db.query<{ id: string }>(
    'SELECT id FROM crm.customer WHERE account_number = $1',
    [account],
  );
  return rows[0]?.id ?? null;
}

/** Customers oldest first after a keyset position; fetches `limit` rows. */
export async function customersPage(
  db: Queryable,
  after: CursorPosition | null,
  limit: number,
): Promise<CustomerRow[]> {
  return tagged(
    await db.query<CustomerRow>(
      `SELECT ${CUSTOMER_COLUMNS} FROM crm.customer
        WHERE $1::timestamptz IS NULL OR (created_at, id) > ($1::timestamptz, $2::text)
        ORDER BY created_at, id LIMIT $3`,
      [after?.at ?? null, after?.id ?? null, limit],
    ),
  );
}

/** Contact points of several customers, primary ones first. */
export function contactPointsByCustomerIds(
  db: Queryable,
  ids: readonly string[],
): Promise<ContactPointRow[]> {
  return db.query<ContactPointRow>(
    `SELECT customer_id, kind, value, is_primary, verified FROM crm.contact_point
      WHERE customer_id = ANY($1::text[])
      ORDER BY customer_id, is_primary DESC, kind, created_at`,
    [ids],
  );
}

/** Stored preferences of several customers. */
export function preferencesByCustomerIds(
  db: Queryable,
  ids: readonly string[],
): Promise<PreferencesRow[]> {
  return db.query<PreferencesRow>(
    `SELECT customer_id, preferred_channel, language, quiet_start, quiet_end, quiet_time_zone
       FROM crm.preferences WHERE customer_id = ANY($1::text[])`,
    [ids],
  );
}

/** Consents of several customers. */
export function consentsByCustomerIds(
  db: Queryable,
  ids: readonly string[],
): Promise<ConsentRow[]> {
  return db.query<ConsentRow>(
    `SELECT customer_id, purpose, granted, channels, updated_at FROM crm.consent
      WHERE customer_id = ANY($1::text[]) ORDER BY customer_id, purpose`,
    [ids],
  );
}
