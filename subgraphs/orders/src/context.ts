import { lazyLoaders } from '../../shared/loaders';
import type { RequestBase } from '../../shared/subgraphDefinition';
import { createAttentionLoaders } from './modules/attention/loaders';
import { createOfferingLoaders } from './modules/offerings/loaders';
import { createOrderLoaders } from './modules/orders/loaders';

/** Per-request context of the `orders` subgraph. */
export interface Context extends RequestBase {
  loaders: ReturnType<typeof createOrderLoaders> &
    ReturnType<typeof createOfferingLoaders> &
    ReturnType<typeof createAttentionLoaders>;
}

const createLoaders = lazyLoaders<Context['loaders']>([
  createOrderLoaders,
  createOfferingLoaders,
  createAttentionLoaders,
]);

/** Builds the context with a fresh set of DataLoaders for this request, each made on first use. */
export function createContext(base: RequestBase): Context {
  return {
    ...base,
    loaders: createLoaders(base.db),
  };
}
