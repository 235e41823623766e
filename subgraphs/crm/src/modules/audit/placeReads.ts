import type DataLoader from 'dataloader';
import type { GraphQLResolveInfo } from 'graphql';
import { staffReader } from '../../../../shared/accessLog/accessContext';
import { manyByKey } from '../../../../shared/loaders';
import type { Context } from '../../context';

interface OwnerRow {
  place_id: string;
  customer_id: string;
}

/** Per request: who owns each place read (a place may be shared by several customers). */
const owners = new WeakMap<Context, DataLoader<string, OwnerRow[]>>();

function ownersOf(context: Context): DataLoader<string, OwnerRow[]> {
  let loader = owners.get(context);
  if (!loader) {
    loader = manyByKey(
      (placeIds) =>
        context.db.query<OwnerRow>(
          `SELECT place_id, customer_id FROM crm.customer_place WHERE place_id = ANY($1::text[])`,
          [placeIds],
        ),
      (row) => row.place_id,
    );
    owners.set(context, loader);
  }
  return loader;
}

/**
 * Records that an agent or supervisor read `place` on its own (`place(id:)`, or as an
 * entity another subgraph referenced): one `Place` row per customer whose address it is,
 * written with the request's other access rows. Hands the place on. A read through
 * `Customer.addresses` needs none: the customer read is recorded already.
 */
export async function recordPlaceRead<T extends { id: string }>(
  context: Context,
  info: GraphQLResolveInfo,
  place: T | null,
): Promise<T | null> {
  if (!place || !staffReader(context.claims)) return place;
  const rows = await ownersOf(context).load(place.id);
  context.accessRecorder.record(
    rows.map((row) => row.customer_id),
    info,
    'Place',
  );
  return place;
}
