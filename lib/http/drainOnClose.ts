import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Server as NetServer, type Socket } from 'node:net';

/** Options for {@link drainOnClose}. */
export interface DrainOptions {
  /** How long in-flight requests may take before every connection is cut. */
  graceMs: number;
  /**
   * How long a kept-alive connection may sit idle during the drain before it is closed.
   * A client about to reuse it would see a reset, so it stays open this long for the
   * client's next request (answered, with `Connection: close`). Default 1000 ms.
   */
  idleMs?: number;
}

/** A server that can be drained: see {@link drainOnClose}. */
export interface Drainable {
  /** True once `drain()` was called. */
  readonly draining: boolean;
  /** Drains and closes the server; resolves once every connection is closed. */
  drain(): Promise<void>;
}

/** A connection's state: requests in progress and when it last fell idle. */
interface Connection {
  busy: number;
  idleSince: number;
}

/**
 * Tracks a server's connections so it can shut down without dropping a request a client
 * sent on a kept-alive connection. The drain stops accepting connections (new ones are
 * refused, which a client can retry elsewhere), answers every request already received
 * or still arriving on an open connection with `Connection: close` (the client then
 * closes it), and closes a connection only once it has been idle for `idleMs` — not at
 * once, as Node's `server.close()` does, under a client that is just reusing it.
 */
export function drainOnClose(server: Server, options: DrainOptions): Drainable {
  const connections = new Map<Socket, Connection>();
  const responses = new Set<ServerResponse>();
  let draining = false;
  server.on('connection', (socket: Socket) => {
    connections.set(socket, { busy: 0, idleSince: Date.now() });
    socket.once('close', () => connections.delete(socket));
  });
  // First among the request listeners, so the header is set before any handler answers.
  server.prependListener('request', (req: IncomingMessage, res: ServerResponse) => {
    const connection = connections.get(req.socket);
    if (connection) connection.busy += 1;
    responses.add(res);
    if (draining) res.setHeader('connection', 'close');
    res.once('close', () => {
      responses.delete(res);
      if (!connection) return;
      connection.busy -= 1;
      connection.idleSince = Date.now();
    });
  });

  const idleMs = options.idleMs ?? 1000;
  return {
    get draining() {
      return draining;
    },
    drain: () =>
      new Promise<void>((resolve, reject) => {
        draining = true;
        for (const res of responses) if (!res.headersSent) res.setHeader('connection', 'close');
        const sweep = setInterval(() => {
          const now = Date.now();
          for (const [socket, connection] of connections)
            if (connection.busy === 0 && now - connection.idleSince >= idleMs) socket.destroy();
        }, 25);
        const deadline = setTimeout(() => {
          for (const socket of connections.keys()) socket.destroy();
        }, options.graceMs);
        // net.Server's close: stop listening and call back once every connection has
        // closed, without http.Server's close, which also closes idle connections at once.
        NetServer.prototype.close.call(server, (error?: Error) => {
          clearInterval(sweep);
          clearTimeout(deadline);
          if (error) reject(error);
          else resolve();
        });
      }),
  };
}
