import {
  Kind,
  valueFromASTUntyped,
  type ArgumentNode,
  type DirectiveNode,
  type DocumentNode,
} from 'graphql';

/** The three Federation authorization specs, named as in their `@link` URLs. */
export type SecuritySpec = 'authenticated' | 'requiresScopes' | 'policy';

/** One `@link` to an authorization spec found on the supergraph's schema. */
export interface SecurityLink {
  spec: SecuritySpec;
  /** The `@link` application itself (its node in the parsed document). */
  node: DirectiveNode;
  /** The name the spec's directive has in this document, without `@` (imports and `as:` applied). */
  directiveName: string;
  /** The `for: SECURITY` argument composition writes, if present. */
  forSecurity: ArgumentNode | undefined;
}

const SPEC_URL = /^https:\/\/specs\.apollo\.dev\/(authenticated|requiresScopes|policy)\/v\d+\.\d+$/;

/** The `@link` applications on the schema definition/extensions that point at an authorization spec. */
export function securityLinks(document: DocumentNode): SecurityLink[] {
  const links: SecurityLink[] = [];
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.SCHEMA_DEFINITION && definition.kind !== Kind.SCHEMA_EXTENSION)
      continue;
    for (const directive of definition.directives ?? []) {
      if (directive.name.value !== 'link') continue;
      const args = argumentValues(directive);
      const spec = typeof args.url === 'string' ? SPEC_URL.exec(args.url)?.[1] : undefined;
      if (!isSecuritySpec(spec)) continue;
      links.push({
        spec,
        node: directive,
        directiveName: directiveNameFor(spec, args.as, args.import),
        forSecurity: directive.arguments?.find(
          (arg) =>
            arg.name.value === 'for' &&
            arg.value.kind === Kind.ENUM &&
            arg.value.value === 'SECURITY',
        ),
      });
    }
  }
  return links;
}

function isSecuritySpec(value: string | undefined): value is SecuritySpec {
  return value === 'authenticated' || value === 'requiresScopes' || value === 'policy';
}

/** Evaluates a directive's (constant) arguments. */
export function argumentValues(directive: DirectiveNode): Record<string, unknown> {
  return Object.fromEntries(
    (directive.arguments ?? []).map((arg) => [arg.name.value, valueFromASTUntyped(arg.value)]),
  );
}

/**
 * Link-spec naming: each spec's directive has the spec's own name, so it is `@<spec>`,
 * renamed by an import `{ name: "@<spec>", as: "@x" }`, else by the link's `as:`.
 */
function directiveNameFor(spec: SecuritySpec, as: unknown, imports: unknown): string {
  for (const entry of Array.isArray(imports) ? (imports as unknown[]) : []) {
    if (entry === `@${spec}`) return spec;
    if (typeof entry === 'object' && entry !== null) {
      const { name, as: renamed } = entry as { name?: unknown; as?: unknown };
      if (name === `@${spec}`)
        return typeof renamed === 'string' ? renamed.replace(/^@/, '') : spec;
    }
  }
  return typeof as === 'string' ? as : spec;
}
