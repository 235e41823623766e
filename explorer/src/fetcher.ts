import type { Fetcher, FetcherParams, FetcherOpts } from '@graphiql/toolkit';
import { getOperationAST, OperationTypeNode, parse, type ExecutionResult } from 'graphql';
import { createClient, type Client } from 'graphql-ws';

/**
 * Queries and mutations go over HTTP POST to `/graphql` (JSON, so the gateway's CSRF
 * rule is met); subscriptions over graphql-ws on the same path, the token from the
 * header editor's `authorization` sent as `connectionParams.authorization`. Nothing is
 * stored: the token lives in the editor only.
 */
export function gatewayFetcher(endpoint: string): Fetcher {
  let socket: { client: Client; authorization: string | undefined } | null = null;
  const clientFor = (authorization: string | undefined): Client => {
    if (socket && socket.authorization === authorization) return socket.client;
    void socket?.client.dispose();
    const url = new URL(endpoint, window.location.href);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    const client = createClient({
      url: url.href,
      connectionParams: authorization ? { authorization } : {},
      lazy: true,
    });
    socket = { client, authorization };
    return client;
  };
  return (params: FetcherParams, options?: FetcherOpts) => {
    const headers: Record<string, string> = { ...options?.headers };
    const authorization = headerValue(headers, 'authorization');
    for (const key of Object.keys(headers)) {
      if (key.toLowerCase() === 'authorization' && !authorization) delete headers[key];
    }
    if (isSubscription(params)) {
      const client = clientFor(authorization);
      // graphql-ws yields results as sent over the wire (formatted errors); GraphiQL only
      // renders them as JSON, which is what its ExecutionResult type stands for here.
      return client.iterate({
        query: params.query,
        variables: (params.variables ?? {}) as Record<string, unknown>,
        ...(params.operationName ? { operationName: params.operationName } : {}),
      }) as unknown as AsyncIterable<ExecutionResult>;
    }
    return fetch(endpoint, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(params),
    }).then(async (response) => {
      const text = await response.text();
      try {
        return JSON.parse(text) as Record<string, unknown>;
      } catch {
        return { errors: [{ message: `HTTP ${response.status}: ${text.slice(0, 200)}` }] };
      }
    });
  };
}

function headerValue(headers: Record<string, string>, name: string): string | undefined {
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  const value = key ? headers[key]?.trim() : undefined;
  // The editor's placeholder ("Bearer " with nothing after it) is no token at all.
  return value && !/^Bearer\s*$/i.test(value) ? value : undefined;
}

function isSubscription(params: FetcherParams): boolean {
  try {
    const operation = getOperationAST(parse(params.query), params.operationName ?? undefined);
    return operation?.operation === OperationTypeNode.SUBSCRIPTION;
  } catch {
    return false;
  }
}
