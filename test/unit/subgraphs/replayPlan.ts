import type {
  FetchNode,
  PlanNode,
  QueryPlanSelectionNode,
  SubscriptionNode,
} from '@apollo/query-planner';

type Json = Record<string, unknown>;

/** One subgraph fetch of a replayed plan, as the subgraph answered it. */
export interface ReplayedFetch {
  subgraph: string;
  /** The `__typename`s of the representations sent; empty for a root fetch. */
  entityTypes: string[];
  cacheControl: string | null;
  extensions: Json;
  errors: unknown[];
  data: Json | null;
}

/** Sends one operation to a subgraph and returns the answer with its `Cache-Control`. */
export type SubgraphPost = (
  subgraph: string,
  query: string,
  variables: Json,
) => Promise<{ cacheControl: string | null; body: Json }>;

/**
 * Runs a query plan's subgraph fetches in plan order, as `@apollo/gateway` would
 * (representations projected from earlier answers, answers merged back), and returns
 * every fetch as its subgraph answered it, so a test can look at each one's
 * `Cache-Control` and `extensions`. Handles Sequence, Parallel, Fetch and Flatten.
 */
export async function replayPlan(
  node: PlanNode | SubscriptionNode,
  variables: Json,
  post: SubgraphPost,
): Promise<ReplayedFetch[]> {
  const fetches: ReplayedFetch[] = [];
  await run(node, {}, variables, post, fetches);
  return fetches;
}

async function run(
  node: PlanNode | SubscriptionNode,
  data: Json,
  variables: Json,
  post: SubgraphPost,
  out: ReplayedFetch[],
): Promise<void> {
  switch (node.kind) {
    case 'Sequence':
      for (const child of node.nodes) await run(child, data, variables, post, out);
      return;
    case 'Parallel':
      await Promise.all(node.nodes.map((child) => run(child, data, variables, post, out)));
      return;
    case 'Fetch':
      merge(data, await send(node, used(node, variables), [], post, out));
      return;
    case 'Flatten': {
      const fetch = node.node;
      if (fetch.kind !== 'Fetch') throw new Error(`unsupported node ${fetch.kind}`);
      const targets = collect(data, node.path.map(String));
      const reps = targets.map((target) => project(target, fetch.requires ?? []));
      const sent = reps.flatMap((rep) => (rep ? [rep] : []));
      if (sent.length === 0) return;
      const answer = await send(
        fetch,
        { ...used(fetch, variables), representations: sent },
        sent.map((rep) => String(rep['__typename'])),
        post,
        out,
      );
      const entities = (answer['_entities'] ?? []) as (Json | null)[];
      let next = 0;
      reps.forEach((rep, i) => {
        if (!rep) return;
        const entity = entities[next++];
        if (entity) merge(targets[i]!, entity);
      });
      return;
    }
    case 'Condition':
    case 'Defer':
    case 'Subscription':
      // CustomerContext plans none of these; a test replaying a plan that does must add them.
      throw new Error(`unsupported plan node ${node.kind}`);
  }
}

async function send(
  fetch: FetchNode,
  variables: Json,
  entityTypes: string[],
  post: SubgraphPost,
  out: ReplayedFetch[],
): Promise<Json> {
  const { cacheControl, body } = await post(fetch.serviceName, fetch.operation, variables);
  const data = (body['data'] ?? null) as Json | null;
  out.push({
    subgraph: fetch.serviceName,
    entityTypes: [...new Set(entityTypes)].sort(),
    cacheControl,
    extensions: (body['extensions'] ?? {}) as Json,
    errors: (body['errors'] ?? []) as unknown[],
    data,
  });
  return data ?? {};
}

function used(fetch: FetchNode, variables: Json): Json {
  return Object.fromEntries((fetch.variableUsages ?? []).map((name) => [name, variables[name]]));
}

/** The objects at `path` (`@` walks a list). */
function collect(value: unknown, path: string[]): Json[] {
  if (value === null || value === undefined) return [];
  if (Array.isArray(value)) return value.flatMap((item) => collect(item, path));
  if (path.length === 0) return [value as Json];
  const [head, ...rest] = path;
  return head === '@' ? collect(value, rest) : collect((value as Json)[head!], rest);
}

/** The representation of `object` for a fetch's `requires`; undefined when no type matches. */
function project(object: Json, selections: readonly QueryPlanSelectionNode[]): Json | undefined {
  let out: Json | undefined;
  for (const selection of selections) {
    if (selection.kind === 'InlineFragment') {
      if (selection.typeCondition && selection.typeCondition !== object['__typename']) continue;
      out = { ...out, ...fields(object, selection.selections) };
    } else out = { ...out, ...fields(object, [selection]) };
  }
  return out;
}

function fields(object: Json, selections: readonly QueryPlanSelectionNode[]): Json {
  const out: Json = {};
  for (const selection of selections) {
    if (selection.kind === 'InlineFragment') {
      Object.assign(out, project(object, [selection]));
      continue;
    }
    const value = object[selection.alias ?? selection.name];
    const nested = selection.selections;
    out[selection.alias ?? selection.name] =
      nested && value !== null && value !== undefined
        ? Array.isArray(value)
          ? value.map((item: Json) => fields(item, nested))
          : fields(value as Json, nested)
        : value;
  }
  return out;
}

function merge(target: Json, source: Json): void {
  for (const [key, value] of Object.entries(source)) {
    const existing = target[key];
    if (Array.isArray(existing) && Array.isArray(value)) {
      value.forEach((item: unknown, i) => {
        const current: unknown = existing[i];
        if (isObject(item) && isObject(current)) merge(current, item);
        else existing[i] = item;
      });
    } else if (isObject(existing) && isObject(value)) merge(existing, value);
    else target[key] = value;
  }
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
