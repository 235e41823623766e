import {
  getDirectiveValues,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  isAbstractType,
  isListType,
  isNonNullType,
  isObjectType,
  type GraphQLCompositeType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type SelectionNode,
} from 'graphql';
import type { DeniedStep } from './deniedField';

/** Whether a field's type is nullable, and its list items at each depth. */
export function nullability(
  type: GraphQLOutputType,
): Pick<DeniedStep, 'nullable' | 'itemsNullable'> {
  const nullable = !isNonNullType(type);
  const itemsNullable: boolean[] = [];
  let current = isNonNullType(type) ? type.ofType : type;
  while (isListType(current)) {
    const item: GraphQLOutputType = current.ofType;
    itemsNullable.push(!isNonNullType(item));
    current = isNonNullType(item) ? item.ofType : item;
  }
  return { nullable, itemsNullable };
}

/** The concrete object types a value of `type` can have. */
export function possibleTypes(schema: GraphQLSchema, type: GraphQLCompositeType): Set<string> {
  if (isAbstractType(type)) return new Set(schema.getPossibleTypes(type).map((t) => t.name));
  return new Set(isObjectType(type) ? [type.name] : []);
}

/** Whether `@skip`/`@include` keep the selection, given the (coerced) variables. */
export function included(
  node: SelectionNode,
  variables: Readonly<Record<string, unknown>>,
): boolean {
  const vars = variables as Record<string, unknown>;
  if (getDirectiveValues(GraphQLSkipDirective, node, vars)?.if === true) return false;
  return getDirectiveValues(GraphQLIncludeDirective, node, vars)?.if !== false;
}
