import { customerTag, isCustomerUnreadTag } from '../../../lib/cacheTags';
import type { LiveField } from './subscriptionServerOptions';

/**
 * The live fields this product serves: `Subscription.customerContext(id)` follows
 * `Query.customer(id)`, re-run on every change tagged `customer:<id>`, and on a view
 * that reads unread notes its last answer showed (`customer-unread:<id>:<assignee>`:
 * the assignee opening the customer clears their UNREAD_NOTES flag on every rep's
 * screen). Not the other view tags: a run is a read, logged as a view, so following them
 * would make each run cause the next. The gateway and `check` (which validates
 * registered subscriptions against a candidate schema) share this list.
 */
export const LIVE_FIELDS: readonly LiveField[] = [
  {
    subscriptionField: 'customerContext',
    queryField: 'customer',
    argument: 'id',
    tag: customerTag,
    follows: isCustomerUnreadTag,
  },
];
