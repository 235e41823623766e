import {
  Kind,
  OperationTypeNode,
  getArgumentValues,
  getDirectiveValues,
  getNamedType,
  getNullableType,
  getOperationAST,
  isCompositeType,
  isListType,
  isObjectType,
  isInterfaceType,
  isInputObjectType,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLSchema,
  type SelectionNode,
  type SelectionSetNode,
} from 'graphql';
import type { CostInfo } from './readCostDirectives';
import { argumentsCost, listSize } from './listSize';

/** Options for {@link estimateCost}. */
export interface EstimateCostOptions {
  /** Size assumed for a list field without `@listSize` or slicing argument. Default 10. */
  defaultListSize?: number;
  /** Operation to estimate when the document has several. Default the only one. */
  operationName?: string | null;
  /** Counts the selections the estimate visits (tests assert it grows linearly). */
  work?: { selections: number };
}

/** Thrown when the operation breaks a `@listSize(requireOneSlicingArgument: true)`. */
export class CostEstimateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CostEstimateError';
  }
}

/** What every field estimate needs. */
interface Estimator {
  schema: GraphQLSchema;
  costInfo: CostInfo;
  variables: Record<string, unknown>;
  fragments: ReadonlyMap<string, FragmentDefinitionNode>;
  defaultListSize: number;
  /** Fragments being expanded, to stop on cycles (which validation rejects anyway). */
  expanding: Set<string>;
  /**
   * Cost of each named fragment by the list sizes its parent passed down: a fragment's
   * cost depends on nothing else, so every further spread of it is free (linear time).
   */
  fragmentCosts: Map<string, number>;
  work: { selections: number } | undefined;
}

/** Extra cost of a mutation, as in Apollo's demand control. */
const MUTATION_COST = 10;

/**
 * Estimates an operation's cost the way IBM's cost spec and Apollo's demand control do:
 * a field costs its `@cost` weight, else its type's (`@cost` on the type, else 1 for
 * objects, interfaces and unions and 0 for scalars and enums), plus its selections;
 * a list multiplies that by its size (`@listSize` slicing argument, `assumedSize`, or the
 * default); arguments with `@cost` add their weight when given. Mutations add 10.
 * Fragments on abstract types are all counted (an upper bound). Throws
 * {@link CostEstimateError} when a required slicing argument is missing or doubled.
 */
export function estimateCost(
  document: DocumentNode,
  schema: GraphQLSchema,
  costInfo: CostInfo,
  variables: Record<string, unknown> = {},
  options: EstimateCostOptions = {},
): number {
  const operation = getOperationAST(document, options.operationName);
  const root = operation ? schema.getRootType(operation.operation) : undefined;
  if (!operation || !root) return 0;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions) {
    if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
  }
  const estimator: Estimator = {
    schema,
    costInfo,
    variables,
    fragments,
    defaultListSize: options.defaultListSize ?? 10,
    expanding: new Set(),
    fragmentCosts: new Map(),
    work: options.work,
  };
  const base = operation.operation === OperationTypeNode.MUTATION ? MUTATION_COST : 0;
  return base + selectionSetCost(estimator, root, operation.selectionSet, new Map());
}

function selectionSetCost(
  estimator: Estimator,
  parent: GraphQLNamedType,
  set: SelectionSetNode,
  sizedFields: ReadonlyMap<string, number>,
): number {
  let cost = 0;
  for (const selection of set.selections) {
    if (estimator.work) estimator.work.selections += 1;
    if (!included(estimator, selection)) continue;
    if (selection.kind === Kind.FIELD) {
      cost += fieldCost(estimator, parent, selection, sizedFields.get(selection.name.value));
      continue;
    }
    if (selection.kind === Kind.FRAGMENT_SPREAD) {
      cost += spreadCost(estimator, parent, selection.name.value, sizedFields);
      continue;
    }
    const condition = selection.typeCondition?.name.value;
    const type = condition ? (estimator.schema.getType(condition) ?? parent) : parent;
    cost += selectionSetCost(estimator, type, selection.selectionSet, sizedFields);
  }
  return cost;
}

function spreadCost(
  estimator: Estimator,
  parent: GraphQLNamedType,
  name: string,
  sizedFields: ReadonlyMap<string, number>,
): number {
  const fragment = estimator.fragments.get(name);
  if (!fragment || estimator.expanding.has(name)) return 0;
  const key = JSON.stringify([name, [...sizedFields]]);
  const known = estimator.fragmentCosts.get(key);
  if (known !== undefined) return known;
  const type = estimator.schema.getType(fragment.typeCondition.name.value) ?? parent;
  estimator.expanding.add(name);
  const cost = selectionSetCost(estimator, type, fragment.selectionSet, sizedFields);
  estimator.expanding.delete(name);
  estimator.fragmentCosts.set(key, cost);
  return cost;
}

function fieldCost(
  estimator: Estimator,
  parent: GraphQLNamedType,
  node: FieldNode,
  sizeFromParent: number | undefined,
): number {
  if (!isObjectType(parent) && !isInterfaceType(parent)) return 0;
  const field: GraphQLField<unknown, unknown> | undefined = parent.getFields()[node.name.value];
  if (!field) return 0;
  const { weights, listSizes } = estimator.costInfo;
  const coordinate = `${parent.name}.${field.name}`;
  const named = getNamedType(field.type);
  const args = needsArguments(estimator.costInfo, coordinate, field)
    ? safeArgumentValues(field, node, estimator.variables)
    : NO_ARGUMENTS;
  const sizing = listSize(listSizes.get(coordinate), args, coordinate, CostEstimateError);
  const typeWeight =
    weights.get(coordinate) ?? weights.get(named.name) ?? (isCompositeType(named) ? 1 : 0);
  const { size } = sizing;
  const childSizes = new Map(size === undefined ? [] : sizing.sizedFields.map((n) => [n, size]));
  const selections = node.selectionSet
    ? selectionSetCost(estimator, named, node.selectionSet, childSizes)
    : 0;
  const isList = isListType(getNullableType(field.type));
  const count = isList
    ? (sizeFromParent ??
      (sizing.sizedFields.length === 0 ? sizing.size : undefined) ??
      estimator.defaultListSize)
    : 1;
  return count * (typeWeight + selections) + argumentsCost(weights, coordinate, field, args);
}

const NO_ARGUMENTS: Record<string, unknown> = Object.freeze({});

/** Per field of a schema, per cost table: whether the field's estimate reads its arguments. */
const argumentNeeds = new WeakMap<GraphQLField<unknown, unknown>, WeakMap<CostInfo, boolean>>();

/**
 * Whether the estimate of `field` depends on its arguments: it has `@listSize`, or a
 * weight on an argument or on a field of an input type it takes. Argument values of
 * the other fields are never computed (most fields of most operations).
 */
function needsArguments(
  costInfo: CostInfo,
  coordinate: string,
  field: GraphQLField<unknown, unknown>,
): boolean {
  let byTable = argumentNeeds.get(field);
  if (!byTable) {
    byTable = new WeakMap();
    argumentNeeds.set(field, byTable);
  }
  let known = byTable.get(costInfo);
  if (known === undefined) {
    known =
      field.args.length > 0 &&
      (costInfo.listSizes.has(coordinate) ||
        field.args.some(
          (arg) =>
            costInfo.weights.has(`${coordinate}(${arg.name}:)`) ||
            inputHasWeights(costInfo.weights, arg.type, new Set()),
        ));
    byTable.set(costInfo, known);
  }
  return known;
}

/** Whether an input type (or one inside it) has a weighted field. */
function inputHasWeights(
  weights: ReadonlyMap<string, number>,
  type: GraphQLInputType,
  seen: Set<string>,
): boolean {
  const named = getNamedType(type);
  if (!isInputObjectType(named) || seen.has(named.name)) return false;
  seen.add(named.name);
  return Object.values(named.getFields()).some(
    (inner) =>
      weights.has(`${named.name}.${inner.name}`) || inputHasWeights(weights, inner.type, seen),
  );
}

function safeArgumentValues(
  field: GraphQLField<unknown, unknown>,
  node: FieldNode,
  variables: Record<string, unknown>,
): Record<string, unknown> {
  try {
    return getArgumentValues(field, node, variables);
  } catch {
    // Bad argument values are reported by execution; the estimate just ignores them.
    return {};
  }
}

function included(estimator: Estimator, selection: SelectionNode): boolean {
  try {
    const skip = getDirectiveValues(GraphQLSkipDirective, selection, estimator.variables);
    const include = getDirectiveValues(GraphQLIncludeDirective, selection, estimator.variables);
    return skip?.if !== true && include?.if !== false;
  } catch {
    return true;
  }
}

/** One estimate remembered for a document: what it was computed under, and from. */
interface RememberedEstimate {
  schema: GraphQLSchema;
  costInfo: CostInfo;
  defaultListSize: number | undefined;
  operationName: string | null | undefined;
  /** The variables the estimate read, and their values then (see `readValues`). */
  names: readonly string[];
  values: string;
  cost: number;
}

/** Most estimates remembered per document (distinct values of the variables it reads). */
const REMEMBERED_PER_DOCUMENT = 16;
const remembered = new WeakMap<DocumentNode, RememberedEstimate[]>();

/** The values of `names` in `variables`, telling an absent variable from a null one. */
function readValues(variables: Record<string, unknown>, names: readonly string[]): string {
  return JSON.stringify(
    names.map((name) => (Object.hasOwn(variables, name) ? [variables[name]] : [])),
  );
}

/**
 * {@link estimateCost}, remembered per parsed document (Apollo's document cache hands the
 * same object to every request with the same text): an estimate is a function of the
 * document, schema, cost table and the values of the variables it read (slicing
 * arguments, weighted arguments, `@skip`/`@include`), so a request whose values of those
 * are the same gets the remembered figure. A variable such as a phone number that no
 * estimate reads never splits the memo. Errors are never remembered.
 */
export function estimateCostRemembered(
  document: DocumentNode,
  schema: GraphQLSchema,
  costInfo: CostInfo,
  variables: Record<string, unknown> = {},
  options: EstimateCostOptions = {},
): number {
  const known = remembered.get(document) ?? [];
  for (const entry of known) {
    if (
      entry.schema === schema &&
      entry.costInfo === costInfo &&
      entry.defaultListSize === options.defaultListSize &&
      entry.operationName === options.operationName &&
      entry.values === readValues(variables, entry.names)
    ) {
      return entry.cost;
    }
  }
  const read = new Set<string>();
  let readAll = false;
  const watched = new Proxy(variables, {
    get(target, key, receiver) {
      if (typeof key === 'string') read.add(key);
      return Reflect.get(target, key, receiver) as unknown;
    },
    has(target, key) {
      if (typeof key === 'string') read.add(key);
      return Reflect.has(target, key);
    },
    getOwnPropertyDescriptor(target, key) {
      if (typeof key === 'string') read.add(key);
      return Reflect.getOwnPropertyDescriptor(target, key);
    },
    ownKeys(target) {
      readAll = true;
      return Reflect.ownKeys(target);
    },
  });
  const cost = estimateCost(document, schema, costInfo, watched, options);
  const names = readAll ? Object.keys(variables).sort() : [...read].sort();
  known.unshift({
    schema,
    costInfo,
    defaultListSize: options.defaultListSize,
    operationName: options.operationName,
    names,
    values: readValues(variables, names),
    cost,
  });
  if (known.length > REMEMBERED_PER_DOCUMENT) known.length = REMEMBERED_PER_DOCUMENT;
  remembered.set(document, known);
  return cost;
}
