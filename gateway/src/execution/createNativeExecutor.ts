import type { GraphQLDataSource } from '@apollo/gateway';
import {
  ERRORS,
  Supergraph,
  operationFromDocument,
  type FieldSelection,
  type Operation,
} from '@apollo/federation-internals';
import { QueryPlanner, type QueryPlan } from '@apollo/query-planner';
import type {
  GatewayExecutionResult,
  GatewayExecutor,
  GatewayGraphQLRequestContext,
} from '@apollo/server-gateway-interface';
import { trace } from '@opentelemetry/api';
import {
  GraphQLError,
  Kind,
  OperationTypeNode,
  executeSync,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { getVariableValues } from 'graphql/execution/values';
import { compileShape, type CompiledShape } from './compileShape';
import { executeNode, type PlanRun } from './executePlan';
import { SupergraphTypes } from './representations';
import { ended, endedAsync } from './spans';
import { shapeResponse } from './shapeResponse';
import { PlanCache } from './planCache';

/** Options for {@link createNativeExecutor}. */
export interface NativeExecutorOptions {
  /** The supergraph SDL the gateway serves (security links already stripped). Required. */
  supergraphSdl: string;
  /** The data source of a subgraph by name (the gateway's, so batching and signing apply). */
  dataSource: (subgraph: string) => GraphQLDataSource | undefined;
  /** Plans (with their compiled shaping) kept, least recently used dropped. Default 1000. */
  maxPlans?: number;
  /**
   * A plan already made for this request elsewhere (Apollo's gateway running beside this
   * one for comparison); `undefined` plans here. Default: always plan here.
   */
  knownPlan?: (context: GatewayGraphQLRequestContext) => QueryPlan | undefined;
  /** Validate the supergraph while building it. Default: outside production, as Apollo does. */
  validateSupergraph?: boolean;
  /**
   * A planner already built over this very supergraph (`@apollo/gateway` builds one on
   * every load): plans are made with it, and neither the supergraph nor a planner is
   * built again. Default: both are built here from `supergraphSdl`.
   */
  planner?: QueryPlanner;
}

/** One operation's plan, and its response shaping compiled once. */
interface PreparedOperation {
  readonly plan: QueryPlan;
  readonly shape: CompiledShape;
  readonly operation: Operation;
}

/** A native executor of one supergraph version. */
export interface NativeExecutor {
  readonly executor: GatewayExecutor;
  /** Number of prepared operations cached. */
  readonly cachedPlans: () => number;
  /** The planner its plans come from. */
  readonly planner: QueryPlanner;
}

const tracer = trace.getTracer('gateway.native-executor');

/**
 * Executes the query plans of `@apollo/query-planner` with our own code: entity
 * representations from the plan's `requires`, subgraph answers merged in place, and the
 * response shaping compiled once per operation and cached with its plan. Apollo's planner
 * stays; `@apollo/gateway`'s executor is only replaced.
 */
export function createNativeExecutor(options: NativeExecutorOptions): NativeExecutor {
  const planner =
    options.planner ??
    new QueryPlanner(
      Supergraph.build(options.supergraphSdl, {
        validateSupergraph: options.validateSupergraph ?? process.env.NODE_ENV !== 'production',
      }),
    );
  const { supergraph } = planner;
  const apiSchema = supergraph.apiSchema();
  const types = new SupergraphTypes(supergraph.schema.toGraphQLJSSchema());
  const cache = new PlanCache<PreparedOperation>(options.maxPlans ?? 1000);
  const prepare = (
    context: GatewayGraphQLRequestContext,
    operation: OperationDefinitionNode,
    fragments: FragmentDefinitionNode[],
  ): PreparedOperation | GraphQLError => {
    const key = `${context.queryHash}\0${context.request.operationName ?? ''}`;
    const known = cache.get(key);
    if (known) return known;
    const plan =
      options.knownPlan?.(context) ??
      tracer.startActiveSpan('gateway.plan', (span) =>
        ended(span, () =>
          planner.buildQueryPlan(
            operationFromDocument(apiSchema, context.document, {
              operationName: context.request.operationName,
            }),
          ),
        ),
      );
    // As Apollo: a plan that cannot be made throws; an operation that cannot be shaped
    // is answered with its error.
    let shaped: Operation;
    try {
      shaped = operationFromDocument(
        apiSchema,
        { kind: Kind.DOCUMENT, definitions: [operation, ...fragments] },
        { validate: false },
      );
    } catch (error) {
      if (error instanceof GraphQLError) return error;
      throw error;
    }
    const prepared = { plan, shape: compileShape(shaped), operation: shaped };
    cache.set(key, prepared);
    return prepared;
  };
  const executor: GatewayExecutor = (context) =>
    tracer.startActiveSpan('gateway.request', (span) =>
      endedAsync(span, () => execute(context, prepare, types, options.dataSource)),
    );
  return { executor, cachedPlans: () => cache.size, planner };
}

async function execute(
  context: GatewayGraphQLRequestContext,
  prepare: (
    context: GatewayGraphQLRequestContext,
    operation: OperationDefinitionNode,
    fragments: FragmentDefinitionNode[],
  ) => PreparedOperation | GraphQLError,
  types: SupergraphTypes,
  dataSource: NativeExecutorOptions['dataSource'],
): Promise<GatewayExecutionResult> {
  const { operation, fragments } = operationOf(context.document, context.request.operationName);
  if (operation.variableDefinitions?.length) {
    const { errors } = getVariableValues(
      context.schema,
      operation.variableDefinitions,
      context.request.variables ?? {},
    );
    if (errors) return { errors };
  }
  const prepared = prepare(context, operation, fragments);
  if (prepared instanceof GraphQLError) return { errors: [prepared] };
  if (prepared.plan.node?.kind === 'Subscription') {
    throw new Error('Execution of subscriptions not supported by gateway');
  }
  const root = Object.create(null) as Record<string, unknown>;
  const run: PlanRun = {
    requestContext: context,
    dataSource,
    types,
    variableDefinitions: prepared.operation.variableDefinitions,
    errors: [],
  };
  const node = prepared.plan.node;
  if (node) {
    await tracer.startActiveSpan('gateway.execute', (span) =>
      endedAsync(span, () => executeNode(run, node, { path: [], data: root, fullResult: root })),
    );
  }
  return finish(context, prepared, root, run.errors, operation);
}

function finish(
  context: GatewayGraphQLRequestContext,
  prepared: PreparedOperation,
  root: Record<string, unknown>,
  errors: GraphQLError[],
  operation: OperationDefinitionNode,
): GatewayExecutionResult {
  const variables = context.request.variables;
  let shaped: ReturnType<typeof shapeResponse>;
  try {
    shaped = shapeResponse(prepared.shape, root, variables, (field) =>
      introspect(context.schema, field, operation, variables),
    );
  } catch (error) {
    if (error instanceof GraphQLError) return { errors: [error] };
    if (error instanceof Error)
      return { errors: [new GraphQLError(error.message, { originalError: error })] };
    return { errors: [new GraphQLError('Unexpected error during query plan execution')] };
  }
  if (errors.length === 0 && shaped.errors.length > 0) {
    return { extensions: { valueCompletion: shaped.errors }, data: shaped.data };
  }
  return errors.length === 0 ? { data: shaped.data } : { errors, data: shaped.data };
}

/** `__schema` / `__type`, answered by graphql-js on the API schema. */
function introspect(
  schema: GraphQLSchema,
  field: FieldSelection,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> | undefined,
): unknown {
  const selection = field.expandFragments().toSelectionNode();
  const document: DocumentNode = {
    kind: Kind.DOCUMENT,
    definitions: [
      {
        kind: Kind.OPERATION_DEFINITION,
        operation: OperationTypeNode.QUERY,
        variableDefinitions: operation.variableDefinitions,
        selectionSet: { kind: Kind.SELECTION_SET, selections: [selection] },
      },
    ],
  };
  const { data, errors } = executeSync({
    schema,
    document,
    rootValue: {},
    variableValues: variables,
  });
  if (errors?.length || !data)
    throw new Error(`Introspection query failed: ${JSON.stringify(errors)}`);
  return data[selection.alias?.value ?? selection.name.value];
}

/** The operation to run and the document's fragments, as `@apollo/gateway` picks them. */
function operationOf(
  document: DocumentNode,
  operationName: string | undefined,
): { operation: OperationDefinitionNode; fragments: FragmentDefinitionNode[] } {
  let operation: OperationDefinitionNode | undefined;
  let count = 0;
  const fragments: FragmentDefinitionNode[] = [];
  for (const definition of document.definitions) {
    if (definition.kind === Kind.OPERATION_DEFINITION) {
      count++;
      if (!operationName && count > 1) {
        throw ERRORS.INVALID_GRAPHQL.err(
          'Must provide operation name if query contains multiple operations.',
        );
      }
      if (!operationName || definition.name?.value === operationName) operation = definition;
    } else if (definition.kind === Kind.FRAGMENT_DEFINITION) {
      fragments.push(definition);
    }
  }
  if (!operation) {
    throw ERRORS.INVALID_GRAPHQL.err(
      operationName ? `Unknown operation named "${operationName}".` : 'Must provide an operation.',
    );
  }
  return { operation, fragments };
}
