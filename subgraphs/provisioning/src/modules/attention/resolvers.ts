import type { OwnerAttentionFlag, Resolvers } from '../../generated/graphql';
import type { JeopardisedServiceOrderRow, SkillMismatchRow } from './repository';

const DAY_MONTH = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  timeZone: 'UTC',
});

/** `SKILL_MISMATCH` for a visit whose technician lacks required skills. */
export function skillMismatchFlag(row: SkillMismatchRow): OwnerAttentionFlag {
  const skills = row.missing_skills.join(' and ');
  return {
    code: 'SKILL_MISMATCH',
    severity: 'WARNING',
    message:
      `The visit on ${DAY_MONTH.format(row.window_start)} needs ${skills}, but ` +
      `${row.technician_name} cannot do it: assign a technician with ${skills}`,
    subjectType: 'Appointment',
    subjectId: row.id,
  };
}

const STATUS_WORDS: Record<string, string> = {
  HELD: 'is held on our side',
  PENDING: 'is waiting on the customer',
};

/** `ORDER_IN_JEOPARDY` for a service order that is held, pending or has an alert. */
export function serviceOrderJeopardyFlag(row: JeopardisedServiceOrderRow): OwnerAttentionFlag {
  const state = STATUS_WORDS[row.status] ?? 'is at risk';
  const alert = row.alert_name ? `: ${row.alert_name}. ${row.alert_message ?? ''}`.trim() : '';
  return {
    code: 'ORDER_IN_JEOPARDY',
    severity: 'WARNING',
    message: `The installation work ${state}${alert}`,
    subjectType: 'ServiceOrder',
    subjectId: row.id,
  };
}

/** Resolvers of the internal attention fields provisioning adds to `Customer`. */
export const attentionResolvers: Resolvers = {
  Customer: {
    provisioningAttention: async (customer, _args, { loaders }) => {
      const [mismatches, serviceOrders] = await Promise.all([
        loaders.skillMismatchesByCustomerId.load(customer.id),
        loaders.jeopardisedServiceOrdersByCustomerId.load(customer.id),
      ]);
      return [...mismatches.map(skillMismatchFlag), ...serviceOrders.map(serviceOrderJeopardyFlag)];
    },
    activeServiceOfferingIds: async (customer, _args, { loaders }) =>
      (await loaders.activeOfferingsByCustomerId.load(customer.id)).map((row) => row.offering_id),
  },
};
