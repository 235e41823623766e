import { recordCustomerChange } from '../../../../shared/cacheScope';
import type { Database } from '../../../../shared/db';
import type { RecordCustomerViewInput } from '../../generated/graphql';
import { checkNotBlank, requireAgent } from '../agents/mutationsShared';
import { insertView, type CustomerViewRow } from './repository';

/**
 * Logs that an agent opened a customer. Every view is kept (a log, read by
 * `Customer.lastViewedBy`); it is not a change to the customer, so no event is written.
 */
export async function recordCustomerView(
  db: Database,
  input: RecordCustomerViewInput,
): Promise<CustomerViewRow> {
  checkNotBlank(input.customerId, 'customerId');
  return db.transaction(async (tx) => {
    await requireAgent(tx, input.agentId, 'agentId');
    const view = await insertView(tx, input);
    // No event, but `lastViewedBy` and the UNREAD_NOTES flag changed.
    recordCustomerChange(view.customer_id);
    return view;
  });
}
