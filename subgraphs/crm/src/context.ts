import type { RequestBase } from '../../shared/subgraphDefinition';
import {
  createCustomerAccessRecorder,
  type CustomerAccessRecorder,
} from './modules/audit/customerAccessRecorder';
import { createAttentionLoaders } from './modules/attention/loaders';
import { createCustomerLoaders } from './modules/customers/loaders';
import { createPlaceLoaders } from './modules/places/loaders';

/** Per-request context of the `crm` subgraph. */
export interface Context extends RequestBase {
  loaders: ReturnType<typeof createCustomerLoaders> &
    ReturnType<typeof createPlaceLoaders> &
    ReturnType<typeof createAttentionLoaders>;
  /** Records this request's reads of customers by agents and supervisors (the audit log). */
  accessRecorder: CustomerAccessRecorder;
}

/** Builds the context with a fresh set of DataLoaders for this request. */
export function createContext(base: RequestBase): Context {
  return {
    ...base,
    loaders: {
      ...createCustomerLoaders(base.db),
      ...createPlaceLoaders(base.db),
      ...createAttentionLoaders(base.db),
    },
    accessRecorder: createCustomerAccessRecorder({
      db: base.db,
      claims: base.claims,
      req: base.req,
      onError: (error, customerIds) =>
        base.logger.error(
          { err: error, customerIds, agentId: base.claims?.sub },
          'could not record customer access',
        ),
    }),
  };
}
