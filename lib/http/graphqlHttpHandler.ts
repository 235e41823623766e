import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server';
import { jsonDepthOver } from './jsonDepthOver';
import { BodyTooLargeError, readBodyBytes } from './readBody';
import { serverTimingValue } from './serverTiming';

/** Options for {@link graphqlHttpHandler}. */
export interface GraphqlHttpHandlerOptions<TContext extends BaseContext> {
  /** The started Apollo Server that executes operations. */
  server: ApolloServer<TContext>;
  /** Builds the per-request context (DataLoaders, caller) from the raw request. */
  context: (req: IncomingMessage) => Promise<TContext>;
  /** Largest request body accepted, in bytes. Default 1 MiB. */
  maxBodyBytes?: number;
  /**
   * Deepest nesting of objects and arrays in a JSON body (or in the `variables` and
   * `extensions` of a GET), counting the body itself as 1. Default 32: far deeper than any
   * input type, far shallower than what overflows a recursive reader.
   */
  maxJsonDepth?: number;
  /** Most operations one batched (JSON array) request may carry. Default 1. */
  maxBatchedOperations?: number;
  /**
   * Answers a conditional request (a single operation with `If-None-Match`) before it
   * executes: the status and headers to send with no body (a 304), or null to execute
   * it as usual. Default none.
   */
  conditional?: (
    req: IncomingMessage,
    body: { query: string; operationName: string | null; variables: Record<string, unknown> },
    ifNoneMatch: string,
  ) => Promise<{ status: number; headers: Record<string, string> } | null>;
  /**
   * Sends `Server-Timing: graphql;dur=<ms>` (W3C Server Timing): the time from the
   * request reaching this handler to its answer being written, by the server's own clock,
   * so a caller can tell the server's time from the network's and its own. For services
   * called by the gateway; not for public answers. Default false.
   */
  serverTiming?: boolean;
  /**
   * Checks each request against its exact body bytes (empty without a body) before the
   * body is parsed or anything validated: null lets it through, an answer refuses it
   * with that status (subgraphs: the signed claims, see `createCallerVerifier`).
   * Default none.
   */
  verify?: (
    req: IncomingMessage,
    body: Buffer,
  ) => { status: number; code: string; message: string } | null;
  /**
   * Inbound deduplication (the gateway's): identical requests in flight at once execute
   * once and every one is written the same status, headers and body. Default none.
   */
  dedupe?: InboundSharing;
}

/** What {@link graphqlHttpHandler} needs of inbound deduplication. */
export interface InboundSharing {
  /** The sharing key of a request (its parsed JSON body and raw text), or null: never shared. */
  keyOf(req: IncomingMessage, body: unknown, raw: string): string | null;
  /**
   * Runs `execute` (which writes its own answer and resolves with it, or with null when
   * it may not be shared) unless an identical request is in flight: then resolves with
   * that one's answer, `shared`.
   */
  share(
    key: string,
    execute: () => Promise<WrittenAnswer | null>,
  ): Promise<{ answer: WrittenAnswer | null; shared: boolean }>;
  /** Headers a request that shared another's answer gets of its own (its request id). */
  ownHeaders(req: IncomingMessage): Record<string, string>;
}

/** An answer as written: status, headers and the whole body. */
export interface WrittenAnswer {
  status: number;
  headers: ReadonlyArray<readonly [string, string]>;
  body: string;
}

/**
 * Connects Apollo Server to a plain Node HTTP server through Apollo's documented
 * integration API (`executeHTTPGraphQLRequest`), without a web framework in between.
 */
export function graphqlHttpHandler<TContext extends BaseContext>(
  options: GraphqlHttpHandlerOptions<TContext>,
): (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void> {
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  const maxJsonDepth = options.maxJsonDepth ?? 32;
  const tooDeep = (res: ServerResponse): void =>
    sendJsonError(
      res,
      400,
      'BAD_REQUEST',
      `request JSON nests deeper than ${maxJsonDepth} levels; no input needs that`,
    );
  return async (req, res, url) => {
    const started = options.serverTiming ? performance.now() : 0;
    const stamp = (): void => {
      if (!options.serverTiming || res.headersSent) return;
      const ms = performance.now() - started;
      res.setHeader('server-timing', serverTimingValue(ms));
    };
    let body: unknown = undefined;
    let bytes: Buffer = Buffer.alloc(0);
    let raw = '';
    if (req.method === 'POST') {
      try {
        bytes = await readBodyBytes(req, maxBodyBytes);
      } catch (error) {
        if (error instanceof BodyTooLargeError) {
          // The rest of the body is unread: this connection cannot carry another request.
          res.setHeader('connection', 'close');
          sendJsonError(res, 413, 'BAD_REQUEST', error.message);
          return;
        }
        throw error;
      }
    }
    const refusal = options.verify?.(req, bytes);
    if (refusal) {
      sendJsonError(res, refusal.status, refusal.code, refusal.message);
      return;
    }
    if (req.method === 'POST') {
      raw = bytes.toString('utf8');
      const contentType = req.headers['content-type'] ?? '';
      if (contentType.includes('json')) {
        try {
          body = raw.length === 0 ? {} : JSON.parse(raw);
        } catch {
          sendJsonError(res, 400, 'BAD_REQUEST', 'request body is not valid JSON');
          return;
        }
        if (jsonDepthOver(body, maxJsonDepth)) {
          tooDeep(res);
          return;
        }
        const maxBatch = options.maxBatchedOperations ?? 1;
        if (Array.isArray(body) && maxBatch > 1 && body.length > maxBatch) {
          sendJsonError(
            res,
            400,
            'BAD_REQUEST',
            `a batch may hold at most ${maxBatch} operations, got ${body.length}`,
          );
          return;
        }
      } else {
        body = raw;
      }
    }
    if (req.method === 'GET' && searchJsonTooDeep(url, maxJsonDepth)) {
      tooDeep(res);
      return;
    }
    const ifNoneMatch = req.headers['if-none-match'];
    if (options.conditional && ifNoneMatch && isSingleOperation(body)) {
      const answer = await options.conditional(
        req,
        {
          query: body.query,
          operationName: typeof body.operationName === 'string' ? body.operationName : null,
          variables: isRecord(body.variables) ? body.variables : {},
        },
        ifNoneMatch,
      );
      if (answer) {
        stamp();
        res.writeHead(answer.status, answer.headers);
        res.end();
        return;
      }
    }
    const execute = async (): Promise<WrittenAnswer | null> => {
      const headers = new HeaderMap();
      for (const [key, value] of Object.entries(req.headers)) {
        if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
      }
      const result = await options.server.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: req.method ?? 'GET', headers, search: url.search, body },
        context: () => options.context(req),
      });
      for (const [key, value] of result.headers) res.setHeader(key, value);
      res.statusCode = result.status ?? 200;
      stamp();
      if (result.body.kind === 'complete') {
        res.end(result.body.string);
        // Only a 200 is shared: any other status may be this request's own (its deadline).
        return res.statusCode === 200
          ? { status: 200, headers: [...result.headers], body: result.body.string }
          : null;
      }
      for await (const chunk of result.body.asyncIterator) res.write(chunk);
      res.end();
      return null;
    };
    const key = options.dedupe?.keyOf(req, body, raw) ?? null;
    if (!options.dedupe || key === null) {
      await execute();
      return;
    }
    const { answer, shared } = await options.dedupe.share(key, execute);
    if (!shared || !answer) return;
    for (const [name, value] of answer.headers) res.setHeader(name, value);
    for (const [name, value] of Object.entries(options.dedupe.ownHeaders(req)))
      res.setHeader(name, value);
    res.statusCode = answer.status;
    stamp();
    res.end(answer.body);
  };
}

/** Whether the JSON `variables` or `extensions` of a GET nest too deep (bad JSON is Apollo's to answer). */
function searchJsonTooDeep(url: URL, maxDepth: number): boolean {
  return ['variables', 'extensions'].some((name) => {
    const text = url.searchParams.get(name);
    if (!text) return false;
    try {
      // The parameter is one level below the body it stands for.
      return jsonDepthOver(JSON.parse(text), maxDepth - 1);
    } catch {
      return false;
    }
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A JSON body holding one operation with its text (not a batch, not a persisted query). */
function isSingleOperation(
  body: unknown,
): body is { query: string; operationName?: unknown; variables?: unknown } {
  return isRecord(body) && typeof body.query === 'string';
}

/** Writes a GraphQL-shaped error for failures that happen before execution. */
export function sendJsonError(
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
): void {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.end(JSON.stringify({ errors: [{ message, extensions: { code } }] }));
}
