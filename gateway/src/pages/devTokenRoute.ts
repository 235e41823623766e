import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Role } from '../../../lib/claims';
import { sendJsonError } from '../../../lib/http/graphqlHttpHandler';
import { BodyTooLargeError, readBody } from '../../../lib/http/readBody';
import type { RouteHandler } from '../../../lib/http/startHttpServer';
import { signToken } from '../auth/signToken';

/** Someone a local start may sign in as from the console's picker. */
export interface DevPerson {
  sub: string;
  /** Shown in the picker, e.g. `Jordan Lee`. */
  name: string;
  role: Role;
  team?: string;
  scopes?: readonly string[];
}

/**
 * The console's rep picker on a local start with the generated dev secret: who may be
 * picked and the key their tokens are signed with. Never in production (the gateway
 * refuses to add the route with `NODE_ENV=production`, whatever it is given).
 */
export interface DevTokenOptions {
  secret: string;
  issuer: string;
  audience: string;
  people: readonly DevPerson[];
  /** Token lifetime, seconds. Default 8 h. */
  ttlSec?: number;
}

/**
 * `GET` lists the people; `POST {"sub": "..."}` (JSON only, so no other site's form can
 * send it, and no CORS header, so no other site's script can read the answer) mints a
 * token for one of them. The token goes in the response body only, with
 * `Cache-Control: no-store`; it is never logged nor put in a URL.
 */
export function devTokenRoute(options: DevTokenOptions): RouteHandler {
  const people = new Map(options.people.map((person) => [person.sub, person]));
  return async (req, res) => {
    res.setHeader('cache-control', 'no-store');
    if (req.method === 'GET') {
      sendJson(res, 200, {
        people: options.people.map(({ sub, name, role, team }) => ({ sub, name, role, team })),
      });
      return;
    }
    if (req.method !== 'POST') {
      res.setHeader('allow', 'GET, POST');
      sendJsonError(res, 405, 'METHOD_NOT_ALLOWED', `${req.method ?? ''} is not allowed here`);
      return;
    }
    if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
      sendJsonError(res, 415, 'BAD_REQUEST', 'send {"sub": "<id>"} as application/json');
      return;
    }
    const sub = await requestedSub(req, res);
    if (sub === null) return;
    const person = people.get(sub);
    if (!person) {
      sendJsonError(res, 400, 'BAD_USER_INPUT', 'no one with that id can be picked here');
      return;
    }
    const ttlSec = options.ttlSec ?? 8 * 3600;
    const token = await signToken({
      secret: options.secret,
      issuer: options.issuer,
      audience: options.audience,
      sub: person.sub,
      role: person.role,
      ...(person.team ? { team: person.team } : {}),
      scopes: person.scopes ?? [],
      ttlSec,
    });
    sendJson(res, 200, { token, expiresInSec: ttlSec });
  };
}

async function requestedSub(req: IncomingMessage, res: ServerResponse): Promise<string | null> {
  let raw: string;
  try {
    raw = await readBody(req, 1024);
  } catch (error) {
    if (!(error instanceof BodyTooLargeError)) throw error;
    res.setHeader('connection', 'close');
    sendJsonError(res, 413, 'BAD_REQUEST', error.message);
    return null;
  }
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    sendJsonError(res, 400, 'BAD_REQUEST', 'request body is not valid JSON');
    return null;
  }
  const sub = typeof body === 'object' && body !== null && 'sub' in body ? body.sub : undefined;
  if (typeof sub !== 'string' || sub === '') {
    sendJsonError(res, 400, 'BAD_USER_INPUT', 'give the id to sign in as: {"sub": "<id>"}');
    return null;
  }
  return sub;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.end(JSON.stringify(body));
}
