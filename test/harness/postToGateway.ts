import type { TestStack } from './startTestStack';
import type { GraphQLResponse } from './startTestSubgraphs';

/** A gateway answer with what `gatewayQuery` hides: the HTTP status and headers. */
export interface RawGatewayResponse<TData = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: GraphQLResponse<TData>;
}

/**
 * POSTs `body` (an object is sent as JSON, a string as is) to `${baseUrl}/graphql` with
 * exactly the headers given (no token unless `authorization` is among them).
 */
export async function postToGateway<TData = Record<string, unknown>>(
  baseUrl: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<RawGatewayResponse<TData>> {
  const response = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: GraphQLResponse<TData>;
  try {
    parsed = JSON.parse(text) as GraphQLResponse<TData>;
  } catch {
    parsed = { errors: [{ message: `not JSON: ${text.slice(0, 200)}` }] };
  }
  return { status: response.status, headers: response.headers, body: parsed };
}

/** `subgraph_db_queries_total` of every subgraph in the stack, by name. */
export async function statementCounts(stack: TestStack): Promise<Record<string, number>> {
  const names = Object.keys(stack.subgraphs);
  const counts = await Promise.all(names.map((name) => stack.statements(name)));
  return Object.fromEntries(names.map((name, i) => [name, counts[i] ?? -1]));
}
