import {
  Kind,
  isTypeDefinitionNode,
  isTypeExtensionNode,
  parse,
  valueFromASTUntyped,
  type ConstDirectiveNode,
  type DocumentNode,
  type FieldDefinitionNode,
  type InputValueDefinitionNode,
} from 'graphql';

/** `@listSize` on one field: how big the list it returns (or its sized fields) is assumed to be. */
export interface ListSizeInfo {
  /** Size when no slicing argument gives one. */
  assumedSize?: number;
  /** Arguments (dotted paths into input objects allowed) whose value is the size. */
  slicingArguments: readonly string[];
  /** Child fields that are the sized lists (connections: `["edges"]`); none = the field itself. */
  sizedFields: readonly string[];
  /** Whether exactly one slicing argument must be given. Default true, as in the spec. */
  requireOneSlicingArgument: boolean;
}

/**
 * Demand-control directives of a schema, keyed by schema coordinate:
 * `Type` for types, `Type.field` for fields and input fields, `Type.field(arg:)` for arguments.
 */
export interface CostInfo {
  /** `@cost(weight)` by type, field, input field or argument coordinate. */
  readonly weights: ReadonlyMap<string, number>;
  /** `@listSize` by field coordinate. */
  readonly listSizes: ReadonlyMap<string, ListSizeInfo>;
}

/** No directives: every estimate uses the defaults. */
export const NO_COST_INFO: CostInfo = { weights: new Map(), listSizes: new Map() };

const COST_SPEC = /^https:\/\/specs\.apollo\.dev\/(cost|federation)\/v[\d.]+$/;

/**
 * Reads `@cost` and `@listSize` from the original supergraph SDL (the API schema the
 * gateway executes against has them stripped). Names follow the document's `@link`s to
 * the cost spec (or the federation spec, for a subgraph SDL), including renames via
 * `as` and `import: [{ name, as }]`; without a link they are `@cost` and `@listSize`.
 */
export function readCostDirectives(sdl: string | DocumentNode): CostInfo {
  const document = typeof sdl === 'string' ? parse(sdl) : sdl;
  const names = directiveNames(document);
  const weights = new Map<string, number>();
  const listSizes = new Map<string, ListSizeInfo>();
  const readWeight = (coordinate: string, directives?: readonly ConstDirectiveNode[]): void => {
    const weight = directiveArgs(directives, names.cost)?.weight;
    if (typeof weight === 'number') weights.set(coordinate, weight);
  };
  const readField = (type: string, field: FieldDefinitionNode | InputValueDefinitionNode): void => {
    const coordinate = `${type}.${field.name.value}`;
    readWeight(coordinate, field.directives);
    if (field.kind !== Kind.FIELD_DEFINITION) return;
    for (const arg of field.arguments ?? []) {
      readWeight(`${coordinate}(${arg.name.value}:)`, arg.directives);
    }
    const listSize = directiveArgs(field.directives, names.listSize);
    if (listSize) listSizes.set(coordinate, toListSize(listSize));
  };
  for (const def of document.definitions) {
    if (!isTypeDefinitionNode(def) && !isTypeExtensionNode(def)) continue;
    const type = def.name.value;
    readWeight(type, def.directives);
    if ('fields' in def) for (const field of def.fields ?? []) readField(type, field);
  }
  return { weights, listSizes };
}

function toListSize(args: Record<string, unknown>): ListSizeInfo {
  const strings = (value: unknown): string[] =>
    Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  return {
    assumedSize: typeof args.assumedSize === 'number' ? args.assumedSize : undefined,
    slicingArguments: strings(args.slicingArguments),
    sizedFields: strings(args.sizedFields),
    requireOneSlicingArgument: args.requireOneSlicingArgument !== false,
  };
}

function directiveArgs(
  directives: readonly ConstDirectiveNode[] | undefined,
  name: string,
): Record<string, unknown> | undefined {
  const node = directives?.find((d) => d.name.value === name);
  if (!node) return undefined;
  return Object.fromEntries(
    (node.arguments ?? []).map((arg) => [arg.name.value, valueFromASTUntyped(arg.value)]),
  );
}

/** The names `@cost` and `@listSize` go by in this document, from its `@link`s. */
function directiveNames(document: DocumentNode): { cost: string; listSize: string } {
  const names = { cost: 'cost', listSize: 'listSize' };
  for (const def of document.definitions) {
    if (def.kind !== Kind.SCHEMA_DEFINITION && def.kind !== Kind.SCHEMA_EXTENSION) continue;
    for (const link of def.directives ?? []) {
      const args = directiveArgs([link], link.name.value) ?? {};
      const spec = typeof args.url === 'string' ? COST_SPEC.exec(args.url)?.[1] : undefined;
      if (link.name.value !== 'link' || !spec) continue;
      const namespace = typeof args.as === 'string' ? args.as : spec;
      for (const directive of ['cost', 'listSize'] as const) {
        const qualified = directive === spec ? namespace : `${namespace}__${directive}`;
        names[directive] = importedName(args.import, directive) ?? qualified;
      }
    }
  }
  return names;
}

function importedName(imports: unknown, directive: string): string | undefined {
  if (!Array.isArray(imports)) return undefined;
  for (const entry of imports as unknown[]) {
    if (entry === `@${directive}`) return directive;
    if (typeof entry === 'object' && entry !== null && 'name' in entry) {
      const { name, as } = entry as { name: unknown; as?: unknown };
      if (name === `@${directive}`)
        return typeof as === 'string' ? as.replace(/^@/, '') : directive;
    }
  }
  return undefined;
}
