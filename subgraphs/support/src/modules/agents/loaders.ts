import type DataLoader from 'dataloader';
import type { Queryable } from '../../../../shared/db';
import { oneByKey } from '../../../../shared/loaders';
import { agentsByIds, type AgentRow } from './repository';

/** The agent module's loaders; a fresh set per request. */
export function createAgentLoaders(db: Queryable) {
  return {
    agentById: oneByKey(
      (ids) => agentsByIds(db, ids),
      (row) => row.id,
    ),
  };
}

/**
 * Loads an agent a row must point at (a note's author, a handoff's sender). The
 * foreign keys guarantee it exists, so a miss is a broken database, not user input.
 */
export async function requiredAgent(
  agentById: DataLoader<string, AgentRow | null>,
  id: string,
): Promise<AgentRow> {
  const agent = await agentById.load(id);
  if (!agent) throw new Error(`agent ${id} is referenced but does not exist`);
  return agent;
}

/** Loads an optional agent reference: null when the row points at none. */
export function optionalAgent(
  agentById: DataLoader<string, AgentRow | null>,
  id: string | null,
): Promise<AgentRow | null> | null {
  return id === null ? null : agentById.load(id);
}
