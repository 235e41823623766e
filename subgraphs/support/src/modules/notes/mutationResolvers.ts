import { withActor } from '../../../../shared/actingAs';
import { assertStaffOrService } from '../../../../shared/customerAccess';
import type { Resolvers } from '../../generated/graphql';
import { addNote } from './mutations';

/** Resolvers of the note mutation. */
export const noteMutationResolvers: Resolvers = {
  Mutation: {
    addNote: async (_root, { input }, { db, claims, loaders }) => {
      assertStaffOrService(claims);
      const id = await addNote(db, withActor(input, claims, null));
      const row = await loaders.noteById.load(id);
      if (!row) throw new Error(`note ${id} was written but cannot be read back`);
      return row;
    },
  },
};
