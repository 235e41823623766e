import { GraphQLError, Kind, OperationTypeNode, parse, visit, type DocumentNode } from 'graphql';
import { ErrorCode } from '../../../schema/errorCodes';
import type { SubgraphUnavailableError } from './subgraphUnavailableError';

/** The `extensions.code` of a mutation that may or may not have been applied. */
export const OUTCOME_UNKNOWN = ErrorCode.OUTCOME_UNKNOWN;

/** The input field a mutation is made safe to retry by. */
const IDEMPOTENCY_KEY = 'idempotencyKey';

/**
 * Whether a subgraph fetch is a mutation: its parsed operation when the plan gave one,
 * else its text.
 */
export function isMutationFetch(
  document: DocumentNode | undefined,
  query: string | undefined,
): boolean {
  let parsed = document;
  if (!parsed && query) {
    try {
      parsed = parse(query, { noLocation: true });
    } catch {
      return false;
    }
  }
  return (
    parsed?.definitions.some(
      (definition) =>
        definition.kind === Kind.OPERATION_DEFINITION &&
        definition.operation === OperationTypeNode.MUTATION,
    ) ?? false
  );
}

/**
 * Whether a failed mutation fetch may still have been applied: it was sent (or may have
 * been) and no answer came back — a timeout, a connection that broke, or a proxy's 502 or
 * 504. A refused connection or an open circuit sent nothing: the mutation did not happen.
 */
export function mayHaveBeenApplied(failure: SubgraphUnavailableError): boolean {
  return (
    failure.reason === 'timeout' ||
    failure.reason === 'network error' ||
    failure.reason === 'HTTP 502' ||
    failure.reason === 'HTTP 504'
  );
}

/**
 * The error for a mutation whose outcome is unknown. It names the idempotency key of the
 * mutation's input when it has one: a retry with that key returns what the first attempt
 * did, if it did anything, and never applies it twice; a new key could.
 */
export function outcomeUnknownError(
  failure: SubgraphUnavailableError,
  document: DocumentNode | undefined,
  variables: Readonly<Record<string, unknown>> | undefined,
): GraphQLError {
  const key = idempotencyKeyOf(document, variables);
  return new GraphQLError(
    `subgraph "${failure.subgraph}" did not confirm the mutation (${failure.reason}): it may or may not have been applied; ${
      key === undefined
        ? 'check before trying again'
        : `retry with the same idempotency key "${key}" to get its outcome`
    }`,
    {
      extensions: {
        code: OUTCOME_UNKNOWN,
        subgraph: failure.subgraph,
        reason: failure.reason,
        ...(key === undefined ? {} : { idempotencyKey: key }),
      },
    },
  );
}

/** The first `idempotencyKey` in the variables, or written inline in the operation. */
function idempotencyKeyOf(
  document: DocumentNode | undefined,
  variables: Readonly<Record<string, unknown>> | undefined,
): string | undefined {
  const fromVariables = findKey(variables, 0);
  if (fromVariables !== undefined || !document) return fromVariables;
  let inline: string | undefined;
  visit(document, {
    ObjectField(field) {
      if (inline === undefined && field.name.value === IDEMPOTENCY_KEY) {
        if (field.value.kind === Kind.STRING) inline = field.value.value;
      }
    },
  });
  return inline;
}

function findKey(value: unknown, depth: number): string | undefined {
  if (typeof value !== 'object' || value === null || depth > 5) return undefined;
  const record = value as Record<string, unknown>;
  const own = record[IDEMPOTENCY_KEY];
  if (typeof own === 'string') return own;
  for (const nested of Object.values(record)) {
    const found = findKey(nested, depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}
