import { composeServices } from '@apollo/composition';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import type { GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { trace } from '@opentelemetry/api';
import { parse } from 'graphql';
import pino from 'pino';
import { graphqlHttpHandler } from '../../../lib/http/graphqlHttpHandler';
import { startHttpServer, type RunningHttpServer } from '../../../lib/http/startHttpServer';
import { createLogger } from '../../../lib/logger';
import { eventually } from '../../harness/eventually';
import {
  activeTraceparent,
  startTracing,
  withIncomingTraceContext,
  type Tracing,
} from '../../../gateway/src/observability/tracing';
import { INVENTORY_SDL, startInventorySubgraph } from '../../fixtures/inventorySubgraph';
import { startOtlpReceiver, type OtlpReceiver } from '../../fixtures/otlpReceiver';

const logger = createLogger({ name: 'test', level: 'silent' });
const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const CALLER_SPAN_ID = '00f067aa0ba902b7';
const QUERY = /* GraphQL */ `
  query TopProducts {
    topProducts(first: 1) {
      name
    }
  }
`;

/** Sends the `traceparent` the gateway computes for each fetch, and remembers it. */
class TracedDataSource extends RemoteGraphQLDataSource {
  constructor(
    url: string,
    private readonly sent: string[],
  ) {
    super({ url });
  }

  override willSendRequest({ request }: GraphQLDataSourceProcessOptions): void {
    const traceparent = activeTraceparent();
    if (traceparent === undefined || !request.http) return;
    this.sent.push(traceparent);
    request.http.headers.set('traceparent', traceparent);
  }
}

describe('without an endpoint', () => {
  it('registers nothing and still runs the request', async () => {
    const tracing = startTracing({ endpoint: undefined, logger });
    expect(tracing.enabled).toBe(false);
    const traceparent = `00-${TRACE_ID}-${CALLER_SPAN_ID}-01`;
    expect(withIncomingTraceContext({ traceparent }, () => activeTraceparent())).toBeUndefined();
    await expect(tracing.shutdown()).resolves.toBeUndefined();
  });
});

describe('with an OTLP endpoint', () => {
  const sent: string[] = [];
  let receiver: OtlpReceiver;
  let inventory: { url: string; stop(): Promise<void> };
  let apollo: ApolloServer;
  let http: RunningHttpServer;
  let tracing: Tracing;

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    tracing = startTracing({
      endpoint: receiver.endpoint,
      serviceName: 'gateway-test',
      logger,
      // Nothing is exported before shutdown(), which must flush.
      exportDelayMs: 60_000,
    });
    inventory = await startInventorySubgraph();
    const composed = composeServices([
      { name: 'inventory', url: inventory.url, typeDefs: parse(INVENTORY_SDL) },
    ]);
    const gateway = new ApolloGateway({
      supergraphSdl: composed.supergraphSdl!,
      buildService: ({ url }) => new TracedDataSource(url!, sent),
      logger,
    });
    apollo = new ApolloServer({ gateway });
    await apollo.start();
    const graphql = graphqlHttpHandler({ server: apollo, context: async () => ({}) });
    http = await startHttpServer({
      port: 0,
      host: '127.0.0.1',
      logger,
      routes: {
        '/graphql': (req, res, url) =>
          withIncomingTraceContext(req.headers, () => graphql(req, res, url)),
      },
    });
  });
  afterAll(async () => {
    await tracing.shutdown();
    await http.close();
    await apollo.stop();
    await Promise.all([inventory.stop(), receiver.stop()]);
  });

  async function post(headers: Record<string, string>): Promise<unknown> {
    const response = await fetch(`${http.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query: QUERY }),
    });
    return response.json();
  }

  it('exports the gateway spans under the caller trace and parents subgraph calls on gateway.fetch', async () => {
    const body = await post({ traceparent: `00-${TRACE_ID}-${CALLER_SPAN_ID}-01` });
    expect(body).toEqual({ data: { topProducts: [{ name: 'Kettle' }] } });
    await post({});
    expect(receiver.spans()).toEqual([]);
    await tracing.shutdown();

    const spans = receiver.spans();
    const continued = spans.filter((s) => s.traceId === TRACE_ID);
    expect(continued.map((s) => s.name).sort()).toEqual(
      expect.arrayContaining([
        'gateway.execute',
        'gateway.fetch',
        'gateway.plan',
        'gateway.request',
      ]),
    );
    expect(new Set(spans.map((s) => s.serviceName))).toEqual(new Set(['gateway-test']));
    const request = continued.find((s) => s.name === 'gateway.request')!;
    expect(request.parentSpanId).toBe(CALLER_SPAN_ID);
    const fetchSpan = continued.find((s) => s.name === 'gateway.fetch')!;
    expect(sent[0]).toBe(`00-${TRACE_ID}-${fetchSpan.spanId}-01`);

    // Without a traceparent the request starts its own root trace.
    const roots = spans.filter((s) => s.name === 'gateway.request' && s.traceId !== TRACE_ID);
    expect(roots).toHaveLength(1);
    expect(roots[0]!.parentSpanId).toBeUndefined();
  });
});

describe('when the collector is down', () => {
  let endpoint: string;
  const lines: string[] = [];
  const collectorLogger = pino(
    { level: 'warn' },
    { write: (line: string) => void lines.push(line) },
  );
  const logged = () => lines.map((line) => JSON.parse(line) as { msg: string; reason?: string });

  beforeAll(async () => {
    const receiver = await startOtlpReceiver();
    await receiver.stop();
    endpoint = receiver.endpoint;
  });

  it('logs failed exports and still shuts down', async () => {
    const tracing = startTracing({ endpoint, logger: collectorLogger, exportDelayMs: 10 });
    const tracer = trace.getTracer('test');
    withIncomingTraceContext({}, () => tracer.startSpan('lost-in-batch').end());
    // A scheduled export fails through OpenTelemetry's diagnostics, not a throw.
    await eventually(async () =>
      expect(logged()).toContainEqual(
        expect.objectContaining({ msg: expect.stringMatching(/^opentelemetry: /) }),
      ),
    );
    withIncomingTraceContext({}, () => tracer.startSpan('lost-at-shutdown').end());
    await expect(tracing.shutdown()).resolves.toBeUndefined();
    expect(logged()).toContainEqual(
      expect.objectContaining({
        msg: 'tracing: final export failed',
        reason: expect.stringContaining('ECONNREFUSED'),
      }),
    );
  });
});
