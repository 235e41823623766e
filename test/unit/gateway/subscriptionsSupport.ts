import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FormattedExecutionResult } from 'graphql';
import { Registry } from 'prom-client';
import WebSocket from 'ws';
import { customerTag } from '../../../lib/cacheTags';
import type { CallerClaims, Claims } from '../../../lib/claims';
import { createLogger } from '../../../lib/logger';
import { DEFAULT_JWT_AUDIENCE, DEFAULT_JWT_ISSUER } from '../../../gateway/src/auth/devCredentials';
import { createAuthenticator } from '../../../gateway/src/auth/createAuthenticator';
import { apiSchemaOf } from '../../../gateway/src/check/apiSchemaOf';
import {
  createSubscriptionServer,
  subscriberAuthenticator,
  type SubscriptionServer,
  type SubscriptionServerOptions,
} from '../../../gateway/src/subscriptions';
import { startDelayProxy, type DelayProxy } from '../../harness/delayProxy';
import { SUPERGRAPH_FILE, TEST_AGENT, type TestStack } from '../../harness/startTestStack';

/** Dana, as a customer token holder. */
export const DANA: Claims = { sub: 'cus-dana-reyes', role: 'customer', scopes: [] };

/** The live field this product serves. */
export const CUSTOMER_CONTEXT_FIELD = {
  subscriptionField: 'customerContext',
  queryField: 'customer',
  argument: 'id',
  tag: customerTag,
} as const;

/** A live customer context with the notes of every case (staff may read notes). */
export const LIVE_NOTES = /* GraphQL */ `
  subscription LiveNotes($id: ID!) {
    customerContext(id: $id) {
      ...Profile
      cases {
        id
        notes {
          body
        }
      }
    }
  }
  fragment Profile on Customer {
    id
    displayName
  }
`;

/** The shape of a {@link LIVE_NOTES} result. */
export interface LiveNotesData {
  customerContext: {
    id: string;
    displayName: string;
    cases: { id: string; notes: { body: string }[] | null }[];
  } | null;
}

/** Every note body in a {@link LIVE_NOTES} result. */
export function noteBodies(result: FormattedExecutionResult | undefined): string[] {
  const data = result?.data as LiveNotesData | undefined;
  return (data?.customerContext?.cases ?? []).flatMap((c) => (c.notes ?? []).map((n) => n.body));
}

/** A subscription server on its own HTTP server, in front of a test stack's gateway. */
export interface SubscriptionRig {
  server: SubscriptionServer;
  /** `ws://…/graphql` */
  wsUrl: string;
  /** `http://…/graphql/stream` */
  streamUrl: string;
  metrics: Registry;
  /** Every query the subscriptions ran reaches the gateway through this proxy. */
  proxy: DelayProxy;
  /** Announces a change carrying `tags`, as the change feed would. */
  fire(...tags: string[]): void;
  /**
   * Runs begun and not yet answered. A re-run owed to a change starts in the same
   * microtask chain as the end of the run before it, so a check from a timer that reads
   * 0 means every run is done and none is owed.
   */
  runsInFlight(): number;
  stop(): Promise<void>;
}

/**
 * Starts `createSubscriptionServer` wired to the real stack: the API schema of the
 * committed supergraph, the gateway's own authenticator with the stack's secret, runs
 * POSTed to the stack's gateway (through a delay proxy) with a token for the
 * subscriber's claims, and changes from an in-test emitter.
 */
export async function startSubscriptionRig(
  stack: TestStack,
  overrides: Partial<SubscriptionServerOptions> = {},
): Promise<SubscriptionRig> {
  const proxy = await startDelayProxy(`${stack.gateway.url}/graphql`);
  const apiSchema = apiSchemaOf(readFileSync(SUPERGRAPH_FILE, 'utf8'));
  const emitter = new EventEmitter();
  const metrics = new Registry();
  const tokens = new Map<string, Promise<string>>();
  let inFlight = 0;
  const tokenOf = (claims: CallerClaims): Promise<string> => {
    const key = JSON.stringify(claims);
    if (!tokens.has(key)) tokens.set(key, stack.tokenFor(claims));
    return tokens.get(key)!;
  };
  const server = createSubscriptionServer({
    live: [CUSTOMER_CONTEXT_FIELD],
    apiSchema: () => apiSchema,
    authenticate: subscriberAuthenticator(
      createAuthenticator({
        secret: stack.jwtSecret,
        issuer: DEFAULT_JWT_ISSUER,
        audience: DEFAULT_JWT_AUDIENCE,
      }),
    ),
    async execute(query, variables, claims) {
      inFlight += 1;
      try {
        const response = await fetch(proxy.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            ...(claims ? { authorization: `Bearer ${await tokenOf(claims)}` } : {}),
          },
          body: JSON.stringify({ query, variables }),
        });
        // Over HTTP the cache tags of the answer are not known (the gateway keeps them).
        return { result: (await response.json()) as FormattedExecutionResult };
      } finally {
        inFlight -= 1;
      }
    },
    changes: {
      subscribe(listener) {
        emitter.on('change', listener);
        return () => emitter.off('change', listener);
      },
    },
    // Long: a WebSocket whose pong waits behind a busy event loop (the gateway runs in
    // this process) past one interval is cut. The keep-alive tests start their own rig
    // with a short interval.
    keepAliveMs: 30_000,
    maxPerConnection: 3,
    logger: createLogger({
      name: 'test-subscriptions',
      level: process.env.TEST_LOG_LEVEL ?? 'silent',
    }),
    metrics,
    ...overrides,
  });
  const http = createServer((req, res) => {
    if (new URL(req.url ?? '/', 'http://localhost').pathname !== '/graphql/stream') {
      res.writeHead(404).end();
      return;
    }
    server.sse(req, res, new URL(req.url ?? '/', 'http://localhost')).catch(() => res.destroy());
  });
  http.on('upgrade', (req, socket, head: Buffer) => server.handleUpgrade(req, socket, head));
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  return {
    server,
    wsUrl: `ws://127.0.0.1:${port}/graphql`,
    streamUrl: `http://127.0.0.1:${port}/graphql/stream`,
    metrics,
    proxy,
    fire: (...tags) => emitter.emit('change', tags),
    runsInFlight: () => inFlight,
    async stop() {
      await server.close();
      await closeServer(http);
      await proxy.stop();
    },
  };
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

const ADD_NOTE = /* GraphQL */ `
  mutation AddNote($input: AddNoteInput!) {
    addNote(input: $input) {
      id
    }
  }
`;

/** Adds a note to Dana's open case through the gateway, as an agent would. */
export async function addNote(stack: TestStack, body: string): Promise<void> {
  const result = await stack.gatewayQuery(ADD_NOTE, {
    input: {
      idempotencyKey: `note-${body}`,
      subjectId: 'case-dana-move',
      body,
      actor: TEST_AGENT.sub,
    },
  });
  if (result.errors) throw new Error(`addNote failed: ${JSON.stringify(result.errors)}`);
}

/** A metric's value from the registry (0 when the series does not exist yet). */
export async function metricValue(
  registry: Registry,
  name: string,
  labels: Record<string, string>,
): Promise<number> {
  const metric = await registry.getSingleMetric(name)?.get();
  const series = metric?.values.find((v) =>
    Object.entries(labels).every(([key, value]) => v.labels[key] === value),
  );
  return series?.value ?? 0;
}

/** What a raw `graphql-transport-ws` connection saw. */
export interface RawSocket {
  socket: WebSocket;
  /** Every protocol message received, parsed. */
  messages: { type: string; id?: string; payload?: unknown }[];
  /** Ping frames received from the server. */
  pings: number;
  closed: Promise<{ code: number; reason: string }>;
  send(message: Record<string, unknown>): void;
}

/** Opens a `graphql-transport-ws` socket and waits for `connection_ack`. */
export async function openRawSocket(url: string, token: string): Promise<RawSocket> {
  const socket = new WebSocket(url, 'graphql-transport-ws');
  const raw: RawSocket = {
    socket,
    messages: [],
    pings: 0,
    closed: new Promise((resolve) =>
      socket.once('close', (code: number, reason: Buffer) =>
        resolve({ code, reason: reason.toString() }),
      ),
    ),
    send: (message) => socket.send(JSON.stringify(message)),
  };
  socket.on('ping', () => raw.pings++);
  socket.on('message', (data: Buffer) => {
    raw.messages.push(JSON.parse(data.toString()) as RawSocket['messages'][number]);
  });
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  raw.send({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } });
  // A minute, as `eventually`: an ack returns at once, a loaded machine is slow.
  const deadline = Date.now() + 60_000;
  await new Promise<void>((resolve, reject) => {
    const check = (): void => {
      if (raw.messages.some((m) => m.type === 'connection_ack')) resolve();
      else if (Date.now() >= deadline) reject(new Error('no connection_ack within 60 s'));
      else setTimeout(check, 10);
    };
    check();
  });
  return raw;
}
