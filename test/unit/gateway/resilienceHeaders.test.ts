import { ApolloServer, HeaderMap } from '@apollo/server';
import { propagateHeaders } from '../../../gateway/src/datasources/propagateHeaders';
import {
  gatewayPluginRequestId,
  isValidTraceparent,
  requestIdFrom,
  traceparentFrom,
  type RequestIdContext,
} from '../../../gateway/src/plugins/requestIdPlugin';
import {
  OPERATION_KIND_HEADER,
  isQueryRequest,
  isQueryRequestBody,
} from '../../../gateway/src/resilience/operationKind';
import {
  DEFAULT_SUBGRAPH_CALL_OPTIONS,
  resolveSubgraphCallOptions,
} from '../../../gateway/src/resilience/subgraphCallOptions';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const TRACE = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

describe('propagateHeaders', () => {
  it('forwards only allow-listed headers, matching names in any case', () => {
    const incoming = new HeaderMap([
      ['accept-language', 'de'],
      ['x-client-name', 'web'],
      ['authorization', 'Bearer secret'],
    ]);
    expect(
      propagateHeaders(incoming, { allow: ['Accept-Language', 'X-Client-Name', 'x-absent'] }),
    ).toEqual({
      'accept-language': 'de',
      'x-client-name': 'web',
    });
  });

  it('reads Node header records and never forwards hop-by-hop headers', () => {
    const incoming = { 'X-Tenant': ['a', 'b'], connection: 'keep-alive', host: 'gw' };
    expect(propagateHeaders(incoming, { allow: ['x-tenant', 'connection', 'host'] })).toEqual({
      'x-tenant': 'a, b',
    });
  });

  it("never forwards a client's conditional headers, even when allow-listed: re-reads are the gateway's own", () => {
    const incoming = {
      'if-none-match': '"forged"',
      'if-modified-since': 'Sat, 28 Nov 2026 07:00:00 GMT',
      'x-cc-want-validator': '1',
      'x-tenant': 't',
    };
    expect(
      propagateHeaders(incoming, {
        allow: ['if-none-match', 'if-modified-since', 'x-cc-want-validator', 'x-tenant'],
      }),
    ).toEqual({ 'x-tenant': 't' });
  });
});

describe('requestIdFrom', () => {
  it('keeps a valid incoming id', () => {
    expect(requestIdFrom({ 'x-request-id': 'abc.DEF_123-x' })).toBe('abc.DEF_123-x');
    expect(requestIdFrom(new HeaderMap([['x-request-id', 'a'.repeat(128)]]))).toBe('a'.repeat(128));
  });

  it.each([['a'.repeat(129)], ['has space'], ['<script>'], ['']])(
    'replaces %j with a UUID',
    (id) => {
      expect(requestIdFrom({ 'x-request-id': id })).toMatch(UUID);
    },
  );

  it('generates a UUID when absent', () => {
    expect(requestIdFrom({})).toMatch(UUID);
  });
});

describe('traceparent', () => {
  it('passes a valid traceparent through', () => {
    expect(traceparentFrom({ traceparent: TRACE })).toBe(TRACE);
  });

  it.each([
    ['ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'],
    ['00-00000000000000000000000000000000-00f067aa0ba902b7-01'],
    ['00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01'],
    ['00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra'],
    ['00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01'],
  ])('rejects %s and generates a fresh one', (value) => {
    expect(isValidTraceparent(value)).toBe(false);
    const generated = traceparentFrom({ traceparent: value });
    expect(isValidTraceparent(generated)).toBe(true);
    expect(generated).not.toBe(value);
  });

  it('accepts a future version with extra fields', () => {
    expect(isValidTraceparent('01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-ab')).toBe(
      true,
    );
  });
});

describe('gatewayPluginRequestId', () => {
  it('returns the context request id in the x-request-id response header', async () => {
    const server = new ApolloServer<RequestIdContext>({
      typeDefs: /* GraphQL */ `
        type Query {
          ok: Boolean
        }
      `,
      resolvers: { Query: { ok: () => true } },
      plugins: [gatewayPluginRequestId()],
    });
    await server.start();
    try {
      const headers = new HeaderMap([['content-type', 'application/json']]);
      const result = await server.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: 'POST', headers, search: '', body: { query: '{ ok }' } },
        context: async () => ({ requestId: requestIdFrom(headers) }),
      });
      expect(result.headers.get('x-request-id')).toMatch(UUID);
    } finally {
      await server.stop();
    }
  });
});

describe('subgraph call options', () => {
  it('defaults to 5 s (writes 15 s), 2 retries, breaker 5 / 1 s, dedupe on, 64 connections', () => {
    expect(resolveSubgraphCallOptions()).toEqual(DEFAULT_SUBGRAPH_CALL_OPTIONS);
    expect(DEFAULT_SUBGRAPH_CALL_OPTIONS).toMatchObject({
      timeoutMs: 5000,
      mutationTimeoutMs: 15_000,
      retries: 2,
      breaker: { consecutiveFailures: 5, halfOpenAfterMs: 1000 },
      dedupe: true,
      maxConnections: 64,
    });
  });

  it('names every bad value', () => {
    expect(() =>
      resolveSubgraphCallOptions({
        timeoutMs: 0,
        retries: -1,
        breaker: { consecutiveFailures: 1.5 },
      }),
    ).toThrow(/timeoutMs=0.*retries=-1.*breaker.consecutiveFailures=1.5/);
  });
});

describe('isQueryRequestBody', () => {
  const body = (query: string, operationName?: string) => JSON.stringify({ query, operationName });
  it('recognises queries and refuses anything else', () => {
    expect(isQueryRequestBody(body('{ a }'))).toBe(true);
    expect(isQueryRequestBody(body('query Q__s__0 { a }'))).toBe(true);
    expect(isQueryRequestBody(body('mutation M__s__0 { a }'))).toBe(false);
    expect(isQueryRequestBody(body('query A { a } mutation B { b }', 'B'))).toBe(false);
    expect(isQueryRequestBody(body('query A { a } mutation B { b }', 'A'))).toBe(true);
    expect(isQueryRequestBody(body('not graphql'))).toBe(false);
    expect(isQueryRequestBody('not json')).toBe(false);
    expect(isQueryRequestBody(undefined)).toBe(false);
  });
});

describe('isQueryRequest', () => {
  const query = JSON.stringify({ query: '{ a }' });
  const mutation = JSON.stringify({ query: 'mutation { a }' });

  it("takes the data source's kind header and never reads the body then", () => {
    // A body that cannot be parsed: had it been read, the answer would be false.
    expect(isQueryRequest({ [OPERATION_KIND_HEADER]: 'query' }, 'not json')).toBe(true);
    expect(isQueryRequest({ [OPERATION_KIND_HEADER]: 'mutation' }, query)).toBe(false);
    expect(isQueryRequest({ [OPERATION_KIND_HEADER]: 'subscription' }, query)).toBe(false);
  });

  it('reads the body when no kind header was set (calls from elsewhere)', () => {
    expect(isQueryRequest({}, query)).toBe(true);
    expect(isQueryRequest(undefined, mutation)).toBe(false);
    expect(isQueryRequest({}, 'not json')).toBe(false);
  });
});
