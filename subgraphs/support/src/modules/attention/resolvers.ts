import { customerUnreadTag } from '../../../../../lib/cacheTags';
import { recordCacheTag } from '../../../../shared/cacheScope';
import type { Resolvers } from '../../generated/graphql';
import { subjectOf } from '../timeline/subjects';
import { CONTACT_WINDOW_DAYS } from './loaders';
import {
  caseFlags,
  channelCannotCompleteFlags,
  mergeFlags,
  repeatContactFlags,
  resumableConversationFlags,
  type SupportFacts,
} from './rules';

/** Resolvers of `Customer.attention`, `AttentionFlag` and `AttentionSubject`. */
export const attentionResolvers: Resolvers = {
  Customer: {
    attention: async (customer, _args, { loaders }) => {
      const [contacts, openCases, conversations] = await Promise.all([
        loaders.recentContactsByCustomerId.load(customer.id),
        loaders.openCasesByCustomerId.load(customer.id),
        loaders.resumableConversationsByCustomerId.load(customer.id),
      ]);
      // UNREAD_NOTES compares an open case's notes with its assignee's views, and no one
      // else's, and a view only ever clears it: only the assignee's view can change a
      // shown flag, and none can change an answer without one (a new note or a case
      // changing hands is a case change, which evicts the customer's answers anyway).
      for (const openCase of openCases) {
        if (openCase.assignee_id && openCase.unread_notes > 0)
          recordCacheTag(customerUnreadTag(customer.id, openCase.assignee_id));
      }
      const facts: SupportFacts = {
        contacts,
        openCases,
        conversations,
        inFlightOrderIds: customer.inFlightOrderIds ?? [],
      };
      const own = [
        ...repeatContactFlags(facts, CONTACT_WINDOW_DAYS),
        ...channelCannotCompleteFlags(facts),
        ...caseFlags(facts),
        ...resumableConversationFlags(facts),
      ];
      return mergeFlags(own, [
        ...(customer.crmAttention ?? []),
        ...(customer.ordersAttention ?? []),
        ...(customer.provisioningAttention ?? []),
        ...(customer.engagementAttention ?? []),
      ]);
    },
  },
  AttentionFlag: {
    subject: (flag, _args, { loaders }) =>
      // An app session is no timeline subject; engagement answers its fields.
      flag.subjectType === 'AppSession'
        ? { __typename: 'AppSession' as const, id: flag.subjectId }
        : subjectOf({ subject_type: flag.subjectType, subject_id: flag.subjectId }, loaders),
  },
  AttentionSubject: {
    __resolveType: (subject) => subject.__typename,
  },
};
