import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import type {
  FetchNode,
  PlanNode,
  QueryPlan,
  QueryPlanSelectionNode,
  SubscriptionNode,
} from '@apollo/query-planner';
import { Agent, request } from 'undici';
import { signRequest } from '../lib/signedClaims';
import { BENCH_AGENT } from './benchAgent';
import { queryPlansFor } from './queryPlans';
import { WORKLOADS } from './workloads';

/**
 * The bench's `limit` contender: what a gateway that added nothing would cost. For an
 * incoming `{ operationName, variables }` it sends exactly the subgraph fetches of the
 * plan `@apollo/gateway` makes for that operation (built once at start, same planner),
 * step by step, parallel where the plan is, each with signed claims over keep-alive
 * connections, and answers with the fetched data merged as it came. No parsing,
 * validation, auth, limits, result shaping or logging. Env: PORT, SUPERGRAPH_FILE,
 * SUBGRAPH_HMAC_SECRET, SUBGRAPH_URL_<NAME>.
 */
type Json = Record<string, unknown>;

const secret = process.env.SUBGRAPH_HMAC_SECRET ?? '';
const dispatcher = new Agent({ keepAliveTimeout: 30_000, connections: 64 });
const sdl = readFileSync(process.env.SUPERGRAPH_FILE ?? 'schema/supergraph.graphql', 'utf8');
// Planned on first use: the domain's workloads and (g) are served from different supergraphs.
const plans = new Map<string, QueryPlan | undefined>();

function planFor(operationName: string): QueryPlan | undefined {
  if (!plans.has(operationName)) {
    const workload = Object.values(WORKLOADS).find((w) => w.operationName === operationName);
    plans.set(
      operationName,
      workload && queryPlansFor(sdl, { [operationName]: workload.query })[operationName],
    );
  }
  return plans.get(operationName);
}

function urlOf(service: string): string {
  const url = process.env[`SUBGRAPH_URL_${service.toUpperCase().replace(/[^A-Z0-9_]/g, '_')}`];
  if (!url) throw new Error(`SUBGRAPH_URL_ for ${service} is not set`);
  return url;
}

async function fetchSubgraph(fetch: FetchNode, variables: Json, errors: unknown[]): Promise<Json> {
  const url = urlOf(fetch.serviceName);
  const sent = JSON.stringify({
    query: fetch.operation,
    operationName: fetch.operationName,
    variables,
  });
  const { body } = await request(url, {
    method: 'POST',
    dispatcher,
    headers: {
      'content-type': 'application/json',
      ...signRequest(BENCH_AGENT, secret, { subgraph: fetch.serviceName, body: sent }),
    },
    body: sent,
  });
  const result = (await body.json()) as { data?: Json; errors?: unknown[] };
  if (result.errors) errors.push(...result.errors);
  return result.data ?? {};
}

function usedVariables(fetch: FetchNode, variables: Json): Json {
  return Object.fromEntries((fetch.variableUsages ?? []).map((name) => [name, variables[name]]));
}

async function run(
  node: PlanNode | SubscriptionNode,
  data: Json,
  variables: Json,
  errors: unknown[],
): Promise<void> {
  switch (node.kind) {
    case 'Sequence':
      for (const child of node.nodes) await run(child, data, variables, errors);
      return;
    case 'Parallel':
      await Promise.all(node.nodes.map((child) => run(child, data, variables, errors)));
      return;
    case 'Fetch':
      merge(data, await fetchSubgraph(node, usedVariables(node, variables), errors));
      return;
    case 'Flatten': {
      if (node.node.kind !== 'Fetch')
        throw new Error(`unsupported node under Flatten: ${node.node.kind}`);
      await entityFetch(node.node, collect(data, node.path.map(String)), variables, errors);
      return;
    }
    case 'Condition':
    case 'Defer':
    case 'Subscription':
      // The measured workloads plan none of these; a new workload that does must add them.
      throw new Error(`plan node ${node.kind} is not replayed by the limit contender`);
  }
}

async function entityFetch(
  fetch: FetchNode,
  targets: Json[],
  variables: Json,
  errors: unknown[],
): Promise<void> {
  const representations: Json[] = [];
  const index = new Map<string, number>();
  const owners: Json[][] = [];
  for (const target of targets) {
    const representation = project(target, fetch.requires ?? []);
    if (!representation) continue;
    const key = JSON.stringify(representation);
    let i = index.get(key);
    if (i === undefined) {
      i = representations.push(representation) - 1;
      index.set(key, i);
      owners.push([]);
    }
    owners[i]!.push(target);
  }
  if (representations.length === 0) return;
  const data = await fetchSubgraph(
    fetch,
    { ...usedVariables(fetch, variables), representations },
    errors,
  );
  const entities = (data._entities ?? []) as (Json | null)[];
  entities.forEach((entity, i) => {
    if (entity) for (const owner of owners[i] ?? []) merge(owner, entity);
  });
}

/** The objects at `path` (`@` walks a list). */
function collect(value: unknown, path: string[]): Json[] {
  if (value === null || value === undefined) return [];
  if (path.length === 0)
    return Array.isArray(value) ? value.flatMap((v) => collect(v, [])) : [value as Json];
  const [head, ...rest] = path;
  if (head === '@') return Array.isArray(value) ? value.flatMap((v) => collect(v, rest)) : [];
  return collect((value as Json)[head!], rest);
}

/** The representation of `object` for a fetch's `requires`, or undefined when no type matches. */
function project(object: Json, selections: readonly QueryPlanSelectionNode[]): Json | undefined {
  let out: Json | undefined;
  for (const selection of selections) {
    if (selection.kind === 'InlineFragment') {
      if (selection.typeCondition && selection.typeCondition !== object.__typename) continue;
      out = { ...out, ...projectFields(object, selection.selections) };
    } else {
      out = { ...out, ...projectFields(object, [selection]) };
    }
  }
  return out;
}

function projectFields(object: Json, selections: readonly QueryPlanSelectionNode[]): Json {
  const out: Json = {};
  for (const selection of selections) {
    if (selection.kind === 'InlineFragment') {
      Object.assign(out, project(object, [selection]));
      continue;
    }
    const name = selection.alias ?? selection.name;
    const value = object[name];
    const nested = selection.selections;
    out[name] =
      nested && value !== null && value !== undefined
        ? Array.isArray(value)
          ? value.map((v: Json) => projectFields(v, nested))
          : projectFields(value as Json, nested)
        : value;
  }
  return out;
}

function merge(target: Json, source: Json): void {
  for (const [key, value] of Object.entries(source)) {
    const existing = target[key];
    if (Array.isArray(existing) && Array.isArray(value)) {
      (value as unknown[]).forEach((item, i) => {
        if (item && typeof item === 'object' && existing[i] && typeof existing[i] === 'object') {
          merge(existing[i] as Json, item as Json);
        } else existing[i] = item;
      });
    } else if (existing && value && typeof existing === 'object' && typeof value === 'object') {
      merge(existing as Json, value as Json);
    } else target[key] = value;
  }
}

async function readJson(req: IncomingMessage): Promise<Json> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as Json;
}

const server = createServer((req, res) => {
  void (async () => {
    try {
      const body = await readJson(req);
      const plan = planFor(String(body.operationName));
      if (!plan?.node) throw new Error(`no plan for operation ${String(body.operationName)}`);
      const data: Json = {};
      const errors: unknown[] = [];
      await run(plan.node, data, (body.variables ?? {}) as Json, errors);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(errors.length > 0 ? { data, errors } : { data }));
    } catch (error) {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ errors: [{ message: String(error) }] }));
    }
  })();
});
server.keepAliveTimeout = 30_000;
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const address = server.address();
  console.log(
    `limit server at http://127.0.0.1:${typeof address === 'object' && address ? address.port : '?'}/`,
  );
});
