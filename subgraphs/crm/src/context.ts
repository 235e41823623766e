import { lazyLoaders } from '../../shared/loaders';
import type { RequestBase } from '../../shared/subgraphDefinition';
import {
  createCustomerAccessRecorder,
  type CustomerAccessRecorder,
} from './modules/audit/customerAccessRecorder';
import { createAttentionLoaders } from './modules/attention/loaders';
import { createCustomerLoaders } from './modules/customers/loaders';
import { startReadValidator, type ReadValidatorState } from './modules/audit/readValidator';
import { createPlaceLoaders } from './modules/places/loaders';

/** Per-request context of the `crm` subgraph. */
export interface Context extends RequestBase {
  loaders: ReturnType<typeof createCustomerLoaders> &
    ReturnType<typeof createPlaceLoaders> &
    ReturnType<typeof createAttentionLoaders>;
  /** Records this request's reads of customers by agents and supervisors (the audit log). */
  accessRecorder: CustomerAccessRecorder;
  /** Set when the gateway asked for a validator of this read (see `readValidator.ts`). */
  validator: ReadValidatorState | null;
}

const createLoaders = lazyLoaders<Context['loaders']>([
  createCustomerLoaders,
  createPlaceLoaders,
  createAttentionLoaders,
]);

/**
 * Builds the context with a fresh set of DataLoaders for this request (each made on
 * first use); reads the data generation first when the gateway asked for a validator.
 */
export async function createContext(base: RequestBase): Promise<Context> {
  return {
    validator: await startReadValidator(base.db, base.claims, base.req),
    ...base,
    loaders: createLoaders(base.db),
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
