import type { Resolvers } from '../../generated/graphql';
import { appFunctionOutcomes } from '../outcomes/outcomeFigures';
import { markAppAttemptHandled } from './markHandled';

/** `markAppAttemptHandled` and the `appFunctionOutcomes` figures. */
export const attemptMutationResolvers: Resolvers = {
  Query: {
    appFunctionOutcomes: (_root, { since, until, channel }, { db }) =>
      appFunctionOutcomes(db, { since: new Date(since), until: new Date(until), channel }),
  },
  Mutation: {
    markAppAttemptHandled: (_root, { input }, { db, claims, config }) =>
      markAppAttemptHandled(db, claims, input, config.appAttemptWindowHours),
  },
};
