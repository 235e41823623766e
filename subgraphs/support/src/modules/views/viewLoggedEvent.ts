import {
  customerUnreadTag,
  customerViewsByTag,
  customerViewsTag,
} from '../../../../../lib/cacheTags';
import type { DomainEvent } from '../../../../shared/outbox';

/**
 * The event support records once a view is in its log (`support.customer_view`): it
 * tells every gateway replica to evict what that view can change (the viewer's
 * UNREAD_NOTES and `lastViewedBy`, anything that reads the whole log) and nothing else.
 * Live subscriptions follow only the unread tag of it: an answer that showed the viewer's
 * unread notes re-runs once (a re-run is itself a view: following the other tags, each
 * run would cause the next). Not history: it never reaches the timeline.
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
    payload: {
      ...payload,
      // The whole log's tag, and the viewer's own: answers that depend on one rep's views
      // (another rep's stored context) stay.
      invalidates: [
        customerViewsTag(view.customerId),
        ...(view.agentId
          ? [
              customerViewsByTag(view.customerId, view.agentId),
              customerUnreadTag(view.customerId, view.agentId),
            ]
          : []),
      ],
      timeline: false,
    },
  };
}
