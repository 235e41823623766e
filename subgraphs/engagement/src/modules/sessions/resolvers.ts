import { canReadCustomer, readableOwned } from '../../../../shared/customerAccess';
import { badUserInput } from '../../../../shared/errors';
import type { Resolvers } from '../../generated/graphql';

/** Most sessions one `Customer.appSessions` call returns. */
const MAX_SESSIONS = 50;

/** Resolvers of `AppSession`, `ScreenVisit`, `AppPresence` and the `Customer` fields. */
export const sessionResolvers: Resolvers = {
  Customer: {
    // Known by its id alone; the customer access rule applies before any field.
    __resolveReference: (reference, { claims }) =>
      canReadCustomer(claims, reference.id) ? { id: reference.id } : null,
    appSessions: (customer, { first }, { loaders }) => {
      const limit = first ?? 10;
      if (limit < 1 || limit > MAX_SESSIONS) {
        throw badUserInput(`first must be between 1 and ${MAX_SESSIONS}`, 'first');
      }
      return loaders.sessionsByCustomerId.load({ customerId: customer.id, limit });
    },
    inAppNow: (customer, _args, { loaders }) => loaders.presenceByCustomerId.load(customer.id),
  },
  AppSession: {
    __resolveReference: async (reference, { claims, loaders }) =>
      readableOwned(claims, await loaders.sessionById.load(reference.id)),
    customer: (session) => ({ id: session.customer_id }),
    deviceId: (session) => session.device_id,
    appVersion: (session) => session.app_version,
    startedAt: (session) => session.started_at,
    endedAt: (session) => session.ended_at,
    screens: (session, _args, { loaders }) => loaders.screensBySessionId.load(session.id),
  },
  ScreenVisit: {
    position: (visit) => visit.seq,
    function: (visit) => visit.function_name,
  },
  AppPresence: {
    session: (presence) => presence.session,
    screen: (presence) => presence.last?.screen ?? null,
    function: (presence) => presence.last?.function_name ?? null,
    succeeded: (presence) => presence.last?.succeeded ?? null,
    since: (presence) => presence.last?.at ?? presence.session.started_at,
  },
};
