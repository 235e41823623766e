import { validate, type GraphQLSchema } from 'graphql';
import type { RegisteredOperation } from './registeredOperations';

/** A registered operation that no longer validates, with graphql-js's reasons. */
export interface BrokenOperation {
  name: string;
  errors: string[];
}

/** What the candidate API schema does to the registered operations. */
export interface OperationsImpact {
  /** How many operations were checked. */
  checked: number;
  /** Valid against the current API schema, invalid against the candidate: the change breaks them. */
  broken: BrokenOperation[];
  /** Already invalid against the current API schema, so not blamed on this change. */
  alreadyInvalid: BrokenOperation[];
}

/** Validates every registered operation against the current and the candidate API schemas. */
export function findBrokenOperations(
  operations: readonly RegisteredOperation[],
  current: GraphQLSchema,
  candidate: GraphQLSchema,
): OperationsImpact {
  const impact: OperationsImpact = { checked: operations.length, broken: [], alreadyInvalid: [] };
  for (const operation of operations) {
    const errors = validate(candidate, operation.document).map((error) => error.message);
    if (errors.length === 0) continue;
    const before = validate(current, operation.document);
    (before.length === 0 ? impact.broken : impact.alreadyInvalid).push({
      name: operation.name,
      errors,
    });
  }
  return impact;
}
