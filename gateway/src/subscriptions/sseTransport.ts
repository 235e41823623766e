import type { IncomingMessage, ServerResponse } from 'node:http';
import { createHandler, type ExecutionResult } from 'graphql-sse';
import type { Logger } from 'pino';
import { sendJsonError } from '../../../lib/http/graphqlHttpHandler';
import { readBody } from '../../../lib/http/readBody';
import type { RouteHandler } from '../../../lib/http/startHttpServer';
import { isRefusal, type LiveSubscriptions } from './liveSubscriptions';
import { refuseCredentials } from './refuseCredentials';
import { errorResult } from './subscriptionErrors';
import type { SubscriberAuth, SubscriptionServerOptions } from './subscriptionServerOptions';

/** Options for {@link createSseTransport}. */
export interface SseTransportOptions {
  keepAliveMs: number;
  maxBodyBytes: number;
  closeGraceMs: number;
  authenticate: SubscriptionServerOptions['authenticate'];
  subscriptions: LiveSubscriptions;
  logger: Logger;
}

/** What the handler knows about one SSE request. */
interface StreamContext {
  auth: SubscriberAuth;
  res: ServerResponse;
}

/**
 * The SSE transport: graphql-sse in distinct connections mode (one stream per
 * subscription, `Accept: text/event-stream`, GET or POST). The `Authorization` header
 * is checked first: a bad token is answered 401 JSON (`UNAUTHENTICATED`) and nothing
 * runs. While the stream is open a `:` comment goes out every `keepAliveMs`; at token
 * expiry the stream sends an `UNAUTHENTICATED` error, completes and ends. A stream
 * whose client reads slowly holds back the next result until the socket drains, so
 * results coalesce on the server instead of queueing.
 */
export function createSseTransport(options: SseTransportOptions): {
  handler: RouteHandler;
  close(): Promise<void>;
} {
  const { logger } = options;
  const streams = new Map<ServerResponse, { body: AsyncGenerator<string>; done: Promise<void> }>();
  let closing = false;
  const handle = createHandler<IncomingMessage, StreamContext>({
    // No stream tokens: distinct connections mode only.
    authenticate: () => null,
    onSubscribe: (req, params) => {
      const { auth, res } = req.context;
      const outcome = options.subscriptions.subscribe(params, {
        ...auth,
        headers: req.raw.headers,
        transport: 'sse',
        endsAtExpiry: true,
        ready: () => drained(res),
      });
      // Refusals go out as one `next` with the errors, then `complete` (as graphql-sse
      // does for invalid documents on event streams). Results are formatted JSON already.
      const stream = isRefusal(outcome) ? single(errorResult(outcome)) : outcome;
      return stream as AsyncGenerator<unknown> as AsyncGenerator<ExecutionResult>;
    },
  });

  const handler: RouteHandler = async (req, res) => {
    if (closing)
      return sendJsonError(res, 503, 'SERVICE_UNAVAILABLE', 'the server is shutting down');
    let auth: SubscriberAuth;
    try {
      auth = await options.authenticate(req.headers.authorization);
    } catch (error) {
      const refusal = refuseCredentials(error);
      if (!refusal) throw error;
      logger.info({ reason: refusal.message }, 'subscription stream refused');
      if (refusal.status === 401) res.setHeader('www-authenticate', 'Bearer error="invalid_token"');
      return sendJsonError(res, refusal.status, refusal.code, refusal.message);
    }
    const [body, init] = await handle({
      method: req.method ?? 'GET',
      url: req.url ?? '/',
      headers: { get: (name) => headerValue(req.headers[name]) },
      body: () => readBody(req, options.maxBodyBytes),
      raw: req,
      context: { auth, res },
    });
    res.writeHead(init.status, init.statusText, init.headers);
    if (body === null || typeof body === 'string') {
      res.end(body ?? undefined);
      return;
    }
    const done = pipeEvents(body, res, options.keepAliveMs);
    streams.set(res, { body, done });
    await done;
    streams.delete(res);
  };

  return {
    handler,
    async close() {
      closing = true;
      const open = [...streams.entries()];
      for (const [res, { body }] of open) {
        res.end();
        void body.return(undefined);
      }
      const cut = setTimeout(() => {
        for (const [res] of open) res.destroy();
      }, options.closeGraceMs);
      await Promise.all(open.map(([, { done }]) => done));
      clearTimeout(cut);
    },
  };
}

/** Writes the event stream to `res` with keep-alive comments until either side ends. */
async function pipeEvents(
  body: AsyncGenerator<string>,
  res: ServerResponse,
  keepAliveMs: number,
): Promise<void> {
  const ping = setInterval(() => {
    if (res.writable) res.write(':\n\n');
  }, keepAliveMs);
  const stop = (): void => void body.return(undefined);
  res.once('close', stop);
  try {
    for await (const chunk of body) {
      if (!res.writable) break;
      res.write(chunk);
    }
  } finally {
    clearInterval(ping);
    res.off('close', stop);
    if (!res.writableEnded) res.end();
  }
}

/** Resolves once `res` can take more without buffering (or is gone). */
function drained(res: ServerResponse): Promise<void> {
  if (!res.writableNeedDrain || res.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.once('drain', done);
    res.once('close', done);
  });
}

async function* single<T>(value: T): AsyncGenerator<T, void, unknown> {
  yield value;
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}
