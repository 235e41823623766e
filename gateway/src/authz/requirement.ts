import { hasScope, type CallerClaims } from '../../../lib/claims';

/**
 * What reading a type or field requires, from `@authenticated`, `@requiresScopes` and
 * `@policy`. `scopes` and `policies` are an OR of AND-lists, as written in the directive:
 * `[["a", "b"], ["c"]]` means (a and b) or c. Absent means no such requirement.
 */
export interface Requirement {
  readonly authenticated: boolean;
  readonly scopes?: readonly (readonly string[])[];
  readonly policies?: readonly (readonly string[])[];
}

/** What a policy function sees. */
export interface PolicyContext {
  /** The verified caller, or `null` when anonymous. */
  readonly claims: CallerClaims | null;
  /** The type the field is read on (for a type-level requirement, the parent type). */
  readonly typeName: string;
  readonly fieldName: string;
  /** The field's arguments, variables applied. */
  readonly args: Readonly<Record<string, unknown>>;
}

/** A named policy from configuration: `true` lets the caller read the field. */
export type Policy = (context: PolicyContext) => boolean;

/** The named policies `@policy(policies: ...)` refers to. An unknown name denies. */
export type Policies = Readonly<Record<string, Policy>>;

/** Both requirements at once: AND of the OR-of-AND lists is their cross product. */
export function mergeRequirements(a: Requirement, b: Requirement): Requirement {
  return {
    authenticated: a.authenticated || b.authenticated,
    ...optional('scopes', both(a.scopes, b.scopes)),
    ...optional('policies', both(a.policies, b.policies)),
  };
}

function both(
  a: readonly (readonly string[])[] | undefined,
  b: readonly (readonly string[])[] | undefined,
): readonly (readonly string[])[] | undefined {
  if (!a) return b;
  if (!b) return a;
  return a.flatMap((left) => b.map((right) => [...new Set([...left, ...right])]));
}

function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}

/**
 * Whether the caller meets `requirement`. Fails closed: a policy that is not configured,
 * or that throws, denies.
 */
export function satisfies(
  requirement: Requirement,
  context: PolicyContext,
  policies: Policies,
): boolean {
  const { claims } = context;
  if (requirement.authenticated && !claims) return false;
  if (
    requirement.scopes &&
    !requirement.scopes.some((all) => all.every((s) => hasScope(claims, s)))
  )
    return false;
  if (requirement.policies) {
    const passes = (name: string): boolean => {
      const policy = Object.hasOwn(policies, name) ? policies[name] : undefined;
      try {
        return policy?.(context) === true;
      } catch {
        return false;
      }
    };
    if (!requirement.policies.some((all) => all.every(passes))) return false;
  }
  return true;
}
