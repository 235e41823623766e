import { Kind, parse, print, type DocumentNode, type FieldDefinitionNode } from 'graphql';
import type { CompositionProblem } from './composeSupergraph';
import { locationOf } from './locationOf';
import { namedType, readSupergraphOwnership, resolversOf } from './supergraphOwnership';

/** Composition problem code of a non-null field that needs another subgraph. */
export const NON_NULL_ACROSS_SUBGRAPHS = 'NON_NULL_ACROSS_SUBGRAPHS';

/** A subgraph as composed: its name and parsed SDL (parsed from a `Source` named after it). */
export interface ComposedSubgraph {
  name: string;
  typeDefs: DocumentNode;
}

/**
 * The partial-answers rule: a subgraph's outage costs only its own fields. When a field
 * is answered by one subgraph but its parent or its value belongs to another, a null
 * from the failing side must stop at that field; GraphQL would otherwise carry it up to
 * the nearest nullable ancestor (a non-null `Customer.orders` turns an orders outage
 * into `customer: null`). So these fields must be nullable (the outer type of a list or
 * connection), where an entity's owner is as `readSupergraphOwnership` defines it:
 * - a field a subgraph contributes to an entity it does not own (`Customer.orders` from
 *   orders, `Customer` owned by crm);
 * - a field whose value is an entity (or a union or interface with an entity member)
 *   that the field's subgraph does not own (`Service.offering` from provisioning,
 *   `ProductOffering` owned by orders).
 * Returns one problem per field, naming subgraph, type, field and the owner.
 */
export function nonNullAcrossSubgraphs(
  supergraphSdl: string,
  subgraphs: readonly ComposedSubgraph[],
): CompositionProblem[] {
  const { graphNames, owners, members, objects } = readSupergraphOwnership(parse(supergraphSdl));
  const problems: CompositionProblem[] = [];
  for (const object of objects) {
    const parentOwners = owners.get(object.name.value);
    for (const field of object.fields ?? []) {
      if (field.type.kind !== Kind.NON_NULL_TYPE) continue;
      const resolvers = [...resolversOf(object, field, graphNames)];
      const where = `${object.name.value}.${field.name.value}`;
      const type = print(field.type);
      const nullable = print(field.type.type);
      if (parentOwners && !resolvers.some((graph) => parentOwners.has(graph))) {
        const owner = [...parentOwners].join(' and ');
        for (const subgraph of resolvers)
          problems.push({
            code: NON_NULL_ACROSS_SUBGRAPHS,
            message: `[${subgraph}] ${where} is ${type}, but ${object.name.value} belongs to ${owner}: a field one subgraph adds to another's entity must be nullable, so that an outage of ${subgraph} costs only its own fields, not the whole ${object.name.value}. Declare it ${nullable}.`,
            locations: fieldLocations(subgraphs, subgraph, object.name.value, field.name.value),
          });
        continue;
      }
      const target = namedType(field.type);
      for (const entity of members.get(target) ?? [target]) {
        const entityOwners = owners.get(entity);
        const foreign = resolvers.filter((graph) => entityOwners && !entityOwners.has(graph));
        if (!entityOwners || foreign.length === 0) continue;
        const owner = [...entityOwners].join(' and ');
        for (const subgraph of foreign)
          problems.push({
            code: NON_NULL_ACROSS_SUBGRAPHS,
            message: `[${subgraph}] ${where} is ${type}, but ${entity} belongs to ${owner}: a field returning another subgraph's entity must be nullable, so that an outage of ${owner} nulls only this field, not the whole ${object.name.value}. Declare it ${nullable}.`,
            locations: fieldLocations(subgraphs, subgraph, object.name.value, field.name.value),
          });
        break;
      }
    }
  }
  return problems;
}

/** Where a subgraph declares a field: its type's definition or any extension of it. */
function fieldLocations(
  subgraphs: readonly ComposedSubgraph[],
  subgraph: string,
  typeName: string,
  fieldName: string,
): string[] {
  const typeDefs = subgraphs.find((candidate) => candidate.name === subgraph)?.typeDefs;
  const found: FieldDefinitionNode[] = [];
  for (const definition of typeDefs?.definitions ?? [])
    if (
      (definition.kind === Kind.OBJECT_TYPE_DEFINITION ||
        definition.kind === Kind.OBJECT_TYPE_EXTENSION) &&
      definition.name.value === typeName
    )
      found.push(...(definition.fields ?? []).filter((field) => field.name.value === fieldName));
  const locations = found.flatMap((field) => locationOf(field) ?? []);
  return locations.length > 0 ? locations : [subgraph];
}
