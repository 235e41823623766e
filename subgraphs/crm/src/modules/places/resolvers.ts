import type { Resolvers } from '../../generated/graphql';
import { notCovered } from '../audit/readValidator';

/** Resolvers of `Place`. */
export const placeResolvers: Resolvers = {
  Query: {
    place: (_root, { id }, { loaders, validator }) => {
      // Validators follow customers; a place read on its own names none.
      notCovered(validator);
      return loaders.placeById.load(id);
    },
  },
  Place: {
    __resolveReference: (reference, { loaders, validator }) => {
      notCovered(validator);
      return loaders.placeById.load(reference.id);
    },
  },
};
