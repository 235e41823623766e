import type { Database } from '../../../../shared/db';
import { recordEvent } from '../../../../shared/outbox';
import type { RecordCustomerViewInput } from '../../generated/graphql';
import { checkNotBlank, requireAgent } from '../agents/validation';
import { insertView, type CustomerViewRow } from './repository';
import { viewLoggedEvent } from './viewLoggedEvent';

/**
 * Logs that an agent opened a customer. Every view is kept (a log, read by
 * `Customer.lastViewedBy`). A view is not history, but `lastViewedBy` and the
 * UNREAD_NOTES flag changed, so a new view records `customer.view_logged` in the same
 * transaction: every gateway replica evicts what that view can change. A replay at the
 * same millisecond writes nothing.
 */
export async function recordCustomerView(
  db: Database,
  input: RecordCustomerViewInput,
): Promise<CustomerViewRow> {
  checkNotBlank(input.customerId, 'customerId');
  return db.transaction(async (tx) => {
    await requireAgent(tx, input.agentId, 'agentId');
    const { view, added } = await insertView(tx, input);
    if (added) {
      await recordEvent(
        tx,
        'support',
        viewLoggedEvent({ customerId: view.customer_id, agentId: view.agent_id }),
      );
    }
    return view;
  });
}
