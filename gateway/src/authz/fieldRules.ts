import {
  getArgumentValues,
  getNamedType,
  isAbstractType,
  isInterfaceType,
  type FieldNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLSchema,
} from 'graphql';
import type { CallerClaims } from '../../../lib/claims';
import { possibleTypes } from './fieldShape';
import type { AuthRequirements } from './readAuthRequirements';
import { satisfies, type Policies, type Requirement } from './requirement';

/** What deciding a field needs: the schema, its rules, the caller and the request's variables. */
export interface RuleInput {
  readonly schema: GraphQLSchema;
  readonly requirements: AuthRequirements;
  readonly claims: CallerClaims | null;
  readonly policies: Policies;
  readonly variables: Readonly<Record<string, unknown>>;
}

type Field = GraphQLField<unknown, unknown>;

/**
 * The rules of one field occurrence, decided for the caller. `allowed` covers the field
 * everywhere it is selected; `deniedOwners` names the concrete types of the parent on
 * which a type-level rule (`type Note @policy(...)`) forbids reading anything, so an
 * object of that type reached through a union or interface is refused field by field.
 */
export interface FieldDecision {
  readonly allowed: boolean;
  /** Concrete parent types whose own rule (or the parent interface's) the caller fails. */
  readonly deniedOwners: ReadonlySet<string>;
}

/** Decides `field` selected by `node` on `parent` (the static type of its selection set). */
export function decideField(
  input: RuleInput,
  parent: GraphQLCompositeType,
  field: Field,
  node: FieldNode,
): FieldDecision {
  let args: Record<string, unknown> | undefined;
  const passes = (rule: Requirement, typeName: string): boolean => {
    args ??= getArgumentValues(field, node, input.variables);
    const context = { claims: input.claims, typeName, fieldName: field.name, args };
    return satisfies(rule, context, input.policies);
  };
  const { requirements, schema } = input;
  const parentRule = isAbstractType(parent) ? requirements.types.get(parent.name) : undefined;
  const deniedOwners = new Set<string>();
  for (const owner of possibleTypes(schema, parent)) {
    const rule = requirements.types.get(owner);
    const ownerDenied = rule !== undefined && !passes(rule, owner);
    if (ownerDenied || (parentRule && !passes(parentRule, parent.name))) deniedOwners.add(owner);
  }
  return { allowed: fieldAllowed(input, parent, field, passes), deniedOwners };
}

/**
 * Field requirement AND the return type's requirement. On an interface, the same field
 * on every implementation counts too, so no implementation's rule is bypassed through it.
 * A field returning a union or interface whose every member is refused is refused itself.
 */
function fieldAllowed(
  input: RuleInput,
  parent: GraphQLCompositeType,
  field: Field,
  passes: (rule: Requirement, typeName: string) => boolean,
): boolean {
  const { requirements, schema } = input;
  const owners = isInterfaceType(parent) ? [parent, ...schema.getPossibleTypes(parent)] : [parent];
  for (const owner of owners) {
    const rule = requirements.fields.get(`${owner.name}.${field.name}`);
    if (rule && !passes(rule, parent.name)) return false;
  }
  const returned = getNamedType(field.type);
  const typeRule = requirements.types.get(returned.name);
  if (typeRule && !passes(typeRule, parent.name)) return false;
  if (!isAbstractType(returned)) return true;
  const members = [...possibleTypes(schema, returned)];
  return (
    members.length === 0 ||
    members.some((member) => {
      const rule = requirements.types.get(member);
      return !rule || passes(rule, member);
    })
  );
}
