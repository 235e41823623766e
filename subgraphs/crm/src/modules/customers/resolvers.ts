import { canReadCustomer, readableCustomer } from '../../../../shared/customerAccess';
import { badUserInput } from '../../../../shared/errors';
import { decodeCursor, pageSize, toPage, type Page } from '../../../../shared/pagination';
import type { Context } from '../../context';
import type { Resolvers } from '../../generated/graphql';
import { normaliseIdentifier } from './identifiers';
import { maskContactValue, mayReadContactValues } from './maskContactValue';
import {
  customerIdByAccountNumber,
  customerIdByContactPoint,
  customersPage,
  type CustomerRow,
} from './repository';

const MAX_IDS = 100;

/**
 * `customers` for a customer caller: a page holding only themself (the first page) or
 * nothing (any later page).
 */
async function ownPage(
  customerId: string,
  limit: number,
  after: string | null | undefined,
  loaders: Context['loaders'],
): Promise<Page<CustomerRow>> {
  const own =
    decodeCursor(after) || limit === 0 ? null : await loaders.customerById.load(customerId);
  return toPage(own ? [own] : [], limit, (row) => ({ at: row.created_at, id: row.id }));
}

/** Resolvers of `Customer` and the customer queries. */
export const customerResolvers: Resolvers = {
  Query: {
    customer: async (_root, { id }, { claims, loaders }) =>
      canReadCustomer(claims, id)
        ? readableCustomer(claims, await loaders.customerById.load(id))
        : null,
    customerByIdentifier: async (_root, { kind, value }, { db, config, claims, loaders }) => {
      const normalised = normaliseIdentifier(kind, value, config.defaultPhoneRegion);
      const id =
        kind === 'ACCOUNT_NUMBER'
          ? await customerIdByAccountNumber(db, normalised)
          : await customerIdByContactPoint(db, kind, normalised);
      // Unreadable and unknown look the same: null, so existence does not leak.
      return id && canReadCustomer(claims, id) ? loaders.customerById.load(id) : null;
    },
    customersByIds: async (_root, { ids }, { claims, loaders }) => {
      if (ids.length > MAX_IDS) {
        throw badUserInput(`ids may hold at most ${MAX_IDS} ids, got ${ids.length}`, 'ids');
      }
      return loaders.customerById.loadMany(ids).then((rows) =>
        rows.map((row) => {
          if (row instanceof Error) throw row;
          return readableCustomer(claims, row);
        }),
      );
    },
    customers: async (_root, { first, after }, { db, claims, loaders }) => {
      const limit = pageSize(first);
      if (claims?.role === 'customer') return ownPage(claims.sub, limit, after, loaders);
      if (!claims)
        return toPage<CustomerRow>([], limit, (row) => ({ at: row.created_at, id: row.id }));
      const rows = await customersPage(db, decodeCursor(after), limit + 1);
      for (const row of rows) loaders.customerById.prime(row.id, row);
      return toPage(rows, limit, (row) => ({ at: row.created_at, id: row.id }));
    },
  },
  Customer: {
    __resolveReference: async (reference, { claims, loaders }) =>
      canReadCustomer(claims, reference.id)
        ? readableCustomer(claims, await loaders.customerById.load(reference.id))
        : null,
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
    value: (point, _args, { claims }) =>
      mayReadContactValues(claims, point.customer_id)
        ? point.value
        : maskContactValue(point.kind, point.value),
    masked: (point, _args, { claims }) => !mayReadContactValues(claims, point.customer_id),
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
