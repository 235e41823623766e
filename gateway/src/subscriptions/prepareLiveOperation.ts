import {
  GraphQLError,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  Kind,
  OperationTypeNode,
  getArgumentValues,
  getDirectiveValues,
  getOperationAST,
  getVariableValues,
  parse,
  validate,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { validateLimits, type LimitsOptions } from '../limits/validateLimits';
import type { LiveSchema } from './liveSchema';
import { rewriteLiveDocument } from './rewriteLiveDocument';
import { SubscriptionErrorCode as Code, subscriptionError } from './subscriptionErrors';

/** A subscription request as graphql-ws and graphql-sse carry it. */
export interface LiveRequest {
  query?: unknown;
  operationName?: unknown;
  variables?: unknown;
}

/** A live subscription ready to run. */
export interface LiveOperation {
  /** The rewritten query document text (see `rewriteLiveDocument`). */
  query: string;
  operationName: string | null;
  /** The variables the query declares, as the client sent them. */
  variables: Record<string, unknown>;
  /** The subscription's response key: `data[responseKey]` is the live answer. */
  responseKey: string;
  /** The change tag that makes the answer stale. */
  tag: string;
  /** Which tags of a run's answer the subscription follows (the field's `follows`). */
  follows: (tag: string) => boolean;
}

/**
 * Checks a subscription against the live schema and prepares what each run executes.
 * Refusals come back as GraphQL errors with Apollo's codes: unparsable
 * (`GRAPHQL_PARSE_FAILED`), invalid, including more than one root field
 * (`GRAPHQL_VALIDATION_FAILED`), variables that do not coerce (`BAD_USER_INPUT`), an
 * operation name that resolves to nothing (`OPERATION_RESOLUTION_FAILURE`), a query or
 * mutation (`BAD_REQUEST`) or a document over `maxDocumentBytes` or another structural
 * limit of `limits` (`OPERATION_TOO_COMPLEX`, checked before validation walks anything,
 * as for `POST /graphql`).
 */
export function prepareLiveOperation(
  live: LiveSchema,
  request: LiveRequest,
  maxDocumentBytes: number,
  limits: LimitsOptions = {},
): LiveOperation | readonly GraphQLError[] {
  const { query, operationName = null } = request;
  if (typeof query !== 'string' || query.trim() === '') {
    return [subscriptionError(Code.BAD_REQUEST, 'a subscription needs a query document')];
  }
  if (Buffer.byteLength(query, 'utf8') > maxDocumentBytes) {
    const message = `the document is larger than ${maxDocumentBytes} bytes`;
    return [subscriptionError(Code.OPERATION_TOO_COMPLEX, message)];
  }
  if (operationName !== null && typeof operationName !== 'string') {
    return [subscriptionError(Code.BAD_REQUEST, 'operationName must be a string')];
  }
  let document: DocumentNode;
  try {
    document = parse(query);
  } catch (error) {
    const parseError = error as GraphQLError;
    return [subscriptionError(Code.GRAPHQL_PARSE_FAILED, parseError.message, parseError)];
  }
  const [tooComplex] = validateLimits(document, { ...limits, maxDocumentBytes });
  if (tooComplex) return [subscriptionError(Code.OPERATION_TOO_COMPLEX, tooComplex.message)];
  const invalid = validateLive(live, document);
  if (invalid.length > 0) {
    return invalid.map((e) => subscriptionError(Code.GRAPHQL_VALIDATION_FAILED, e.message, e));
  }
  const operation = getOperationAST(document, operationName);
  if (!operation) {
    const message = operationName
      ? `no operation named "${operationName}" in the document`
      : 'the document holds several operations: name the one to run (operationName)';
    return [subscriptionError(Code.OPERATION_RESOLUTION_FAILURE, message)];
  }
  if (operation.operation !== OperationTypeNode.SUBSCRIPTION) {
    const message = `only subscriptions are served here, not a ${operation.operation}; send it to POST /graphql`;
    return [subscriptionError(Code.BAD_REQUEST, message)];
  }
  const rawVariables = isRecord(request.variables) ? request.variables : {};
  const coerced = getVariableValues(live.schema, operation.variableDefinitions ?? [], rawVariables);
  if (coerced.errors) {
    return coerced.errors.map((e) => subscriptionError(Code.BAD_USER_INPUT, e.message, e));
  }
  const fragments = fragmentsOf(document);
  const rootFields = collectRootFields(operation.selectionSet, fragments, coerced.coerced);
  const [root, ...others] = rootFields;
  if (!root || others.length > 0) {
    const message = 'a subscription selects exactly one live field';
    return [subscriptionError(Code.GRAPHQL_VALIDATION_FAILED, message)];
  }
  const [responseKey, nodes] = root;
  const firstNode = nodes[0]!;
  const field = live.fields.get(firstNode.name.value);
  const fieldDefinition = live.schema.getSubscriptionType()?.getFields()[firstNode.name.value];
  if (!field || !fieldDefinition) {
    const message = `"${firstNode.name.value}" is not a live field`;
    return [subscriptionError(Code.GRAPHQL_VALIDATION_FAILED, message)];
  }
  const args = getArgumentValues(fieldDefinition, firstNode, coerced.coerced);
  const rewritten = rewriteLiveDocument(document, operation, {
    responseKey,
    queryField: field.queryField,
    nodes,
  });
  const variables: Record<string, unknown> = {};
  for (const name of rewritten.variableNames) {
    if (name in rawVariables) variables[name] = rawVariables[name];
  }
  return {
    query: rewritten.query,
    operationName: operation.name?.value ?? null,
    variables,
    responseKey,
    tag: field.tag(String(args[field.argument])),
    follows: field.follows ? (tag) => field.follows!(tag) : () => false,
  };
}

/**
 * graphql-js 16's single-root-field rule throws (rather than reporting) on a variable
 * `@skip`/`@include` at the subscription root, which later spec drafts forbid anyway.
 */
function validateLive(live: LiveSchema, document: DocumentNode): readonly GraphQLError[] {
  try {
    return validate(live.schema, document);
  } catch (error) {
    if (!(error instanceof GraphQLError)) throw error;
    const message = `${error.message} (@skip and @include may not take variables at the subscription root)`;
    return [new GraphQLError(message, { nodes: error.nodes })];
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fragmentsOf(document: DocumentNode): Map<string, FragmentDefinitionNode> {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) {
      fragments.set(definition.name.value, definition);
    }
  }
  return fragments;
}

/**
 * The root selection's fields by response key, through inline fragments and spreads,
 * honouring `@skip`/`@include` (the document is valid, so type conditions all match).
 */
function collectRootFields(
  selectionSet: SelectionSetNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
  fields = new Map<string, FieldNode[]>(),
  visited = new Set<string>(),
): [string, FieldNode[]][] {
  for (const selection of selectionSet.selections) {
    if (!included(selection, variables)) continue;
    if (selection.kind === Kind.FIELD) {
      const key = selection.alias?.value ?? selection.name.value;
      fields.set(key, [...(fields.get(key) ?? []), selection]);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      collectRootFields(selection.selectionSet, fragments, variables, fields, visited);
    } else {
      const fragment = fragments.get(selection.name.value);
      if (!fragment || visited.has(fragment.name.value)) continue;
      visited.add(fragment.name.value);
      collectRootFields(fragment.selectionSet, fragments, variables, fields, visited);
    }
  }
  return [...fields.entries()];
}

function included(
  node: SelectionSetNode['selections'][number],
  variables: Record<string, unknown>,
): boolean {
  const skip = getDirectiveValues(GraphQLSkipDirective, node, variables);
  if (skip?.if === true) return false;
  const include = getDirectiveValues(GraphQLIncludeDirective, node, variables);
  return include?.if !== false;
}
