import type { GraphQLResolveInfo } from 'graphql';
import { canReadCustomer } from '../../../../shared/customerAccess';
import type { Context } from '../../context';
import type { Resolvers } from '../../generated/graphql';
import type { PlaceRow } from './repository';

/**
 * The place `id` when the caller may read it, else null (unknown and unreadable look
 * the same, so ids do not leak). A place belongs to the customers linked to it: staff
 * and services read any place, a customer only one linked to themself, an anonymous
 * caller none. A staff read on its own (`place(id:)`, or an entity another subgraph
 * referenced) is on record as a `Place` read of each customer it belongs to, written
 * with the request's other access rows; a read through `Customer.addresses` needs none,
 * the customer read is recorded already.
 */
async function readablePlace(
  id: string,
  context: Context,
  info: GraphQLResolveInfo,
): Promise<PlaceRow | null> {
  const { claims, loaders, accessRecorder } = context;
  if (!claims) return null;
  const owners = (await loaders.placeOwnersByPlaceId.load(id)).map((row) => row.customer_id);
  // A place linked to nobody is no customer's: staff and services only.
  const mayRead =
    owners.length > 0
      ? owners.some((owner) => canReadCustomer(claims, owner))
      : claims.role !== 'customer';
  if (!mayRead) return null;
  const place = await loaders.placeById.load(id);
  // The recorder keeps rows of agents and supervisors only.
  if (place) accessRecorder.record(owners, info, 'Place');
  return place;
}

/** Resolvers of `Place`. */
export const placeResolvers: Resolvers = {
  Query: {
    // Gets no validator: not among VALIDATED_ROOT_FIELDS (validators follow customers).
    place: (_root, { id }, context, info) => readablePlace(id, context, info),
  },
  Place: {
    __resolveReference: (reference, context, info) => readablePlace(reference.id, context, info),
  },
};
