import type { Queryable } from '../../../../shared/db';
import { manyByKey } from '../../../../shared/loaders';
import {
  openCasesWithUnreadNotes,
  recentInboundContacts,
  resumableConversations,
} from './repository';

/** How far back REPEAT_CONTACT and CHANNEL_CANNOT_COMPLETE look. */
export const CONTACT_WINDOW_DAYS = 7;

/** The attention module's loaders; a fresh set per request, evaluated at `now`. */
export function createAttentionLoaders(db: Queryable, now: Date = new Date()) {
  const since = new Date(now.getTime() - CONTACT_WINDOW_DAYS * 86_400_000);
  return {
    recentContactsByCustomerId: manyByKey(
      (ids) => recentInboundContacts(db, ids, since),
      (row) => row.customer_id,
    ),
    openCasesByCustomerId: manyByKey(
      (ids) => openCasesWithUnreadNotes(db, ids),
      (row) => row.customer_id,
    ),
    resumableConversationsByCustomerId: manyByKey(
      (ids) => resumableConversations(db, ids),
      (row) => row.customer_id,
    ),
  };
}
