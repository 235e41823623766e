import type { RequestBase } from '../../shared/subgraphDefinition';
import { createOfferingLoaders } from './modules/offerings/loaders';
import { createOrderLoaders } from './modules/orders/loaders';

/** Per-request context of the `orders` subgraph. */
export interface Context extends RequestBase {
  loaders: ReturnType<typeof createOrderLoaders> & ReturnType<typeof createOfferingLoaders>;
}

/** Builds the context with a fresh set of DataLoaders for this request. */
export function createContext(base: RequestBase): Context {
  return {
    ...base,
    loaders: { ...createOrderLoaders(base.db), ...createOfferingLoaders(base.db) },
  };
}
