import type { Resolvers } from '../../generated/graphql';
import { recordPlaceRead } from '../audit/placeReads';

/** Resolvers of `Place`. */
export const placeResolvers: Resolvers = {
  Query: {
    // Gets no validator: not among VALIDATED_ROOT_FIELDS (validators follow customers).
    place: async (_root, { id }, context, info) =>
      recordPlaceRead(context, info, await context.loaders.placeById.load(id)),
  },
  Place: {
    __resolveReference: async (reference, context, info) =>
      recordPlaceRead(context, info, await context.loaders.placeById.load(reference.id)),
  },
};
