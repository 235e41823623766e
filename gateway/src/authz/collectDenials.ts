import {
  getArgumentValues,
  getNamedType,
  isCompositeType,
  isInterfaceType,
  Kind,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';
import type { Claims } from '../../../lib/claims';
import type { DeniedField, DeniedStep } from './deniedField';
import { included, nullability, possibleTypes } from './fieldShape';
import type { AuthRequirements } from './readAuthRequirements';
import { satisfies, type Policies, type Requirement } from './requirement';

/** Everything {@link collectDenials} needs about the request and schema. */
export interface DenialInput {
  readonly schema: GraphQLSchema;
  readonly requirements: AuthRequirements;
  readonly claims: Claims | null;
  readonly policies: Policies;
  readonly variables: Readonly<Record<string, unknown>>;
  readonly fragments: ReadonlyMap<string, FragmentDefinitionNode>;
}

/** What the walk found: the denied occurrences and the nodes the rewrite must touch. */
export interface Denials {
  readonly denied: DeniedField[];
  /** Field nodes to remove. */
  readonly deniedNodes: Set<FieldNode>;
  /** Selection sets that must also select {@link AUTHZ_TYPENAME} (guards). */
  readonly typenameSets: Set<SelectionSetNode>;
}

interface Scope {
  readonly parent: GraphQLCompositeType;
  /** Concrete types the selections apply to here (type conditions intersected). */
  readonly possible: ReadonlySet<string>;
  /** Concrete types the object at this position can have at all. */
  readonly all: ReadonlySet<string>;
  readonly path: readonly DeniedStep[];
}

/** Walks an operation's selections (through fragments), deciding each field against the requirements. */
export function collectDenials(
  input: DenialInput,
  selectionSet: SelectionSetNode,
  root: GraphQLCompositeType,
): Denials {
  const out: Denials = { denied: [], deniedNodes: new Set(), typenameSets: new Set() };
  const all = possibleTypes(input.schema, root);
  walk(input, out, selectionSet, { parent: root, possible: all, all, path: [] });
  return out;
}

function walk(input: DenialInput, out: Denials, set: SelectionSetNode, scope: Scope): void {
  for (const selection of set.selections) {
    if (!included(selection, input.variables)) continue;
    if (selection.kind === Kind.FIELD) {
      walkField(input, out, set, selection, scope);
      continue;
    }
    const fragment =
      selection.kind === Kind.INLINE_FRAGMENT
        ? selection
        : input.fragments.get(selection.name.value);
    if (!fragment) continue;
    const conditionName = fragment.typeCondition?.name.value;
    const condition = conditionName ? input.schema.getType(conditionName) : scope.parent;
    if (!isCompositeType(condition)) continue;
    const narrowed = possibleTypes(input.schema, condition);
    const possible = new Set([...scope.possible].filter((name) => narrowed.has(name)));
    walk(input, out, fragment.selectionSet, { ...scope, parent: condition, possible });
  }
}

function walkField(
  input: DenialInput,
  out: Denials,
  set: SelectionSetNode,
  node: FieldNode,
  scope: Scope,
): void {
  const name = node.name.value;
  if (name.startsWith('__') || !('getFields' in scope.parent)) return;
  const field = scope.parent.getFields()[name];
  if (!field) return;
  const guarded = scope.possible.size < scope.all.size;
  const step: DeniedStep = {
    key: node.alias?.value ?? name,
    ...(guarded ? { guard: [...scope.possible].sort() } : {}),
    ...nullability(field.type),
  };
  const path = [...scope.path, step];
  if (!allowed(input, scope.parent, field, node)) {
    out.denied.push({ typeName: scope.parent.name, fieldName: name, path });
    out.deniedNodes.add(node);
    if (guarded) out.typenameSets.add(set);
    return;
  }
  const returned = getNamedType(field.type);
  if (!node.selectionSet || !isCompositeType(returned)) return;
  const before = out.denied.length;
  const all = possibleTypes(input.schema, returned);
  walk(input, out, node.selectionSet, { parent: returned, possible: all, all, path });
  if (guarded && out.denied.length > before) out.typenameSets.add(set);
}

/**
 * Field requirement AND the return type's requirement. On an interface, the same field
 * on every implementation counts too, so no implementation's rule is bypassed through it.
 */
function allowed(
  input: DenialInput,
  parent: GraphQLCompositeType,
  field: GraphQLField<unknown, unknown>,
  node: FieldNode,
): boolean {
  const { requirements, schema } = input;
  const owners = isInterfaceType(parent) ? [parent, ...schema.getPossibleTypes(parent)] : [parent];
  const rules: Requirement[] = [];
  for (const owner of owners) {
    const rule = requirements.fields.get(`${owner.name}.${field.name}`);
    if (rule) rules.push(rule);
  }
  const typeRule = requirements.types.get(getNamedType(field.type).name);
  if (typeRule) rules.push(typeRule);
  if (rules.length === 0) return true;
  const context = {
    claims: input.claims,
    typeName: parent.name,
    fieldName: field.name,
    args: getArgumentValues(field, node, input.variables),
  };
  return rules.every((rule) => satisfies(rule, context, input.policies));
}
