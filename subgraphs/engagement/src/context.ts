import { lazyLoaders } from '../../shared/loaders';
import type { RequestBase } from '../../shared/subgraphDefinition';
import { createAttemptLoaders } from './modules/attempts/loaders';
import { createSessionLoaders } from './modules/sessions/loaders';

/** Per-request context of the `engagement` subgraph. */
export interface Context extends RequestBase {
  loaders: ReturnType<typeof createSessionLoaders>;
  /** The attempt loaders, which also depend on the configured attempt window. */
  attempts: ReturnType<typeof createAttemptLoaders>;
}

const createLoaders = lazyLoaders<Context['loaders']>([createSessionLoaders]);

/** Builds the context with a fresh set of DataLoaders for this request, made on first use. */
export function createContext(base: RequestBase): Context {
  return {
    ...base,
    loaders: createLoaders(base.db),
    attempts: createAttemptLoaders(base.db, base.config.appAttemptWindowHours),
  };
}
