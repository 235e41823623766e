import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the proxy received from the gateway. */
export interface ProxiedRequest {
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * A tiny HTTP proxy in front of one real subgraph, so a test can make that subgraph
 * slow or failing and see exactly what the gateway sent it.
 */
export interface DelayProxy {
  /** Where the gateway should send this subgraph's requests (same path as the target). */
  url: string;
  /** Delay before forwarding each request, ms. Default 0. */
  delayMs: number;
  /** When set, every request is answered with this HTTP status and never forwarded. Default null. */
  failWith: number | null;
  /** Every request received, in order (forwarded or not). */
  readonly requests: ProxiedRequest[];
  /**
   * Holds every request (before its delay) until the returned function is called, so a
   * test decides when the subgraph answers instead of guessing a delay long enough.
   */
  hold(): () => void;
  /** Stops listening and cuts open connections. */
  stop(): Promise<void>;
}

const HOP_BY_HOP = new Set([
  'host',
  'connection',
  'content-length',
  'keep-alive',
  'transfer-encoding',
]);

/** Starts a {@link DelayProxy} on a free loopback port forwarding to `targetUrl`. */
export async function startDelayProxy(targetUrl: string): Promise<DelayProxy> {
  const target = new URL(targetUrl);
  const requests: ProxiedRequest[] = [];
  const state = { delayMs: 0, failWith: null as number | null };
  let held: Promise<void> | null = null;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      requests.push({ headers: req.headers, body });
      void forward(req.method ?? 'POST', req.url ?? target.pathname, req.headers, body).then(
        ({ status, text }) => {
          if (res.destroyed) return;
          res.statusCode = status;
          res.setHeader('content-type', 'application/json');
          res.end(text);
        },
        () => res.destroy(),
      );
    });
  });
  const forward = async (
    method: string,
    path: string,
    headers: IncomingHttpHeaders,
    body: string,
  ) => {
    if (held) await held;
    if (state.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, state.delayMs));
    if (state.failWith !== null) return { status: state.failWith, text: '{"message":"down"}' };
    const outgoing: Record<string, string> = {};
    for (const [name, value] of Object.entries(headers)) {
      if (!HOP_BY_HOP.has(name) && typeof value === 'string') outgoing[name] = value;
    }
    // Same path on the target (`/graphql`, or `/ready` for the gateway's breaker probe).
    const response = await fetch(new URL(path, target), {
      method,
      headers: outgoing,
      ...(method === 'GET' || method === 'HEAD' ? {} : { body }),
    });
    return { status: response.status, text: await response.text() };
  };
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}${target.pathname}`,
    requests,
    hold() {
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      held = gate;
      return () => {
        if (held === gate) held = null;
        release();
      };
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  });
}
