import { Kind, visit, type DocumentNode, type FieldNode, type SelectionSetNode } from 'graphql';
import { AUTHZ_TYPENAME } from './deniedField';

const typenameField: FieldNode = {
  kind: Kind.FIELD,
  alias: { kind: Kind.NAME, value: AUTHZ_TYPENAME },
  name: { kind: Kind.NAME, value: '__typename' },
};

/**
 * The document without the denied field nodes. Selection sets in `typenameSets`, and any
 * left empty, select `__typename` under {@link AUTHZ_TYPENAME} so the document stays valid
 * and guards can be checked against the response.
 */
export function rewriteDocument(
  document: DocumentNode,
  deniedNodes: ReadonlySet<FieldNode>,
  typenameSets: ReadonlySet<SelectionSetNode>,
): DocumentNode {
  return visit(document, {
    Field: (node) => (deniedNodes.has(node) ? null : undefined),
    SelectionSet: {
      // `enter` sees the original node (identity); `leave` sees the edited copy.
      enter: (node) => (typenameSets.has(node) ? withTypename(node) : undefined),
      leave: (node) => (node.selections.length === 0 ? withTypename(node) : undefined),
    },
  });
}

function withTypename(node: SelectionSetNode): SelectionSetNode {
  const has = node.selections.some(
    (s) => s.kind === Kind.FIELD && s.alias?.value === AUTHZ_TYPENAME,
  );
  return has ? node : { ...node, selections: [...node.selections, typenameField] };
}
