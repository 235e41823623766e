import type { Resolvers } from '../../generated/graphql';
import { endAppSession, recordScreen, startAppSession } from './mutations';

/** The app-session mutations, as the app (or a service acting for it) calls them. */
export const sessionMutationResolvers: Resolvers = {
  Mutation: {
    startAppSession: (_root, { input }, { db, claims }) => startAppSession(db, claims, input),
    recordScreen: (_root, args, { db, claims }) => recordScreen(db, claims, args),
    endAppSession: (_root, { sessionId }, { db, claims }) => endAppSession(db, claims, sessionId),
  },
};
