import type { Queryable } from '../../../../shared/db';
import { manyByKey, oneByKey } from '../../../../shared/loaders';
import { manyByRequest } from '../../../../shared/loaders';
import {
  conversationsByIds,
  conversationsByRequests,
  stepsByConversationIds,
  type ConversationsRequest,
} from './repository';

/** The conversation module's loaders; a fresh set per request. */
export function createConversationLoaders(db: Queryable) {
  return {
    conversationById: oneByKey(
      (ids) => conversationsByIds(db, ids),
      (row) => row.id,
    ),
    /** Conversations of many customers, each with its own status filter, in one statement. */
    conversationsByCustomerId: manyByRequest((requests: readonly ConversationsRequest[]) =>
      conversationsByRequests(db, requests),
    ),
    stepsByConversationId: manyByKey(
      (ids) => stepsByConversationIds(db, ids),
      (row) => row.conversation_id,
    ),
  };
}
