import type { RequestBase } from '../../shared/subgraphDefinition';
import { createSessionLoaders } from './modules/sessions/loaders';

/** Per-request context of the `engagement` subgraph. */
export interface Context extends RequestBase {
  loaders: ReturnType<typeof createSessionLoaders>;
}

/** Builds the context with a fresh set of DataLoaders for this request. */
export function createContext(base: RequestBase): Context {
  return { ...base, loaders: createSessionLoaders(base.db) };
}
