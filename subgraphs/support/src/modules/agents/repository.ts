import type { Queryable } from '../../../../shared/db';

/** A row of `support.agent`. */
export interface AgentRow {
  id: string;
  name: string;
  team: string;
}

/** Agents with the given ids, in no particular order. */
export function agentsByIds(db: Queryable, ids: readonly string[]): Promise<AgentRow[]> {
  return db.query<AgentRow>('SELECT id, name, team FROM support.agent WHERE id = ANY($1::text[])', [
    ids,
  ]);
}
