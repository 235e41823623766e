import { customerTag } from '../../../lib/cacheTags';
import type { LiveField } from './subscriptionServerOptions';

/**
 * The live fields this product serves: `Subscription.customerContext(id)` follows
 * `Query.customer(id)`, re-run on every change tagged `customer:<id>`. The gateway and
 * `check` (which validates registered subscriptions against a candidate schema) share
 * this list.
 */
export const LIVE_FIELDS: readonly LiveField[] = [
  {
    subscriptionField: 'customerContext',
    queryField: 'customer',
    argument: 'id',
    tag: customerTag,
  },
];
