import { readableOwned } from '../../../../shared/customerAccess';
import type { Resolvers } from '../../generated/graphql';
import { requiredAgent } from '../agents/loaders';

/** Resolvers of `Note` and the note query. */
export const noteResolvers: Resolvers = {
  Query: {
    note: async (_root, { id }, { claims, loaders }) =>
      readableOwned(claims, await loaders.noteById.load(id)),
  },
  Note: {
    __resolveReference: async (reference, { claims, loaders }) =>
      readableOwned(claims, await loaders.noteById.load(reference.id)),
    author: (note, _args, { loaders }) => requiredAgent(loaders.agentById, note.author_id),
    createdAt: (note) => note.created_at,
    subjectType: (note) => note.subject_type,
    subjectId: (note) => note.subject_id,
  },
};
