import { ErrorCode } from '../../../../../schema/errorCodes';
import type { Queryable } from '../../../../shared/db';
import { badUserInput, codedError } from '../../../../shared/errors';
import type { AppContextFieldInput } from '../../generated/graphql';
import type { AppContextField } from '../../generated/graphql';
import { agentsByIds, type AgentRow } from './repository';

/** The PostgreSQL schema (and outbox) of this subgraph. */
export const SCHEMA = 'support';

/** Rejects a blank string argument with `BAD_USER_INPUT`. */
export function checkNotBlank(value: string, argument: string): void {
  if (value.trim() === '') throw badUserInput(`${argument} must not be blank`, argument);
}

/** Loads the agent `id` names, or throws `NOT_FOUND` naming `argument`. */
export async function requireAgent(tx: Queryable, id: string, argument: string): Promise<AgentRow> {
  const [agent] = await agentsByIds(tx, [id]);
  if (!agent) throw codedError(ErrorCode.NOT_FOUND, `no agent has id ${id}`, { argument });
  return agent;
}

/** Input fields as they are stored (a jsonb list of `{name, value}`). */
export const storedFields = (
  fields: readonly AppContextFieldInput[] | null | undefined,
): AppContextField[] => (fields ?? []).map(({ name, value }) => ({ name, value }));

/** `NOT_FOUND` for a mutation that names an entity that does not exist. */
export function notFound(what: string, id: string, argument: string): Error {
  return codedError(ErrorCode.NOT_FOUND, `no ${what} has id ${id}`, { argument });
}

/** `INVALID_STATE_TRANSITION` with the entity and its current status in the extensions. */
export function invalidTransition(message: string, extensions: Record<string, unknown>): Error {
  return codedError(ErrorCode.INVALID_STATE_TRANSITION, message, extensions);
}
