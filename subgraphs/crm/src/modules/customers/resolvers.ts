import type { GraphQLResolveInfo } from 'graphql';
import { uncacheable } from '../../../../shared/cacheHints';
import { canReadCustomer, readableCustomer } from '../../../../shared/customerAccess';
import { badUserInput } from '../../../../shared/errors';
import { decodeCursor, pageSize, toPage, type Page } from '../../../../shared/pagination';
import type { Context } from '../../context';
import { dependOn, notCovered } from '../audit/readValidator';
import type { Resolvers } from '../../generated/graphql';
import { normaliseIdentifier } from './identifiers';
import { maskContactValue, mayReadContactValues } from './maskContactValue';
import { customerIdByAccountNumber, customersPage, type CustomerRow } from './repository';

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

/**
 * Records that the caller read `customers` (the audit log; a no-op unless an agent or
 * supervisor is calling), then hands them on. Nulls are skipped.
 */
function audited<T extends (CustomerRow | null)[]>(
  customers: T,
  { accessRecorder }: Context,
  info: GraphQLResolveInfo,
): T {
  const ids = customers.flatMap((customer) => (customer ? [customer.id] : []));
  // Written once for the whole request, before its answer is sent.
  accessRecorder.record(ids, info);
  return customers;
}

/** Resolvers of `Customer` and the customer queries. */
export const customerResolvers: Resolvers = {
  Query: {
    customer: async (_root, { id }, context, info) => {
      const { claims, loaders } = context;
      dependOn(context.validator, [id]);
      if (!canReadCustomer(claims, id)) return null;
      const [customer] = audited(
        [readableCustomer(claims, await loaders.customerById.load(id))],
        context,
        info,
      );
      return customer ?? null;
    },
    customerByIdentifier: async (_root, { kind, value }, context, info) => {
      const { db, config, claims, loaders } = context;
      const normalised = normaliseIdentifier(kind, value, config.defaultPhoneRegion);
      const id =
        kind === 'ACCOUNT_NUMBER'
          ? await customerIdByAccountNumber(db, normalised)
          : await loaders.contactPointHolder.load({ kind, value: normalised });
      // Unreadable and unknown look the same: null, so existence does not leak. A null
      // names no customer to tag, and the identifier may be added to someone any time:
      // it is never cached.
      if (!id || !canReadCustomer(claims, id)) {
        uncacheable(info);
        // A contact point added to anyone could change this answer: nothing to depend on.
        notCovered(context.validator);
        return null;
      }
      dependOn(context.validator, [id]);
      const [customer] = audited([await loaders.customerById.load(id)], context, info);
      return customer ?? null;
    },
    customersByIds: async (_root, { ids }, context, info) => {
      const { claims, loaders } = context;
      if (ids.length > MAX_IDS) {
        throw badUserInput(`ids may hold at most ${MAX_IDS} ids, got ${ids.length}`, 'ids');
      }
      dependOn(context.validator, ids);
      const rows = await loaders.customerById.loadMany(ids);
      const customers = rows.map((row) => {
        if (row instanceof Error) throw row;
        return readableCustomer(claims, row);
      });
      return audited(customers, context, info);
    },
    customers: async (_root, { first, after }, context, info) => {
      // Gets no validator (not among VALIDATED_ROOT_FIELDS): a new customer changes a page
      // without stamping anyone on it.
      const { db, claims, loaders } = context;
      const limit = pageSize(first);
      if (claims?.role === 'customer') return ownPage(claims.sub, limit, after, loaders);
      if (!claims)
        return toPage<CustomerRow>([], limit, (row) => ({ at: row.created_at, id: row.id }));
      const rows = await customersPage(db, decodeCursor(after), limit + 1);
      for (const row of rows) loaders.customerById.prime(row.id, row);
      audited(rows.slice(0, limit), context, info);
      return toPage(rows, limit, (row) => ({ at: row.created_at, id: row.id }));
    },
  },
  Customer: {
    __resolveReference: async (reference, context, info) => {
      const { claims, loaders } = context;
      if (!canReadCustomer(claims, reference.id)) return null;
      const customer = readableCustomer(claims, await loaders.customerById.load(reference.id));
      return audited([customer], context, info)[0] ?? null;
    },
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
