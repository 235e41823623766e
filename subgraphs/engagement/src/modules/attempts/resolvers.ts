import { canReadCustomer } from '../../../../shared/customerAccess';
import { badUserInput } from '../../../../shared/errors';
import type { Context } from '../../context';
import type { Channel, Resolvers } from '../../generated/graphql';
import { appAttemptFlags } from './attemptFlags';
import { didNotSucceed, outcomeOf } from './outcome';
import type { AttemptRow } from './repository';

/** Most attempts one `recentAppActivity` call returns. */
const MAX_ATTEMPTS = 50;
/** Most attempts of one window the flag rule reads per customer. */
const MAX_WINDOW_ATTEMPTS = 500;

/** The failed or abandoned attempt a contact followed, as the caller may see it. */
async function attemptBefore(
  typename: 'Interaction' | 'Case',
  id: string,
  { claims, attempts }: Context,
): Promise<AttemptRow | null> {
  const rows = await attempts.attemptsBeforeContact.load(`${typename}:${id}`);
  const now = new Date();
  const candidates = rows
    .filter((row) => canReadCustomer(claims, row.contact_customer_id) && didNotSucceed(row, now))
    .sort((a, b) => new Date(b.last_at).getTime() - new Date(a.last_at).getTime());
  return candidates[0] ?? null;
}

/** Resolvers of `AppAttempt`, the attempt fields of `Customer`, `Interaction` and `Case`. */
export const attemptResolvers: Resolvers = {
  Customer: {
    recentAppActivity: (customer, { first }, { attempts, config }) => {
      const limit = first ?? 10;
      if (limit < 1 || limit > MAX_ATTEMPTS) {
        throw badUserInput(`first must be between 1 and ${MAX_ATTEMPTS}`, 'first');
      }
      const windowHours = config.appAttemptWindowHours;
      return attempts.attemptsByCustomerId.load({
        customerId: customer.id,
        limit,
        since: null,
        windowHours,
      });
    },
    engagementAttention: async (customer, { at }, { attempts: loaders, config }) => {
      const now = at ? new Date(at) : new Date();
      const windowHours = config.appAttemptWindowHours;
      const since = new Date(now.getTime() - windowHours * 3_600_000).toISOString();
      const found = await loaders.attemptsByCustomerId.load({
        customerId: customer.id,
        limit: MAX_WINDOW_ATTEMPTS,
        since,
        windowHours,
      });
      return appAttemptFlags(
        found.filter((a) => new Date(a.last_at) <= now),
        now,
      );
    },
  },
  Interaction: {
    // Reading the contact's owner tags the answer with that customer (cache contract).
    __resolveReference: async (reference, { attempts }) => {
      await attempts.contactOwner.load(`Interaction:${reference.id}`);
      return { id: reference.id };
    },
    afterAppAttempt: (interaction, _args, context) =>
      attemptBefore('Interaction', interaction.id, context),
  },
  Case: {
    __resolveReference: async (reference, { attempts }) => {
      await attempts.contactOwner.load(`Case:${reference.id}`);
      return { id: reference.id };
    },
    afterAppAttempt: (c, _args, context) => attemptBefore('Case', c.id, context),
  },
  AppAttempt: {
    session: async (attempt, _args, { loaders }) => {
      const session = await loaders.sessionById.load(attempt.session_id);
      if (!session) throw new Error(`session ${attempt.session_id} vanished`);
      return session;
    },
    outcome: (attempt) => outcomeOf(attempt, new Date()),
    stoppedAt: (attempt) => attempt.stopped_at,
    path: async (attempt, _args, { loaders }) =>
      (await loaders.screensBySessionId.load(attempt.session_id))
        .filter((visit) => visit.seq <= attempt.last_seq)
        .map((visit) => visit.screen),
    startedAt: (attempt) => attempt.first_at,
    lastActionAt: (attempt) => attempt.last_at,
    secondsInApp: (attempt) =>
      Math.round(
        (new Date(attempt.last_at).getTime() - new Date(attempt.session_started_at).getTime()) /
          1000,
      ),
    nextChannel: (attempt) => attempt.next_channel as Channel | null,
  },
};
