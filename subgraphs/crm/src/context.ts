import type { RequestBase } from '../../shared/subgraphDefinition';
import { createAttentionLoaders } from './modules/attention/loaders';
import { createCustomerLoaders } from './modules/customers/loaders';
import { createPlaceLoaders } from './modules/places/loaders';

/** Per-request context of the `crm` subgraph. */
export interface Context extends RequestBase {
  loaders: ReturnType<typeof createCustomerLoaders> &
    ReturnType<typeof createPlaceLoaders> &
    ReturnType<typeof createAttentionLoaders>;
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
  };
}
