import { customerViewsByTag } from '../../../../../lib/cacheTags';
import { recordCacheTag } from '../../../../shared/cacheScope';
import type { Resolvers } from '../../generated/graphql';
import { requiredAgent } from '../agents/loaders';

/** Resolvers of `CustomerView` and `Customer.lastViewedBy`. */
export const viewResolvers: Resolvers = {
  Customer: {
    lastViewedBy: async (customer, { agentId, before }, { loaders }) => {
      recordCacheTag(customerViewsByTag(customer.id, agentId));
      const [latest] = await loaders.lastViewByCustomerAndAgent.load({
        customerId: customer.id,
        agentId,
        before: before ?? null,
      });
      return latest?.viewed_at ?? null;
    },
  },
  CustomerView: {
    agent: (view, _args, { loaders }) => requiredAgent(loaders.agentById, view.agent_id),
    customer: (view) => ({ id: view.customer_id }),
    viewedAt: (view) => view.viewed_at,
  },
};
