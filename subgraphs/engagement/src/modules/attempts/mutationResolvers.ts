import type { Resolvers } from '../../generated/graphql';
import { appFunctionOutcomes, assertMayReadOutcomes } from '../outcomes/outcomeFigures';
import { markAppAttemptHandled } from './markHandled';

/** `markAppAttemptHandled` and the `appFunctionOutcomes` figures. */
export const attemptMutationResolvers: Resolvers = {
  Query: {
    appFunctionOutcomes: (_root, { since, until, channel }, { db, claims }) => {
      assertMayReadOutcomes(claims);
      return appFunctionOutcomes(db, { since: new Date(since), until: new Date(until), channel });
    },
  },
  Mutation: {
    markAppAttemptHandled: (_root, { input }, { db, claims, config }) =>
      markAppAttemptHandled(db, claims, input, config.appAttemptWindowHours),
  },
};
