import {
  getNamedType,
  isCompositeType,
  Kind,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type SelectionSetNode,
} from 'graphql';
import type { DeniedField, DeniedStep } from './deniedField';
import { decideField, type RuleInput } from './fieldRules';
import { included, nullability, possibleTypes } from './fieldShape';

/** Everything {@link collectDenials} needs about the request and schema. */
export interface DenialInput extends RuleInput {
  readonly fragments: ReadonlyMap<string, FragmentDefinitionNode>;
  /** Counts every selection the walk visits (tests assert the walk stays linear). */
  readonly work?: { selections: number };
}

/** What the walk found: the denied occurrences and the nodes the rewrite must touch. */
export interface Denials {
  readonly denied: DeniedField[];
  /** Field nodes to remove. */
  readonly deniedNodes: Set<FieldNode>;
  /**
   * Field nodes to keep only for the concrete types listed (the others' type rules refuse
   * the caller): the rewrite puts each under `... on Type` for those types.
   */
  readonly splitNodes: Map<FieldNode, readonly string[]>;
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

/**
 * Walks an operation's selections (through fragments), deciding each field against the
 * requirements, including the type rules of the concrete types a union or interface
 * position can hold. A fragment spread again at the same position and type conditions
 * is walked once (GraphQL merges it), so nested spreads stay linear.
 */
export function collectDenials(
  input: DenialInput,
  selectionSet: SelectionSetNode,
  root: GraphQLCompositeType,
): Denials {
  const out: Denials = {
    denied: [],
    deniedNodes: new Set(),
    splitNodes: new Map(),
    typenameSets: new Set(),
  };
  const all = possibleTypes(input.schema, root);
  const walked = new Set<string>();
  walk(input, out, walked, selectionSet, { parent: root, possible: all, all, path: [] });
  return out;
}

function walk(
  input: DenialInput,
  out: Denials,
  walked: Set<string>,
  set: SelectionSetNode,
  scope: Scope,
): void {
  for (const selection of set.selections) {
    if (input.work) input.work.selections += 1;
    if (!included(selection, input.variables)) continue;
    if (selection.kind === Kind.FIELD) {
      walkField(input, out, walked, set, selection, scope);
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
    if (selection.kind === Kind.FRAGMENT_SPREAD) {
      const key = JSON.stringify([selection.name.value, scope.path, [...possible].sort()]);
      if (walked.has(key)) continue;
      walked.add(key);
    }
    walk(input, out, walked, fragment.selectionSet, { ...scope, parent: condition, possible });
  }
}

function walkField(
  input: DenialInput,
  out: Denials,
  walked: Set<string>,
  set: SelectionSetNode,
  node: FieldNode,
  scope: Scope,
): void {
  const name = node.name.value;
  if (name.startsWith('__') || !('getFields' in scope.parent)) return;
  const field = scope.parent.getFields()[name];
  if (!field) return;
  const key = node.alias?.value ?? name;
  const shape = nullability(field.type);
  const stepFor = (types: ReadonlySet<string>): DeniedStep => ({
    key,
    ...(types.size < scope.all.size ? { guard: [...types].sort() } : {}),
    ...shape,
  });
  const deny = (typeName: string, types: ReadonlySet<string>): void => {
    const step = stepFor(types);
    out.denied.push({ typeName, fieldName: name, path: [...scope.path, step] });
    if (step.guard) out.typenameSets.add(set);
  };
  const decision = decideField(input, scope.parent, field, node);
  if (!decision.allowed) {
    deny(scope.parent.name, scope.possible);
    out.deniedNodes.add(node);
    return;
  }
  const refused = [...scope.possible].filter((type) => decision.deniedOwners.has(type));
  for (const type of refused) deny(type, new Set([type]));
  if (decision.deniedOwners.size > 0) markRewrite(input, out, scope.parent, node, decision);
  const served = new Set([...scope.possible].filter((type) => !decision.deniedOwners.has(type)));
  const returned = getNamedType(field.type);
  if (served.size === 0 || !node.selectionSet || !isCompositeType(returned)) return;
  const before = out.denied.length;
  const all = possibleTypes(input.schema, returned);
  const path = [...scope.path, stepFor(served)];
  walk(input, out, walked, node.selectionSet, { parent: returned, possible: all, all, path });
  if (served.size < scope.all.size && out.denied.length > before) out.typenameSets.add(set);
}

/**
 * The rewrite depends on the node alone (its static parent type), never on the position
 * a named fragment was spread at, so one fragment serves every spread the same way.
 */
function markRewrite(
  input: DenialInput,
  out: Denials,
  parent: GraphQLCompositeType,
  node: FieldNode,
  decision: ReturnType<typeof decideField>,
): void {
  const kept = [...possibleTypes(input.schema, parent)].filter(
    (type) => !decision.deniedOwners.has(type),
  );
  if (kept.length === 0) out.deniedNodes.add(node);
  else out.splitNodes.set(node, kept.sort());
}
