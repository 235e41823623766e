import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { parse } from 'graphql';
import {
  CloseCode,
  handleProtocols,
  makeServer,
  type ConnectionInitMessage,
  type Context,
  type ExecutionResult,
} from 'graphql-ws';
import type { Logger } from 'pino';
import { WebSocketServer, type WebSocket } from 'ws';
import { isRefusal, type LiveSubscriptions } from './liveSubscriptions';
import { refuseCredentials } from './refuseCredentials';
import { SubscriptionErrorCode, subscriptionError } from './subscriptionErrors';
import type { SubscriberAuth, SubscriptionServerOptions } from './subscriptionServerOptions';

/** Options for {@link createWsTransport}. */
export interface WsTransportOptions {
  path: string;
  keepAliveMs: number;
  maxPerConnection: number;
  closeGraceMs: number;
  /** Largest WebSocket message accepted, bytes (bigger ones close the socket 1009). */
  maxMessageBytes: number;
  authenticate: SubscriptionServerOptions['authenticate'];
  apiSchema: SubscriptionServerOptions['apiSchema'];
  subscriptions: LiveSubscriptions;
  logger: Logger;
}

/** One WebSocket connection: graphql-ws's `extra`. */
interface Connection {
  socket: WebSocket;
  request: IncomingMessage;
  auth: SubscriberAuth | null;
  expiry: NodeJS.Timeout | null;
}

type ConnectionContext = Context<ConnectionInitMessage['payload'], Connection>;

/**
 * graphql-ws only reads the operation type from the document it is handed; the real
 * work (validation, the rewritten query) is done before, so every live subscription is
 * routed through this one placeholder to the `subscribe` hook, which returns the stream.
 */
const ROUTING_DOCUMENT = parse('subscription Live { __typename }');
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * The WebSocket transport: graphql-ws (`graphql-transport-ws`) over `ws`, on upgrades
 * to `path`. The token comes from `connectionParams.authorization` or the upgrade
 * request's `Authorization` header and is checked at `connection_init` (a bad one
 * closes 4401 with the reason); when it expires the socket closes 4401 "token
 * expired". At most `maxPerConnection` subscriptions at once per connection; ping
 * frames every `keepAliveMs` (a peer that does not pong in time is cut).
 */
export function createWsTransport(options: WsTransportOptions): {
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  close(): Promise<void>;
} {
  const { logger } = options;
  const wss = new WebSocketServer({
    noServer: true,
    handleProtocols,
    maxPayload: options.maxMessageBytes,
  });
  const connections = new Map<WebSocket, Promise<void>>();
  let closing = false;

  const server = makeServer<ConnectionInitMessage['payload'], Connection>({
    onConnect: (ctx) => connect(ctx, options),
    onSubscribe: (ctx, _id, payload) => {
      if (Object.keys(ctx.subscriptions).length > options.maxPerConnection) {
        const message = `at most ${options.maxPerConnection} subscriptions per connection`;
        return [subscriptionError(SubscriptionErrorCode.BAD_REQUEST, message)];
      }
      const { auth, request } = ctx.extra;
      const outcome = options.subscriptions.subscribe(payload, {
        claims: auth?.claims ?? null,
        expiresAt: auth?.expiresAt ?? null,
        headers: request.headers,
        transport: 'ws',
        endsAtExpiry: false,
      });
      if (isRefusal(outcome)) return outcome;
      return { schema: options.apiSchema(), document: ROUTING_DOCUMENT, contextValue: outcome };
    },
    // Results are already formatted JSON (errors included); graphql-ws's own formatting
    // expects GraphQLError instances, so each result is sent exactly as produced.
    subscribe: ({ contextValue }) => contextValue as AsyncGenerator<ExecutionResult>,
    onNext: (_ctx, _id, _payload, _args, result) => result,
  });

  const accept = (socket: WebSocket, request: IncomingMessage): void => {
    const connection: Connection = { socket, request, auth: null, expiry: null };
    const closed = server.opened(
      {
        protocol: socket.protocol,
        send: (data) =>
          new Promise<void>((resolve, reject) => {
            if (socket.readyState !== socket.OPEN) return resolve();
            socket.send(data, (error) => (error ? reject(error) : resolve()));
          }),
        close: (code, reason) => socket.close(code, reason),
        onMessage: (handle) =>
          socket.on('message', (data: Buffer) => {
            handle(data.toString('utf8')).catch((error: unknown) => {
              logger.error({ err: error }, 'subscription message handling failed');
              socket.close(CloseCode.InternalServerError, 'internal error');
            });
          }),
      },
      connection,
    );
    const stopPinging = keepAlive(socket, options.keepAliveMs);
    socket.on('error', (error) => logger.warn({ err: error }, 'subscription socket error'));
    const done = new Promise<void>((resolve) => {
      socket.once('close', (code: number, reason: Buffer) => {
        stopPinging();
        if (connection.expiry) clearTimeout(connection.expiry);
        closed(code, reason.toString('utf8'))
          .catch((error: unknown) => logger.warn({ err: error }, 'subscription cleanup failed'))
          .finally(() => {
            connections.delete(socket);
            resolve();
          });
      });
    });
    connections.set(socket, done);
  };

  return {
    handleUpgrade(req, socket, head) {
      const path = new URL(req.url ?? '/', 'http://localhost').pathname;
      if (closing || path !== options.path) {
        const status = closing ? '503 Service Unavailable' : '404 Not Found';
        socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
        return;
      }
      wss.handleUpgrade(req, socket, head, (ws) => accept(ws, req));
    },
    async close() {
      closing = true;
      const open = [...connections.entries()];
      for (const [socket] of open) socket.close(1001, 'server shutting down');
      const cut = setTimeout(() => {
        for (const [socket] of open) socket.terminate();
      }, options.closeGraceMs);
      await Promise.all(open.map(([, done]) => done));
      clearTimeout(cut);
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

/** `connection_init`: verifies the token and arms the expiry close; refuses with 4401. */
async function connect(ctx: ConnectionContext, options: WsTransportOptions): Promise<boolean> {
  const connection = ctx.extra;
  const params = ctx.connectionParams ?? {};
  const fromParams = params.authorization ?? params.Authorization;
  const fromHeader = connection.request.headers.authorization;
  const authorization = typeof fromParams === 'string' ? fromParams : fromHeader;
  try {
    connection.auth = await options.authenticate(authorization);
  } catch (error) {
    const refusal = refuseCredentials(error);
    if (!refusal) throw error;
    options.logger.info({ reason: refusal.message }, 'subscription connection refused');
    // Closing first makes graphql-ws's own 4403 for `false` a no-op: ours is the code sent.
    connection.socket.close(refusal.closeCode, refusal.message);
    return false;
  }
  armExpiry(connection, connection.auth.expiresAt);
  return true;
}

function armExpiry(connection: Connection, expiresAt: number | null): void {
  if (expiresAt === null) return;
  const delay = expiresAt - Date.now();
  connection.expiry = setTimeout(
    () =>
      delay > MAX_TIMER_MS
        ? armExpiry(connection, expiresAt)
        : connection.socket.close(CloseCode.Unauthorized, 'token expired'),
    Math.max(0, Math.min(delay, MAX_TIMER_MS)),
  );
}

/** Pings every `intervalMs`; a socket that has not answered by the next ping is cut. */
function keepAlive(socket: WebSocket, intervalMs: number): () => void {
  if (!(intervalMs > 0 && Number.isFinite(intervalMs))) return () => undefined;
  let awaitingPong = false;
  socket.on('pong', () => {
    awaitingPong = false;
  });
  const timer = setInterval(() => {
    if (socket.readyState !== socket.OPEN) return;
    if (awaitingPong) {
      socket.terminate();
      return;
    }
    awaitingPong = true;
    socket.ping();
  }, intervalMs);
  return () => clearInterval(timer);
}
