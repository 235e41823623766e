import {
  Kind,
  parse,
  type DocumentNode,
  type FragmentDefinitionNode,
  type SelectionSetNode,
} from 'graphql';

/** Structural limits of one GraphQL document. */
export interface LimitsOptions {
  /** Deepest field nesting allowed (`{ a { b } }` is 2), fragments expanded. Default 15. */
  maxDepth?: number;
  /** Most aliased fields allowed, fragments expanded as often as they are spread. Default 30. */
  maxAliases?: number;
  /** Most fields allowed in an operation's root selection, fragments expanded. Default 20. */
  maxRootFields?: number;
  /** Largest query string allowed, in UTF-8 bytes. Default 32 KiB (32768). */
  maxDocumentBytes?: number;
  /**
   * Most field selections allowed once every fragment spread is expanded where it is
   * spread (`fragment F1 on Query { ...F0 ...F0 }` counts F0 twice). Counted in linear
   * time (each fragment once), it refuses fragment bombs before anything walks them.
   * Default 2000.
   */
  maxExpandedSelections?: number;
}

/** Which limit a {@link LimitViolation} broke. */
export type LimitKind = 'depth' | 'aliases' | 'rootFields' | 'documentSize' | 'expandedSelections';

/** One broken limit: its kind, the measured value, the limit and a message a client can act on. */
export interface LimitViolation {
  code: LimitKind;
  actual: number;
  limit: number;
  message: string;
}

/*
 * Why not `@escape.tech/graphql-armor`: its max-depth/aliases/directives rules are
 * validation rules, so they run after parsing and alongside graphql-js validation (which
 * stays fast on fragment bombs: measured), exactly where these limits already run, and
 * it has no bound on selections after fragment expansion, the one that refuses the bomb.
 * Its max-tokens is graphql-js's own `parse(..., { maxTokens })`; `maxDocumentBytes`
 * already bounds tokens. One linear pass here measures all four limits together.
 */

/** The defaults of {@link LimitsOptions}. */
export const DEFAULT_LIMITS: Readonly<Required<LimitsOptions>> = Object.freeze({
  maxDepth: 15,
  maxAliases: 30,
  maxRootFields: 20,
  maxDocumentBytes: 32 * 1024,
  maxExpandedSelections: 2000,
});

interface Measure {
  depth: number;
  aliases: number;
  /** Field selections, fragments expanded. */
  selections: number;
}

/**
 * Checks a document against {@link LimitsOptions}; returns every broken limit (none = ok).
 * Pass the query string to have its size checked before it is parsed; a parsed document
 * is measured on its source text. Every operation in the document is measured. `work`,
 * when given, counts the selections visited (tests assert it grows linearly).
 */
export function validateLimits(
  document: DocumentNode | string,
  options: LimitsOptions = {},
  work?: { selections: number },
): LimitViolation[] {
  const limits = { ...DEFAULT_LIMITS, ...options };
  const source = typeof document === 'string' ? document : document.loc?.source.body;
  const bytes = source === undefined ? 0 : Buffer.byteLength(source, 'utf8');
  const violations: LimitViolation[] = [];
  const check = (code: LimitKind, actual: number, limit: number, what: string): void => {
    if (actual > limit) {
      violations.push({
        code,
        actual,
        limit,
        message: `${what} is ${actual}; the limit is ${limit}`,
      });
    }
  };
  check('documentSize', bytes, limits.maxDocumentBytes, 'document size in bytes');
  if (violations.length > 0) return violations;
  const ast = typeof document === 'string' ? parse(document) : document;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of ast.definitions) {
    if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
  }
  const measurer = createMeasurer(fragments, work);
  let depth = 0;
  let aliases = 0;
  let rootFields = 0;
  let selections = 0;
  for (const def of ast.definitions) {
    if (def.kind !== Kind.OPERATION_DEFINITION) continue;
    const measure = measurer.selectionSet(def.selectionSet);
    depth = Math.max(depth, measure.depth);
    aliases = Math.max(aliases, measure.aliases);
    selections = Math.max(selections, measure.selections);
    rootFields = Math.max(rootFields, countRootFields(def.selectionSet, fragments, new Set()));
  }
  check(
    'expandedSelections',
    selections,
    limits.maxExpandedSelections,
    'number of field selections with fragments expanded',
  );
  check('depth', depth, limits.maxDepth, 'query depth');
  check('aliases', aliases, limits.maxAliases, 'number of aliases');
  check('rootFields', rootFields, limits.maxRootFields, 'number of root fields');
  return violations;
}

/**
 * Depth, aliases and expanded selections of selection sets, each fragment measured once
 * (fragment bombs stay cheap: the work is linear in the document's size).
 */
function createMeasurer(
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  work: { selections: number } | undefined,
): {
  selectionSet(set: SelectionSetNode): Measure;
} {
  const memo = new Map<string, Measure>();
  const inProgress = new Set<string>();
  const fragment = (name: string): Measure => {
    const known = memo.get(name);
    if (known) return known;
    const def = fragments.get(name);
    // Unknown or cyclic fragments are left to GraphQL validation.
    if (!def || inProgress.has(name)) return { depth: 0, aliases: 0, selections: 0 };
    inProgress.add(name);
    const measure = selectionSet(def.selectionSet);
    inProgress.delete(name);
    memo.set(name, measure);
    return measure;
  };
  const selectionSet = (set: SelectionSetNode): Measure => {
    let depth = 0;
    let aliases = 0;
    let selections = 0;
    for (const selection of set.selections) {
      if (work) work.selections += 1;
      let inner: Measure;
      if (selection.kind === Kind.FIELD) {
        const child = selection.selectionSet ? selectionSet(selection.selectionSet) : undefined;
        inner = {
          depth: 1 + (child?.depth ?? 0),
          aliases: (child?.aliases ?? 0) + (selection.alias ? 1 : 0),
          selections: 1 + (child?.selections ?? 0),
        };
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        inner = selectionSet(selection.selectionSet);
      } else {
        inner = fragment(selection.name.value);
      }
      depth = Math.max(depth, inner.depth);
      aliases += inner.aliases;
      selections += inner.selections;
    }
    return { depth, aliases, selections };
  };
  return { selectionSet };
}

function countRootFields(
  set: SelectionSetNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  seen: Set<string>,
): number {
  let count = 0;
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) count += 1;
    else if (selection.kind === Kind.INLINE_FRAGMENT) {
      count += countRootFields(selection.selectionSet, fragments, seen);
    } else if (!seen.has(selection.name.value)) {
      const def = fragments.get(selection.name.value);
      if (!def) continue;
      seen.add(selection.name.value);
      count += countRootFields(def.selectionSet, fragments, seen);
    }
  }
  return count;
}
