import type { GraphQLDataSource } from '@apollo/gateway';
import { GraphQLDataSourceRequestKind } from '@apollo/gateway/dist/datasources/types';
import type { VariableDefinitions } from '@apollo/federation-internals';
import { evaluateCondition, type FetchNode, type PlanNode } from '@apollo/query-planner';
import type { GatewayGraphQLRequestContext } from '@apollo/server-gateway-interface';
import { trace } from '@opentelemetry/api';
import type { GraphQLError } from 'graphql';
import { entityReads, errorsPerEntity, type EntityReads } from './entityReads';
import { applyRewrites, deepMerge, type SupergraphTypes } from './representations';
import { endedAsync } from './spans';
import { downstreamError, type Cursor, type ResponsePath } from './subgraphErrors';

type Json = Record<string, unknown>;

const tracer = trace.getTracer('gateway.native-executor');

/** Everything the plan's nodes share while one request runs. */
export interface PlanRun {
  readonly requestContext: GatewayGraphQLRequestContext;
  readonly dataSource: (subgraph: string) => GraphQLDataSource | undefined;
  readonly types: SupergraphTypes;
  readonly variableDefinitions: VariableDefinitions;
  /** Errors from subgraphs, with client paths, in the order they arrived. */
  readonly errors: GraphQLError[];
}

/** Runs one plan node; fetched data is merged into `cursor.data` in place. */
export async function executeNode(run: PlanRun, node: PlanNode, cursor: Cursor): Promise<void> {
  switch (node.kind) {
    case 'Sequence':
      for (const child of node.nodes) await executeNode(run, child, cursor);
      return;
    case 'Parallel':
      await Promise.all(node.nodes.map((child) => executeNode(run, child, cursor)));
      return;
    case 'Flatten': {
      const data = flattenAtPath(cursor.data, node.path, 0);
      if (data === undefined || data === null) return;
      const inner = { path: cursor.path.concat(node.path), data, fullResult: cursor.fullResult };
      await executeNode(run, node.node, inner);
      return;
    }
    case 'Fetch':
      try {
        await tracedFetch(run, node, cursor);
      } catch (error) {
        run.errors.push(error as GraphQLError);
      }
      return;
    case 'Condition': {
      const variables = run.requestContext.request.variables;
      const branch = evaluateCondition(node, run.variableDefinitions, variables)
        ? node.ifClause
        : node.elseClause;
      if (branch) await executeNode(run, branch, cursor);
      return;
    }
    case 'Defer':
      throw new Error('@defer support is not available in the gateway');
    default:
      throw new Error(`unknown plan node ${(node as { kind: string }).kind}`);
  }
}

/**
 * The values at `path` (`@` = every element of a list), lists of lists flattened: one
 * walk that pushes into one array, where a `flatMap` per `@` built an array per element.
 */
function flattenAtPath(value: unknown, path: ResponsePath, at: number): unknown {
  for (; at < path.length && value !== undefined && value !== null; at++) {
    const head = path[at];
    if (head === '@') {
      const out: unknown[] = [];
      for (const item of listAt(value)) pushAtPath(item, path, at + 1, out);
      return out;
    }
    value = field(value, head);
  }
  return value;
}

/** Pushes what `flatMap` would have for `value` at `path[at..]`: an array's elements, else it. */
function pushAtPath(value: unknown, path: ResponsePath, at: number, out: unknown[]): void {
  for (; at < path.length && value !== undefined && value !== null; at++) {
    const head = path[at];
    if (head === '@') {
      for (const item of listAt(value)) pushAtPath(item, path, at + 1, out);
      return;
    }
    value = field(value, head);
  }
  if (Array.isArray(value)) for (const item of value) out.push(item);
  else out.push(value);
}

function listAt(value: unknown): readonly unknown[] {
  if (!Array.isArray(value))
    throw new TypeError('Expected a list in the result for path element @');
  return value;
}

function field(value: unknown, head: string | number | undefined): unknown {
  if (typeof head !== 'string') throw new Error(`Unexpected ${typeof head} found in path`);
  if (Array.isArray(value)) throw new Error(`Unexpected array in result for path element ${head}`);
  const object = value as Json;
  return Object.prototype.hasOwnProperty.call(object, head) ? object[head] : undefined;
}

async function tracedFetch(run: PlanRun, fetch: FetchNode, cursor: Cursor): Promise<void> {
  return tracer.startActiveSpan(
    'gateway.fetch',
    { attributes: { service: fetch.serviceName } },
    (span) => endedAsync(span, () => executeFetch(run, fetch, cursor)),
  );
}

async function executeFetch(run: PlanRun, fetch: FetchNode, cursor: Cursor): Promise<void> {
  const service = run.dataSource(fetch.serviceName);
  if (!service) throw new Error(`Couldn't find service with name "${fetch.serviceName}"`);
  const entities = (
    Array.isArray(cursor.data) ? cursor.data.filter((item) => item != null) : [cursor.data]
  ) as Json[];
  if (entities.length < 1) return;
  const variables = usedVariables(run, fetch);
  if (!fetch.requires) {
    const data = await send(run, service, fetch, cursor, variables);
    if (data) applyRewrites(run.types, fetch.outputRewrites, data);
    for (const entity of entities) deepMerge(entity, data);
    return;
  }
  const reads = entityReads(run.types, entities, fetch);
  const { representations, owners } = reads;
  if (representations.length < 1) return;
  if ('representations' in variables) {
    throw new Error('Variables cannot contain key "representations"');
  }
  variables.representations = representations;
  const data = await send(run, service, fetch, cursor, variables, reads);
  if (!data) return;
  const received = data._entities;
  if (!Array.isArray(received)) {
    throw new Error('Expected "data._entities" in response to be an array');
  }
  if (received.length !== representations.length) {
    throw new Error(`Expected "data._entities" to contain ${representations.length} elements`);
  }
  for (let index = 0; index < owners.length; index++) {
    const entity = received[index] as Json | null;
    const same = owners[index]!;
    if (entity && !entity.__typename) entity.__typename = same[0]!.__typename;
    applyRewrites(run.types, fetch.outputRewrites, entity);
    for (const owner of same) deepMerge(owner, entity);
  }
}

function usedVariables(run: PlanRun, fetch: FetchNode): Json {
  const variables = Object.create(null) as Json;
  const provided = run.requestContext.request.variables;
  if (!fetch.variableUsages || !provided) return variables;
  for (const name of fetch.variableUsages) {
    if (Object.prototype.hasOwnProperty.call(provided, name) && provided[name] !== undefined) {
      variables[name] = provided[name];
    }
  }
  return variables;
}

/** Sends one fetch through the subgraph's data source; records its errors with client paths. */
async function send(
  run: PlanRun,
  service: GraphQLDataSource,
  fetch: FetchNode,
  cursor: Cursor,
  variables: Json,
  reads?: EntityReads,
): Promise<Json | null | undefined> {
  const { requestContext } = run;
  const response = await service.process({
    kind: GraphQLDataSourceRequestKind.INCOMING_OPERATION,
    request: { query: fetch.operation, variables, operationName: fetch.operationName },
    incomingRequestContext: requestContext,
    context: requestContext.context,
    document: fetch.operationDocumentNode,
    pathInIncomingRequest: cursor.path,
  });
  if (response.errors) {
    const hydrated: { paths?: ResponsePath[] } = {};
    const errors = reads?.deduplicated ? errorsPerEntity(response.errors, reads) : response.errors;
    for (const error of errors) {
      run.errors.push(downstreamError(error, fetch, cursor, hydrated));
    }
    if (!response.extensions?.ftv1) {
      const paths = errors.map((error) => ({
        subgraph: fetch.serviceName,
        path: error.path,
      }));
      const metrics = requestContext.metrics as { nonFtv1ErrorPaths?: unknown[] } | undefined;
      if (metrics) metrics.nonFtv1ErrorPaths = [...(metrics.nonFtv1ErrorPaths ?? []), ...paths];
    }
  }
  return response.data as Json | null | undefined;
}
