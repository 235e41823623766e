import type { Queryable } from '../../../../shared/db';
import type { DeliveryMethod, OfferingCategory } from '../../generated/graphql';

/** A row of `orders.product_offering`. */
export interface OfferingRow {
  id: string;
  name: string;
  description: string | null;
  category: OfferingCategory;
  delivery_methods: DeliveryMethod[];
  requires_install: boolean;
  tier: number;
  download_mbps: number | null;
}

const OFFERING_COLUMNS =
  'id, name, description, category, delivery_methods, requires_install, tier, download_mbps';

/** Offerings with the given ids, in no particular order. */
export function offeringsByIds(db: Queryable, ids: readonly string[]): Promise<OfferingRow[]> {
  return db.query<OfferingRow>(
    `SELECT ${OFFERING_COLUMNS} FROM orders.product_offering WHERE id = ANY($1::text[])`,
    [ids],
  );
}

/** The catalogue, optionally one category, by category, best tier first, then name. */
export function offeringsByCategory(
  db: Queryable,
  category: OfferingCategory | null,
): Promise<OfferingRow[]> {
  return db.query<OfferingRow>(
    `SELECT ${OFFERING_COLUMNS} FROM orders.product_offering
      WHERE $1::text IS NULL OR category = $1::text
      ORDER BY category, tier DESC, name, id`,
    [category],
  );
}
