import { lazyLoaders } from '../../shared/loaders';
import type { RequestBase } from '../../shared/subgraphDefinition';
import { createSessionLoaders } from './modules/sessions/loaders';

/** Per-request context of the `engagement` subgraph. */
export interface Context extends RequestBase {
  loaders: ReturnType<typeof createSessionLoaders>;
}

const createLoaders = lazyLoaders<Context['loaders']>([createSessionLoaders]);

/** Builds the context with a fresh set of DataLoaders for this request, made on first use. */
export function createContext(base: RequestBase): Context {
  return { ...base, loaders: createLoaders(base.db) };
}
