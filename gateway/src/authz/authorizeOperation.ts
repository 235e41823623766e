import {
  getOperationAST,
  getVariableValues,
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
} from 'graphql';
import type { CallerClaims } from '../../../lib/claims';
import { collectDenials } from './collectDenials';
import type { DeniedField } from './deniedField';
import type { AuthRequirements } from './readAuthRequirements';
import type { Policies } from './requirement';
import { rewriteDocument } from './rewriteDocument';

/** Inputs of {@link authorizeOperation}. */
export interface AuthorizeOperationInput {
  /** The validated operation document. */
  readonly document: DocumentNode;
  /** Which operation to run; `null`/absent when the document has only one. */
  readonly operationName?: string | null;
  /** The API schema the document was validated against. */
  readonly schema: GraphQLSchema;
  readonly requirements: AuthRequirements;
  /** The verified caller, `null` when anonymous. */
  readonly claims: CallerClaims | null;
  /** Named policies for `@policy`. Default none (every `@policy` denies). */
  readonly policies?: Policies;
  /** The request's variables, for `@skip`/`@include` and policy arguments. Default `{}`. */
  readonly variables?: Readonly<Record<string, unknown>>;
  /** Counts the selections the walk visits, for tests of its complexity. Default none. */
  readonly work?: { selections: number };
}

/** The authorization outcome of one operation. */
export interface OperationAuthorization {
  /** Every denied field occurrence; empty when the caller may read everything asked. */
  readonly denied: readonly DeniedField[];
  /** The document to execute: the original when nothing is denied, else without the denied fields. */
  readonly document: DocumentNode;
}

/**
 * Decides every field the operation selects against the supergraph's authorization
 * requirements, and removes the denied ones so no subgraph is asked for them.
 */
export function authorizeOperation(input: AuthorizeOperationInput): OperationAuthorization {
  const { document, schema } = input;
  const operation = getOperationAST(document, input.operationName);
  const root = operation && schema.getRootType(operation.operation);
  if (!operation || !root) return { denied: [], document };
  const raw = input.variables ?? {};
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], { ...raw });
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION)
      fragments.set(definition.name.value, definition);
  }
  const found = collectDenials(
    {
      schema,
      requirements: input.requirements,
      claims: input.claims,
      policies: input.policies ?? {},
      variables: coerced.coerced ?? raw,
      fragments,
      ...(input.work ? { work: input.work } : {}),
    },
    operation.selectionSet,
    root,
  );
  if (found.denied.length === 0) return { denied: [], document };
  return {
    denied: dedupe(found.denied),
    document: rewriteDocument(document, found.deniedNodes, found.typenameSets, found.splitNodes),
  };
}

/** The same field reached twice at one path (e.g. through two fragments) is one denial. */
function dedupe(denied: readonly DeniedField[]): DeniedField[] {
  const seen = new Set<string>();
  return denied.filter((entry) => {
    const id = JSON.stringify(entry.path.map((step) => [step.key, step.guard]));
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}
