import {
  Kind,
  type ConstDirectiveNode,
  type DocumentNode,
  type FieldDefinitionNode,
  type ObjectTypeDefinitionNode,
  type TypeNode,
} from 'graphql';

/** Who resolves what in a composed supergraph, read from its `@join__*` directives. */
export interface SupergraphOwnership {
  /** Subgraph name of each `join__Graph` enum value, e.g. `ORDERS` → `orders`. */
  graphNames: ReadonlyMap<string, string>;
  /** Owners (subgraph names) of each entity type; see `ownersOf`. */
  owners: ReadonlyMap<string, ReadonlySet<string>>;
  /** Member object types of each union and interface. */
  members: ReadonlyMap<string, readonly string[]>;
  /** The object types, with their fields. */
  objects: readonly ObjectTypeDefinitionNode[];
}

/** The named type under any list and non-null wrappers. */
export function namedType(type: TypeNode): string {
  return type.kind === Kind.NAMED_TYPE ? type.name.value : namedType(type.type);
}

/**
 * The subgraphs that resolve a field: those of its `@join__field`s that are not
 * `external`, or every subgraph of its type when it has none (a field every subgraph
 * of the type can resolve, such as a key).
 */
export function resolversOf(
  type: ObjectTypeDefinitionNode,
  field: FieldDefinitionNode,
  graphNames: ReadonlyMap<string, string>,
): Set<string> {
  const joins = directives(field.directives, 'join__field');
  const graphs =
    joins.length > 0
      ? joins.filter((join) => argument(join, 'external') !== true)
      : directives(type.directives, 'join__type');
  return new Set(graphs.map((join) => graphNames.get(String(argument(join, 'graph'))) ?? '?'));
}

/**
 * Reads ownership from a supergraph. An entity's owner is the subgraph that resolves it
 * from a root `Query` field returning it (the system of record, where a client starts
 * from it); when several do, each is an owner; when none does, every subgraph with a
 * resolvable `@key` for it is.
 */
export function readSupergraphOwnership(supergraph: DocumentNode): SupergraphOwnership {
  const graphNames = new Map<string, string>();
  const members = new Map<string, string[]>();
  const objects: ObjectTypeDefinitionNode[] = [];
  for (const definition of supergraph.definitions) {
    if (definition.kind === Kind.ENUM_TYPE_DEFINITION && definition.name.value === 'join__Graph')
      for (const value of definition.values ?? []) {
        const [graph] = directives(value.directives, 'join__graph');
        if (graph) graphNames.set(value.name.value, String(argument(graph, 'name')));
      }
    if (definition.kind === Kind.OBJECT_TYPE_DEFINITION) objects.push(definition);
    if (definition.kind === Kind.UNION_TYPE_DEFINITION)
      members.set(
        definition.name.value,
        (definition.types ?? []).map((member) => member.name.value),
      );
  }
  for (const object of objects)
    for (const implemented of object.interfaces ?? [])
      members.set(implemented.name.value, [
        ...(members.get(implemented.name.value) ?? []),
        object.name.value,
      ]);

  const query = objects.find((object) => object.name.value === 'Query');
  const owners = new Map<string, Set<string>>();
  for (const object of objects) {
    const keyed = directives(object.directives, 'join__type').filter(
      (join) => argument(join, 'key') !== undefined && argument(join, 'resolvable') !== false,
    );
    if (keyed.length === 0) continue;
    const fromQuery = new Set<string>();
    for (const field of query?.fields ?? [])
      if (query && namedType(field.type) === object.name.value)
        for (const graph of resolversOf(query, field, graphNames)) fromQuery.add(graph);
    owners.set(
      object.name.value,
      fromQuery.size > 0
        ? fromQuery
        : new Set(keyed.map((join) => graphNames.get(String(argument(join, 'graph'))) ?? '?')),
    );
  }
  return { graphNames, owners, members, objects };
}

function directives(
  list: readonly ConstDirectiveNode[] | undefined,
  name: string,
): ConstDirectiveNode[] {
  return (list ?? []).filter((directive) => directive.name.value === name);
}

function argument(directive: ConstDirectiveNode, name: string): string | boolean | undefined {
  const value = directive.arguments?.find((arg) => arg.name.value === name)?.value;
  if (!value) return undefined;
  if (value.kind === Kind.BOOLEAN) return value.value;
  if (value.kind === Kind.STRING || value.kind === Kind.ENUM) return value.value;
  return undefined;
}
