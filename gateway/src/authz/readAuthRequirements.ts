import {
  Kind,
  parse,
  type ConstDirectiveNode,
  type DefinitionNode,
  type DirectiveNode,
} from 'graphql';
import { mergeRequirements, type Requirement } from './requirement';
import { argumentValues, securityLinks, type SecuritySpec } from './securityLinks';

/** Authorization requirements declared in a supergraph, by type name and by `Type.field`. */
export interface AuthRequirements {
  /** Requirements on a type; they apply to every field returning it. */
  readonly types: ReadonlyMap<string, Requirement>;
  /** Requirements on a field, keyed `Type.field`. */
  readonly fields: ReadonlyMap<string, Requirement>;
}

/**
 * Reads `@authenticated`, `@requiresScopes` and `@policy` applications from the original
 * supergraph SDL (the API schema the gateway builds has dropped them). Directive names
 * follow the supergraph's `@link`s, so imports renamed with `as:` are found too.
 */
export function readAuthRequirements(supergraphSdl: string): AuthRequirements {
  const document = parse(supergraphSdl);
  const specByName = new Map<string, SecuritySpec>(
    securityLinks(document).map((link) => [link.directiveName, link.spec]),
  );
  const types = new Map<string, Requirement>();
  const fields = new Map<string, Requirement>();
  if (specByName.size === 0) return { types, fields };
  for (const definition of document.definitions) {
    const typeName = namedTypeOf(definition);
    if (!typeName || !('directives' in definition)) continue;
    add(types, typeName, requirementOf(definition.directives, specByName));
    if (!('fields' in definition)) continue;
    for (const field of definition.fields ?? []) {
      if (field.kind !== Kind.FIELD_DEFINITION) continue;
      add(fields, `${typeName}.${field.name.value}`, requirementOf(field.directives, specByName));
    }
  }
  return { types, fields };
}

const TYPES_WITH_REQUIREMENTS: ReadonlySet<Kind> = new Set([
  Kind.OBJECT_TYPE_DEFINITION,
  Kind.OBJECT_TYPE_EXTENSION,
  Kind.INTERFACE_TYPE_DEFINITION,
  Kind.INTERFACE_TYPE_EXTENSION,
  Kind.SCALAR_TYPE_DEFINITION,
  Kind.SCALAR_TYPE_EXTENSION,
  Kind.ENUM_TYPE_DEFINITION,
  Kind.ENUM_TYPE_EXTENSION,
]);

/** The name of a type that may carry the directives (object, interface, scalar, enum). */
function namedTypeOf(definition: DefinitionNode): string | undefined {
  if (!TYPES_WITH_REQUIREMENTS.has(definition.kind) || !('name' in definition)) return undefined;
  return definition.name?.value;
}

function add(map: Map<string, Requirement>, key: string, found: Requirement | undefined): void {
  if (!found) return;
  const existing = map.get(key);
  map.set(key, existing ? mergeRequirements(existing, found) : found);
}

function requirementOf(
  directives: readonly (ConstDirectiveNode | DirectiveNode)[] | undefined,
  specByName: ReadonlyMap<string, SecuritySpec>,
): Requirement | undefined {
  let result: Requirement | undefined;
  for (const directive of directives ?? []) {
    const spec = specByName.get(directive.name.value);
    if (!spec) continue;
    const found = requirementFrom(spec, argumentValues(directive));
    result = result ? mergeRequirements(result, found) : found;
  }
  return result;
}

function requirementFrom(spec: SecuritySpec, args: Record<string, unknown>): Requirement {
  switch (spec) {
    case 'authenticated':
      return { authenticated: true };
    case 'requiresScopes':
      return { authenticated: false, scopes: stringLists(args.scopes) };
    case 'policy':
      return { authenticated: false, policies: stringLists(args.policies) };
    default: {
      const unreachable: never = spec;
      throw new Error(`unknown security spec ${String(unreachable)}`);
    }
  }
}

/** `[["a", "b"], ["c"]]` as written; a malformed alternative is dropped (fails closed). */
function stringLists(value: unknown): string[][] {
  if (!Array.isArray(value)) return [];
  return value.filter(
    (inner: unknown): inner is string[] =>
      Array.isArray(inner) && inner.every((s: unknown) => typeof s === 'string'),
  );
}
