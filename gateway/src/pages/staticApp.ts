import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, relative, sep } from 'node:path';
import { sendJsonError } from '../../../lib/http/graphqlHttpHandler';
import type { RouteHandler } from '../../../lib/http/startHttpServer';
import { setPageHeaders } from './pageHeaders';

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.ico': 'image/x-icon',
  '.map': 'application/json; charset=utf-8',
};

/** One built file held in memory. */
interface StaticFile {
  body: Buffer;
  type: string;
  etag: string;
  /** Vite's hashed assets never change under their name. */
  immutable: boolean;
}

/** Options for {@link staticAppRoutes}. */
export interface StaticAppOptions {
  /** The built app's folder (Vite's `dist`). */
  dir: string;
  /** The path it is served under, e.g. `/console`; its `index.html` answers there. */
  base: string;
  /** Rewrites `index.html` as served (e.g. to add settings as meta tags). Default none. */
  html?: (html: string) => string;
  /** Said in the 503 when the folder is missing. */
  buildHint: string;
}

/** A built single-page app: one exact route per file, and its index page at `base`. */
export interface StaticApp {
  routes: Record<string, RouteHandler>;
  /** Answers with the app's index page. */
  serveIndex(req: IncomingMessage, res: ServerResponse): void;
}

/**
 * Serves a built browser app from memory: read once when the gateway starts (a rebuild
 * needs a restart), only GET and HEAD, each file under `base` by its path in the
 * folder. A missing build answers 503 with how to build it rather than a blank page.
 */
export function staticAppRoutes(options: StaticAppOptions): StaticApp {
  const files = readApp(options);
  const index = files.get('/index.html');
  const serveIndex = (req: IncomingMessage, res: ServerResponse): void => {
    if (!index) {
      sendJsonError(res, 503, 'UI_NOT_BUILT', `${options.base} is not built: ${options.buildHint}`);
      return;
    }
    send(req, res, index);
  };
  const routes: Record<string, RouteHandler> = {
    [options.base]: async (req, res) => serveIndex(req, res),
    [`${options.base}/`]: async (req, res) => serveIndex(req, res),
  };
  for (const [path, file] of files) {
    if (path === '/index.html') continue;
    routes[`${options.base}${path}`] = async (req, res) => send(req, res, file);
  }
  return { routes, serveIndex };
}

function readApp(options: StaticAppOptions): Map<string, StaticFile> {
  const files = new Map<string, StaticFile>();
  if (!existsSync(join(options.dir, 'index.html'))) return files;
  for (const path of walk(options.dir)) {
    const name = `/${relative(options.dir, path).split(sep).join('/')}`;
    const type = TYPES[extname(path)];
    // Only what a browser loads: the build stamp and anything unknown stay private.
    if (!type || name.startsWith('/.')) continue;
    let body = readFileSync(path);
    if (name === '/index.html' && options.html) body = Buffer.from(options.html(body.toString()));
    files.set(name, {
      body,
      type,
      etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`,
      immutable: name.startsWith('/assets/'),
    });
  }
  return files;
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

function send(req: IncomingMessage, res: ServerResponse, file: StaticFile): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('allow', 'GET, HEAD');
    sendJsonError(res, 405, 'METHOD_NOT_ALLOWED', `${req.method ?? ''} is not allowed here`);
    return;
  }
  setPageHeaders(res);
  res.setHeader('content-type', file.type);
  res.setHeader('etag', file.etag);
  res.setHeader(
    'cache-control',
    file.immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
  );
  if (req.headers['if-none-match'] === file.etag) {
    res.statusCode = 304;
    res.end();
    return;
  }
  res.setHeader('content-length', file.body.length);
  res.statusCode = 200;
  res.end(req.method === 'HEAD' ? undefined : file.body);
}
