import { actingAs } from '../../../../shared/actingAs';
import { ErrorCode } from '../../../../../schema/errorCodes';
import { assertMayActOnCustomer } from '../../../../shared/customerAccess';
import { badUserInput, codedError } from '../../../../shared/errors';
import type { GraphQLResolveInfo } from 'graphql';
import type { Context } from '../../context';
import type { Channel, Resolvers } from '../../generated/graphql';
import { normaliseIdentifier } from './identifiers';
import { addContactPoint } from './addContactPoint';
import { saveConsent, savePreferences } from './mutations';
import type { CustomerRow } from './repository';
import { actorOf, canonicalLanguage, validQuietHours } from './validation';

/**
 * The customer after a mutation, read fresh: earlier fields of the same operation may
 * have cached the old state in this request's loaders. The answer is a read of the
 * customer's current data (a replayed idempotent mutation writes nothing and still
 * answers it), so a staff caller's read is on record like any other.
 */
async function reloadCustomer(
  { loaders, accessRecorder }: Context,
  id: string,
  info: GraphQLResolveInfo,
): Promise<CustomerRow> {
  loaders.customerById.clear(id);
  loaders.contactPointsByCustomerId.clear(id);
  loaders.preferencesByCustomerId.clear(id);
  loaders.consentsByCustomerId.clear(id);
  const customer = await loaders.customerById.load(id);
  if (customer) accessRecorder.record([customer.id], info);
  if (!customer) {
    throw codedError(ErrorCode.NOT_FOUND, `no customer has id ${JSON.stringify(id)}`, {
      argument: 'input.customerId',
    });
  }
  return customer;
}

/** Distinct channels in a fixed (alphabetical) order, so equal sets compare equal. */
function channelSet(channels: readonly Channel[] | null | undefined): Channel[] {
  return [...new Set(channels ?? [])].sort();
}

/** Resolvers of the customer mutations; validation happens here, before any write. */
export const customerMutationResolvers: Resolvers = {
  Mutation: {
    updatePreferences: async (_root, { input }, context, info) => {
      const { db, claims } = context;
      assertMayActOnCustomer(claims, input.customerId);
      await savePreferences(db, {
        customerId: input.customerId,
        preferredChannel: input.preferredChannel ?? null,
        language: canonicalLanguage(input.language),
        quietHours: input.quietHours ? validQuietHours(input.quietHours) : null,
        actor: actingAs(claims, input.actor == null ? null : actorOf(input.actor)) ?? 'system',
      });
      return reloadCustomer(context, input.customerId, info);
    },
    updateConsent: async (_root, { input }, context, info) => {
      const { db, claims } = context;
      assertMayActOnCustomer(claims, input.customerId);
      await saveConsent(db, {
        customerId: input.customerId,
        purpose: input.purpose,
        granted: input.granted,
        channels: channelSet(input.channels),
        actor: actingAs(claims, input.actor == null ? null : actorOf(input.actor)) ?? 'system',
      });
      return reloadCustomer(context, input.customerId, info);
    },
    addContactPoint: async (_root, { input }, context, info) => {
      const { db, config, claims } = context;
      assertMayActOnCustomer(claims, input.customerId);
      const { kind } = input;
      if (kind === 'ACCOUNT_NUMBER') {
        throw badUserInput(
          'account numbers are not contact points; kind must be PHONE, EMAIL, SOCIAL or APP_DEVICE',
          'input.kind',
        );
      }
      if (input.idempotencyKey.trim().length === 0) {
        throw badUserInput('idempotencyKey must not be empty', 'input.idempotencyKey');
      }
      const { customerId } = await addContactPoint(db, {
        idempotencyKey: input.idempotencyKey,
        customerId: input.customerId,
        kind,
        value: normaliseIdentifier(kind, input.value, config.defaultPhoneRegion),
        isPrimary: input.isPrimary ?? false,
        actor: actingAs(claims, input.actor == null ? null : actorOf(input.actor)) ?? 'system',
      });
      return reloadCustomer(context, customerId, info);
    },
  },
};
