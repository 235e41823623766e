import {
  Kind,
  visit,
  type DocumentNode,
  type FieldNode,
  type InlineFragmentNode,
  type SelectionSetNode,
} from 'graphql';
import { AUTHZ_TYPENAME } from './deniedField';

const typenameField: FieldNode = {
  kind: Kind.FIELD,
  alias: { kind: Kind.NAME, value: AUTHZ_TYPENAME },
  name: { kind: Kind.NAME, value: '__typename' },
};

/**
 * The document without the denied field nodes, and with each split node asked for only
 * on the concrete types it may be read on (`... { ... on A { f } ... on B { f } }`).
 * Selection sets in `typenameSets`, and any left empty, select `__typename` under
 * {@link AUTHZ_TYPENAME} so the document stays valid and guards can be checked against
 * the response.
 */
export function rewriteDocument(
  document: DocumentNode,
  deniedNodes: ReadonlySet<FieldNode>,
  typenameSets: ReadonlySet<SelectionSetNode>,
  splitNodes: ReadonlyMap<FieldNode, readonly string[]> = new Map(),
): DocumentNode {
  return visit(document, {
    Field: (node) => {
      if (deniedNodes.has(node)) return null;
      const types = splitNodes.get(node);
      // The copies inside are new objects, so the visit goes on into them (not again here).
      return types ? perType(node, types) : undefined;
    },
    SelectionSet: {
      // `enter` sees the original node (identity); `leave` sees the edited copy.
      enter: (node) => (typenameSets.has(node) ? withTypename(node) : undefined),
      leave: (node) => (node.selections.length === 0 ? withTypename(node) : undefined),
    },
  });
}

function perType(node: FieldNode, types: readonly string[]): InlineFragmentNode {
  return {
    kind: Kind.INLINE_FRAGMENT,
    selectionSet: {
      kind: Kind.SELECTION_SET,
      selections: types.map((type): InlineFragmentNode => ({
        kind: Kind.INLINE_FRAGMENT,
        typeCondition: { kind: Kind.NAMED_TYPE, name: { kind: Kind.NAME, value: type } },
        selectionSet: { kind: Kind.SELECTION_SET, selections: [{ ...node }] },
      })),
    },
  };
}

function withTypename(node: SelectionSetNode): SelectionSetNode {
  const has = node.selections.some(
    (s) => s.kind === Kind.FIELD && s.alias?.value === AUTHZ_TYPENAME,
  );
  return has ? node : { ...node, selections: [...node.selections, typenameField] };
}
