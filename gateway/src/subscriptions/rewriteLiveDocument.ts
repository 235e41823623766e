import {
  Kind,
  OperationTypeNode,
  print,
  visit,
  type ASTNode,
  type DirectiveNode,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
} from 'graphql';

/** The query a live subscription runs, and the variables it uses. */
export interface RewrittenQuery {
  /** `query <Name>($used…) { <responseKey>: <queryField>(…) { …the same selection } }` */
  query: string;
  /** Names of the variables the query declares (the subscription's, minus unused ones). */
  variableNames: readonly string[];
}

/** What to rewrite: the subscription's root field (all its nodes under one response key). */
export interface LiveRootField {
  responseKey: string;
  queryField: string;
  nodes: readonly FieldNode[];
}

/**
 * Turns a validated live subscription into the query that answers it, so the result
 * has exactly the shape the subscription asked for: the root field becomes the `Query`
 * field under the subscription's response key, with the same arguments and selection;
 * fragments the selection spreads (transitively) come along, the rest (e.g. fragments
 * on `Subscription`) are dropped, and only the variables still used are declared.
 * `@skip`/`@include` on the root field were already evaluated, so they are removed.
 */
export function rewriteLiveDocument(
  document: DocumentNode,
  operation: OperationDefinitionNode,
  root: LiveRootField,
): RewrittenQuery {
  const [first] = root.nodes;
  const selections = root.nodes.flatMap((node) => node.selectionSet?.selections ?? []);
  const field: FieldNode = {
    kind: Kind.FIELD,
    alias: { kind: Kind.NAME, value: root.responseKey },
    name: { kind: Kind.NAME, value: root.queryField },
    arguments: first?.arguments ?? [],
    directives: (first?.directives ?? []).filter((d) => !isConditional(d)),
    ...(selections.length > 0 ? { selectionSet: { kind: Kind.SELECTION_SET, selections } } : {}),
  };
  const fragments = reachableFragments(document, field);
  const used = variablesIn([field, ...(operation.directives ?? []), ...fragments]);
  const query: OperationDefinitionNode = {
    kind: Kind.OPERATION_DEFINITION,
    operation: OperationTypeNode.QUERY,
    ...(operation.name ? { name: operation.name } : {}),
    variableDefinitions: (operation.variableDefinitions ?? []).filter((v) =>
      used.has(v.variable.name.value),
    ),
    directives: operation.directives ?? [],
    selectionSet: { kind: Kind.SELECTION_SET, selections: [field] },
  };
  return {
    query: print({ kind: Kind.DOCUMENT, definitions: [query, ...fragments] }),
    variableNames: query.variableDefinitions?.map((v) => v.variable.name.value) ?? [],
  };
}

function isConditional(directive: DirectiveNode): boolean {
  return directive.name.value === 'skip' || directive.name.value === 'include';
}

/** Fragment definitions `from` spreads, directly or through other fragments, in document order. */
function reachableFragments(document: DocumentNode, from: ASTNode): FragmentDefinitionNode[] {
  const definitions = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) {
      definitions.set(definition.name.value, definition);
    }
  }
  const reached = new Set<string>();
  const walk = (node: ASTNode): void => {
    visit(node, {
      FragmentSpread(spread) {
        const name = spread.name.value;
        const definition = definitions.get(name);
        if (reached.has(name) || !definition) return;
        reached.add(name);
        walk(definition);
      },
    });
  };
  walk(from);
  return [...definitions.values()].filter((definition) => reached.has(definition.name.value));
}

function variablesIn(nodes: readonly ASTNode[]): Set<string> {
  const names = new Set<string>();
  for (const node of nodes) {
    visit(node, {
      Variable(variable) {
        names.add(variable.name.value);
      },
    });
  }
  return names;
}
