import type { OwnerAttentionFlag, Resolvers } from '../../generated/graphql';
import type { ContactRulesRow } from './repository';

const restricted = (
  severity: OwnerAttentionFlag['severity'],
  message: string,
  customerId: string,
): OwnerAttentionFlag => ({
  code: 'CONTACT_RESTRICTED',
  severity,
  message,
  subjectType: 'Customer',
  subjectId: customerId,
});

/** `HH:MM` (24-hour) wall-clock time at `at` in the IANA `timeZone`. */
export function localTime(at: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '00';
  return `${part('hour')}:${part('minute')}`;
}

/** Whether `time` lies in [start, end), where an end before the start spans midnight. */
export function insideQuietHours(time: string, start: string, end: string): boolean {
  return start < end ? time >= start && time < end : time >= start || time < end;
}

const channelWords = (channel: string | null): string =>
  channel === null ? 'no preferred channel' : `prefers ${channel.replaceAll('_', ' ')}`;

/** The quiet-hours flag: WARNING inside them, INFO outside; null without quiet hours. */
function quietHoursFlag(rules: ContactRulesRow, at: Date): OwnerAttentionFlag | null {
  const { quiet_start: start, quiet_end: end, quiet_time_zone: zone } = rules;
  if (start === null || end === null || zone === null) return null;
  const now = localTime(at, zone);
  const hours = `Quiet hours ${start}–${end} ${zone} (now ${now} there)`;
  return insideQuietHours(now, start, end)
    ? restricted('WARNING', `${hours}: do not call or message`, rules.customer_id)
    : restricted('INFO', `${hours}; ${channelWords(rules.preferred_channel)}`, rules.customer_id);
}

/** Every `CONTACT_RESTRICTED` flag for one customer at the instant `at`. */
export function contactFlags(rules: ContactRulesRow, at: Date): OwnerAttentionFlag[] {
  const flags: OwnerAttentionFlag[] = [];
  if (rules.marketing_granted !== true) {
    flags.push(
      restricted(
        'INFO',
        'No marketing consent: do not offer products on outbound contact',
        rules.customer_id,
      ),
    );
  }
  const quiet = quietHoursFlag(rules, at);
  if (quiet) flags.push(quiet);
  return flags;
}

/** Resolvers of the internal attention field crm adds to `Customer`. */
export const attentionResolvers: Resolvers = {
  Customer: {
    crmAttention: async (customer, { at }, { loaders }) => {
      const rules = await loaders.contactRulesByCustomerId.load(customer.id);
      return rules ? contactFlags(rules, at ?? new Date()) : [];
    },
  },
};
