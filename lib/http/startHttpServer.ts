import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { drainOnClose, type Drainable } from './drainOnClose';
import { sendJsonError } from './graphqlHttpHandler';

/** One route: a handler for an exact path. */
export type RouteHandler = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void>;

/** A readiness probe: `ok` plus a reason per dependency a person can act on. */
export interface Readiness {
  ok: boolean;
  checks: Record<string, { ok: boolean; detail?: string }>;
}

/** Options for {@link startHttpServer}. */
export interface StartHttpServerOptions {
  /** Port to listen on; 0 picks a free one (tests). */
  port: number;
  /** Interface to bind. Default `0.0.0.0`. */
  host?: string;
  /** Path → handler, e.g. `{ '/graphql': handler }`. */
  routes: Record<string, RouteHandler>;
  /** Answers `GET /ready`; `GET /health` always answers 200 while the process runs. */
  readiness?: () => Promise<Readiness>;
  /** Text for `GET /metrics` (Prometheus exposition format). */
  metrics?: { contentType: string; render: () => Promise<string> };
  logger: Logger;
  /** How long `close()` lets in-flight requests finish before cutting connections. Default 10 s. */
  shutdownGraceMs?: number;
  /** How long `close()` keeps an idle kept-alive connection open for a last request. Default 1 s. */
  drainIdleMs?: number;
}

/** A listening server and how to stop it. */
export interface RunningHttpServer {
  server: Server;
  port: number;
  /** Base URL, e.g. `http://127.0.0.1:4001`. */
  url: string;
  /**
   * Drains: refuses new connections, answers every request received on an open one
   * with `Connection: close`, and resolves once every connection is closed.
   */
  close(): Promise<void>;
}

/**
 * Starts a Node HTTP server with the operational endpoints every service here has
 * (`/health`, `/ready`, `/metrics`) plus the given routes.
 */
export async function startHttpServer(options: StartHttpServerOptions): Promise<RunningHttpServer> {
  const { logger } = options;
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    handle(options, drain, req, res, url).catch((error: unknown) => {
      logger.error({ err: error, path: url.pathname }, 'request failed');
      if (!res.headersSent) sendJsonError(res, 500, 'INTERNAL_SERVER_ERROR', 'internal error');
      else res.end();
    });
  });
  server.keepAliveTimeout = 65_000;
  const drain = drainOnClose(server, {
    graceMs: options.shutdownGraceMs ?? 10_000,
    ...(options.drainIdleMs !== undefined ? { idleMs: options.drainIdleMs } : {}),
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '0.0.0.0', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    server,
    port,
    url: `http://127.0.0.1:${port}`,
    close: () => drain.drain(),
  };
}

async function handle(
  options: StartHttpServerOptions,
  drain: Drainable,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  const route = options.routes[url.pathname];
  if (route) return route(req, res, url);
  if (req.method === 'GET' && url.pathname === '/health') {
    return sendJson(res, 200, { status: 'ok' });
  }
  if (req.method === 'GET' && url.pathname === '/ready') {
    // A draining server is going away: a load balancer should send nothing new here.
    if (drain.draining) return sendJson(res, 503, { status: 'draining', checks: {} });
    const readiness = options.readiness ? await options.readiness() : { ok: true, checks: {} };
    return sendJson(res, readiness.ok ? 200 : 503, {
      status: readiness.ok ? 'ready' : 'not ready',
      checks: readiness.checks,
    });
  }
  if (req.method === 'GET' && url.pathname === '/metrics' && options.metrics) {
    const text = await options.metrics.render();
    res.setHeader('content-type', options.metrics.contentType);
    res.end(text);
    return;
  }
  sendJsonError(res, 404, 'NOT_FOUND', `no route for ${req.method ?? 'GET'} ${url.pathname}`);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.end(JSON.stringify(body));
}
