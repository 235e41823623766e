import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
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
}

/** A listening server and how to stop it. */
export interface RunningHttpServer {
  server: Server;
  port: number;
  /** Base URL, e.g. `http://127.0.0.1:4001`. */
  url: string;
  /** Stops accepting connections and waits for open requests to finish. */
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
    handle(options, req, res, url).catch((error: unknown) => {
      logger.error({ err: error, path: url.pathname }, 'request failed');
      if (!res.headersSent) sendJsonError(res, 500, 'INTERNAL_SERVER_ERROR', 'internal error');
      else res.end();
    });
  });
  server.keepAliveTimeout = 65_000;
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
    close: () => closeGracefully(server, options.shutdownGraceMs ?? 10_000),
  };
}

/**
 * Stops accepting connections, lets in-flight requests finish, and closes keep-alive
 * connections as soon as they fall idle (a client's pooled socket would otherwise hold
 * the server open forever); after `graceMs` whatever is left is cut.
 */
function closeGracefully(server: Server, graceMs: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const sweep = setInterval(() => server.closeIdleConnections(), 50);
    const deadline = setTimeout(() => server.closeAllConnections(), graceMs);
    server.close((error) => {
      clearInterval(sweep);
      clearTimeout(deadline);
      if (error) reject(error);
      else resolve();
    });
    server.closeIdleConnections();
  });
}

async function handle(
  options: StartHttpServerOptions,
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
