import type { ASTNode } from 'graphql';

/**
 * `source:line:column` of a node parsed from a named `Source` (the subgraph label, e.g.
 * `crm (subgraphs/crm/src/schema.graphql)`), or undefined when it has no location.
 */
export function locationOf(node: ASTNode): string | undefined {
  if (!node.loc) return undefined;
  const { line, column } = node.loc.source.locationOffset;
  const position = node.loc.source.body.slice(0, node.loc.start).split('\n');
  return `${node.loc.source.name}:${position.length + line - 1}:${(position.at(-1)?.length ?? 0) + column}`;
}
