import { badUserInput } from '../../../../shared/errors';
import { decodeCursor, pageSize, toPage } from '../../../../shared/pagination';
import type { Resolvers } from '../../generated/graphql';
import { normaliseIdentifier } from './identifiers';
import { customerIdByAccountNumber, customerIdByContactPoint, customersPage } from './repository';

const MAX_IDS = 100;

/** Resolvers of `Customer` and the customer queries. */
export const customerResolvers: Resolvers = {
  Query: {
    customer: (_root, { id }, { loaders }) => loaders.customerById.load(id),
    customerByIdentifier: async (_root, { kind, value }, { db, config, loaders }) => {
      const normalised = normaliseIdentifier(kind, value, config.defaultPhoneRegion);
      const id =
        kind === 'ACCOUNT_NUMBER'
          ? await customerIdByAccountNumber(db, normalised)
          : await customerIdByContactPoint(db, kind, normalised);
      return id ? loaders.customerById.load(id) : null;
    },
    customersByIds: async (_root, { ids }, { loaders }) => {
      if (ids.length > MAX_IDS) {
        throw badUserInput(`ids may hold at most ${MAX_IDS} ids, got ${ids.length}`, 'ids');
      }
      return loaders.customerById.loadMany(ids).then((rows) =>
        rows.map((row) => {
          if (row instanceof Error) throw row;
          return row;
        }),
      );
    },
    customers: async (_root, { first, after }, { db, loaders }) => {
      const limit = pageSize(first);
      const rows = await customersPage(db, decodeCursor(after), limit + 1);
      for (const row of rows) loaders.customerById.prime(row.id, row);
      return toPage(rows, limit, (row) => ({ at: row.created_at, id: row.id }));
    },
  },
  Customer: {
    __resolveReference: (reference, { loaders }) => loaders.customerById.load(reference.id),
    displayName: (customer) => `${customer.given_name} ${customer.family_name}`,
    givenName: (customer) => customer.given_name,
    familyName: (customer) => customer.family_name,
    accountNumber: (customer) => customer.account_number,
    createdAt: (customer) => customer.created_at,
    contactPoints: (customer, _args, { loaders }) =>
      loaders.contactPointsByCustomerId.load(customer.id),
    preferences: async (customer, _args, { loaders }) =>
      (await loaders.preferencesByCustomerId.load(customer.id)) ?? {
        customer_id: customer.id,
        preferred_channel: null,
        language: 'en-US',
        quiet_start: null,
        quiet_end: null,
        quiet_time_zone: null,
      },
    consents: (customer, _args, { loaders }) => loaders.consentsByCustomerId.load(customer.id),
    addresses: (customer, _args, { loaders }) => loaders.placesByCustomerId.load(customer.id),
  },
  ContactPoint: {
    isPrimary: (point) => point.is_primary,
  },
  Preferences: {
    preferredChannel: (prefs) => prefs.preferred_channel,
    quietHours: (prefs) =>
      prefs.quiet_start && prefs.quiet_end && prefs.quiet_time_zone
        ? { start: prefs.quiet_start, end: prefs.quiet_end, timeZone: prefs.quiet_time_zone }
        : null,
  },
  Consent: {
    updatedAt: (consent) => consent.updated_at,
  },
};
