import type { Queryable } from '../../../../shared/db';

/** A row of `crm.place`. */
export interface PlaceRow {
  id: string;
  line1: string;
  line2: string | null;
  city: string;
  postcode: string;
  country: string;
}

/** Places with the given ids, in no particular order. */
export function placesByIds(db: Queryable, ids: readonly string[]): Promise<PlaceRow[]> {
  return db.query<PlaceRow>(
    'SELECT id, line1, line2, city, postcode, country FROM crm.place WHERE id = ANY($1::text[])',
    [ids],
  );
}

/** Places of several customers with their owner, in each customer's order. */
export function placesByCustomerIds(
  db: Queryable,
  ids: readonly string[],
): Promise<(PlaceRow & { customer_id: string })[]> {
  return db.query(
    `SELECT cp.customer_id, p.id, p.line1, p.line2, p.city, p.postcode, p.country
       FROM crm.customer_place cp JOIN crm.place p ON p.id = cp.place_id
      WHERE cp.customer_id = ANY($1::text[])
      ORDER BY cp.customer_id, cp.position, p.id`,
    [ids],
  );
}

/** Who a place belongs to: one row per customer linked to it (a place may be shared). */
export interface PlaceOwnerRow {
  place_id: string;
  customer_id: string;
}

/** The customers linked to each of the given places, in no particular order. */
export function placeOwnersByPlaceIds(
  db: Queryable,
  ids: readonly string[],
): Promise<PlaceOwnerRow[]> {
  return db.query<PlaceOwnerRow>(
    'SELECT place_id, customer_id FROM crm.customer_place WHERE place_id = ANY($1::text[])',
    [ids],
  );
}
