import type { Resolvers } from '../../generated/graphql';

/** Resolvers of `Place`. */
export const placeResolvers: Resolvers = {
  Query: {
    // Gets no validator: not among VALIDATED_ROOT_FIELDS (validators follow customers).
    place: (_root, { id }, { loaders }) => loaders.placeById.load(id),
  },
  Place: {
    __resolveReference: (reference, { loaders }) => loaders.placeById.load(reference.id),
  },
};
