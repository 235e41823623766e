import { lazyLoaders } from '../../shared/loaders';
import type { RequestBase } from '../../shared/subgraphDefinition';
import { createAgentLoaders } from './modules/agents/loaders';
import { createAttentionLoaders } from './modules/attention/loaders';
import { createCaseLoaders } from './modules/cases/loaders';
import { createConversationLoaders } from './modules/conversations/loaders';
import { createInteractionLoaders } from './modules/interactions/loaders';
import { createNoteLoaders } from './modules/notes/loaders';
import { createViewLoaders } from './modules/views/loaders';
import { createTimelineLoaders } from './modules/timeline/loaders';

/** Every loader of the `support` subgraph. */
export type SupportLoaders = ReturnType<typeof createAgentLoaders> &
  ReturnType<typeof createCaseLoaders> &
  ReturnType<typeof createConversationLoaders> &
  ReturnType<typeof createInteractionLoaders> &
  ReturnType<typeof createNoteLoaders> &
  ReturnType<typeof createViewLoaders> &
  ReturnType<typeof createTimelineLoaders> &
  ReturnType<typeof createAttentionLoaders>;

/** Per-request context of the `support` subgraph. */
export interface Context extends RequestBase {
  loaders: SupportLoaders;
}

const createLoaders = lazyLoaders<SupportLoaders>([
  createAgentLoaders,
  createCaseLoaders,
  createConversationLoaders,
  createInteractionLoaders,
  createNoteLoaders,
  createViewLoaders,
  createTimelineLoaders,
  createAttentionLoaders,
]);

/** Builds the context with a fresh set of DataLoaders for this request, each made on first use. */
export function createContext(base: RequestBase): Context {
  return { ...base, loaders: createLoaders(base.db) };
}
