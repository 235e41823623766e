import { customerViewsTag } from '../../../../../lib/cacheTags';
import type { DomainEvent } from '../../../../shared/outbox';

/**
 * The event support records once a view is in its log (`support.customer_view`): it
 * tells every gateway replica to evict, and re-run the subscriptions fed by, what the view
 * log feeds (UNREAD_NOTES, `lastViewedBy`) and nothing else. Not history: it never
 * reaches the timeline.
 */
export const VIEW_LOGGED = 'customer.view_logged';

/**
 * The {@link VIEW_LOGGED} event of one view just added to the log; `payload` adds keys
 * (e.g. the id of the crm event it came from).
 */
export function viewLoggedEvent(
  view: { customerId: string; agentId: string | null },
  payload: Record<string, unknown> = {},
): DomainEvent {
  return {
    customerId: view.customerId,
    type: VIEW_LOGGED,
    subject: { typename: 'Customer', id: view.customerId },
    summary: `View by ${view.agentId ?? 'unknown'} logged`,
    actor: view.agentId,
    payload: { ...payload, invalidates: [customerViewsTag(view.customerId)], timeline: false },
  };
}
