import type { IncomingHttpHeaders } from 'node:http';
import {
  ROOT_CONTEXT,
  context,
  diag,
  DiagLogLevel,
  propagation,
  trace,
  type DiagLogFunction,
  type DiagLogger,
} from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Resource } from '@opentelemetry/resources';
import {
  BatchSpanProcessor,
  ParentBasedSampler,
  TraceIdRatioBasedSampler,
} from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import type { Logger } from 'pino';

/** Options for {@link startTracing}. */
export interface TracingOptions {
  /**
   * OTLP/HTTP base endpoint (env `OTEL_EXPORTER_OTLP_ENDPOINT`), e.g.
   * `http://collector:4318`; spans are POSTed as JSON to `<endpoint>/v1/traces`.
   * Default: none, and then tracing is off and nothing global is registered.
   */
  endpoint?: string | undefined;
  /** `service.name` on every span (env `OTEL_SERVICE_NAME`). Default `gateway`. */
  serviceName?: string;
  /** Receives the start line and OpenTelemetry's own warnings (failed exports). */
  logger: Logger;
  /** Extra headers on every export, e.g. a collector API key. Default none. */
  headers?: Readonly<Record<string, string>>;
  /**
   * Share of new root traces recorded, 0..1. A caller's `traceparent` sampled flag
   * always wins (parent-based sampling). Default 1.
   */
  sampleRatio?: number;
  /** Longest a finished span waits before its batch is exported, in ms. Default 5000. */
  exportDelayMs?: number;
}

/** Tracing as started by {@link startTracing}. */
export interface Tracing {
  /** Whether spans are exported (an endpoint was configured). */
  readonly enabled: boolean;
  /**
   * Exports every span still buffered, then unregisters; safe to call twice. Never
   * rejects: a collector that is down is logged, not thrown.
   */
  shutdown(): Promise<void>;
}

/** The service name when none is configured. */
export const DEFAULT_TRACING_SERVICE_NAME = 'gateway';

/**
 * Registers an OpenTelemetry tracer provider that batches spans to an OTLP/HTTP
 * collector, with the W3C trace-context propagator. `@apollo/gateway` then emits its
 * spans (`gateway.request`, `gateway.plan`, `gateway.fetch`, ...) through it. Call once
 * per process, before the first request; without an endpoint this is a no-op.
 */
export function startTracing(options: TracingOptions): Tracing {
  const { endpoint, logger } = options;
  if (!endpoint) return { enabled: false, shutdown: async () => undefined };
  const serviceName = options.serviceName ?? DEFAULT_TRACING_SERVICE_NAME;
  const provider = new NodeTracerProvider({
    resource: new Resource({ [ATTR_SERVICE_NAME]: serviceName }),
    sampler: new ParentBasedSampler({
      root: new TraceIdRatioBasedSampler(options.sampleRatio ?? 1),
    }),
    spanProcessors: [
      new BatchSpanProcessor(
        new OTLPTraceExporter({ url: tracesUrl(endpoint), headers: { ...options.headers } }),
        { scheduledDelayMillis: options.exportDelayMs ?? 5000 },
      ),
    ],
  });
  diag.setLogger(diagToPino(logger), DiagLogLevel.WARN);
  provider.register({ propagator: new W3CTraceContextPropagator() });
  logger.info({ endpoint: new URL(endpoint).origin, serviceName }, 'tracing to OTLP');
  let stopping: Promise<void> | undefined;
  return {
    enabled: true,
    shutdown: () => (stopping ??= stop(provider, logger)),
  };
}

/**
 * Runs `fn` in the trace context of an incoming request, so the spans started inside
 * continue the caller's `traceparent`. Without one (or with tracing off) `fn` starts
 * a new root; it is always called.
 */
export function withIncomingTraceContext<T>(headers: IncomingHttpHeaders, fn: () => T): T {
  return context.with(propagation.extract(ROOT_CONTEXT, headers), fn);
}

/**
 * The `traceparent` of the active span, for headers sent to subgraphs: inside a
 * `gateway.fetch` span it names that span as the parent. Undefined with tracing off.
 */
export function activeTraceparent(): string | undefined {
  if (!trace.getSpanContext(context.active())) return undefined;
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier.traceparent;
}

/** `http://c:4318` and `http://c:4318/` both become `http://c:4318/v1/traces`. */
function tracesUrl(endpoint: string): string {
  return new URL('v1/traces', endpoint.endsWith('/') ? endpoint : `${endpoint}/`).href;
}

async function stop(provider: NodeTracerProvider, logger: Logger): Promise<void> {
  try {
    await provider.shutdown();
  } catch (error) {
    // Losing the last spans must not fail a graceful shutdown.
    logger.warn({ reason: reasonOf(error) }, 'tracing: final export failed');
  } finally {
    trace.disable();
    propagation.disable();
    context.disable();
    diag.disable();
  }
}

/** OpenTelemetry's diagnostics as pino lines; only messages, never payloads or headers. */
function diagToPino(logger: Logger): DiagLogger {
  const at =
    (level: 'error' | 'warn' | 'info' | 'debug' | 'trace'): DiagLogFunction =>
    (message, ...args) => {
      const reasons = args.map(reasonOf).filter((reason) => reason !== undefined);
      logger[level]({ reasons }, `opentelemetry: ${message}`);
    };
  return {
    error: at('error'),
    warn: at('warn'),
    info: at('info'),
    debug: at('debug'),
    verbose: at('trace'),
  };
}

/** An error's message (also across realms), else undefined: diag args may carry payloads. */
function reasonOf(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || !('message' in value)) return undefined;
  return typeof value.message === 'string' ? value.message : undefined;
}
