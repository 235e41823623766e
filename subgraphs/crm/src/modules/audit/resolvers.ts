import { ErrorCode } from '../../../../../schema/errorCodes';
import { entityAccessPage } from '../../../../shared/accessLog/entityAccessRepository';
import { codedError } from '../../../../shared/errors';
import { decodeCursor, pageSize, toPage } from '../../../../shared/pagination';
import type { Resolvers } from '../../generated/graphql';

/**
 * Resolvers of the access log. Reading the log is not itself recorded: the customers
 * it names are loaded directly, never through the recorder.
 */
export const auditResolvers: Resolvers = {
  Query: {
    // Gets no validator (not among VALIDATED_ROOT_FIELDS): the log grows with every read.
    customerAccessLog: async (_root, { customerId, agentId, first, after }, { db, claims }) => {
      // The gateway's `supervisor` policy guards this too; this is defence in depth.
      if (claims?.role !== 'supervisor' && claims?.role !== 'service') {
        throw codedError(ErrorCode.FORBIDDEN, 'customerAccessLog is for supervisors only');
      }
      const limit = pageSize(first);
      const filter = { customerId, agentId };
      const at = decodeCursor(after);
      const rows = await entityAccessPage(db, 'crm', filter, at, limit + 1, 'customer_access');
      return toPage(rows, limit, (row) => ({ at: row.accessed_at, id: row.id }));
    },
  },
  CustomerAccess: {
    customer: async (access, _args, { loaders }) => {
      const customer = await loaders.customerById.load(access.customer_id);
      if (!customer)
        throw new Error(`customer ${access.customer_id} of access ${access.id} is gone`);
      return customer;
    },
    agentId: (access) => access.agent_id,
    operationName: (access) => access.operation_name,
    clientName: (access) => access.client_name,
    requestId: (access) => access.request_id,
    accessedAt: (access) => access.accessed_at,
  },
};
