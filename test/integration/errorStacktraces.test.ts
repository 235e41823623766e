import { randomBytes } from 'node:crypto';
import { createLogger } from '../../lib/logger';
import { DEFAULT_JWT_AUDIENCE, DEFAULT_JWT_ISSUER } from '../../gateway/src/auth/devCredentials';
import { signToken } from '../../gateway/src/auth/signToken';
import { GatewayConfigError, loadGatewayConfig } from '../../gateway/src/config';
import { createGatewayServer, type RunningGateway } from '../../gateway/src/server';
import { SUPERGRAPH_FILE, TEST_AGENT } from '../harness/startTestStack';

/**
 * Error responses of a development gateway (no NODE_ENV) carry no stack trace unless
 * `DEBUG_ERRORS=true` asks for them; production refuses to turn them on.
 */
const JWT_SECRET = randomBytes(48).toString('base64url');
const BASE = {
  PORT: '0',
  HOST: '127.0.0.1',
  SUPERGRAPH_FILE,
  LOG_LEVEL: 'silent',
  JWT_SECRET,
  SUBGRAPH_HMAC_SECRET: randomBytes(48).toString('base64url'),
};
/** Nothing listens here: a field that needs a subgraph fails with a fetch error. */
const NOWHERE = 'http://127.0.0.1:9/graphql';

async function startGateway(env: Record<string, string>): Promise<RunningGateway> {
  return createGatewayServer(loadGatewayConfig({ ...BASE, ...env }), {
    logger: createLogger({ name: 'test-gateway', level: 'silent' }),
    subgraphUrls: Object.fromEntries(
      ['crm', 'orders', 'provisioning', 'support', 'engagement'].map((name) => [name, NOWHERE]),
    ),
  }).listen();
}

/** The `extensions` of every error a few failing operations get back. */
async function errorExtensions(gateway: RunningGateway): Promise<Record<string, unknown>[]> {
  const token = await signToken({
    secret: JWT_SECRET,
    issuer: DEFAULT_JWT_ISSUER,
    audience: DEFAULT_JWT_AUDIENCE,
    sub: TEST_AGENT.sub,
    role: TEST_AGENT.role,
    team: TEST_AGENT.team,
    scopes: TEST_AGENT.scopes,
    ttlSec: 600,
  });
  const extensions: Record<string, unknown>[] = [];
  for (const query of [
    '{ customer(id: ',
    '{ customer(id: "cus-dana-reyes") { noSuchField } }',
    '{ customer(id: "cus-dana-reyes") { displayName } }',
  ]) {
    const response = await fetch(`${gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query }),
    });
    const body = (await response.json()) as { errors?: { extensions?: Record<string, unknown> }[] };
    expect(body.errors?.length).toBeGreaterThan(0);
    for (const error of body.errors ?? []) extensions.push(error.extensions ?? {});
  }
  return extensions;
}

describe('stack traces in error responses', () => {
  it('are left out of a development gateway’s errors by default', async () => {
    const gateway = await startGateway({});
    try {
      const extensions = await errorExtensions(gateway);
      expect(extensions.map((e) => e.code)).toEqual(
        expect.arrayContaining(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED']),
      );
      expect(extensions.filter((e) => 'stacktrace' in e)).toEqual([]);
    } finally {
      await gateway.stop();
    }
  });

  it('are included with DEBUG_ERRORS=true', async () => {
    const gateway = await startGateway({ DEBUG_ERRORS: 'true' });
    try {
      const extensions = await errorExtensions(gateway);
      expect(extensions.every((e) => Array.isArray(e.stacktrace))).toBe(true);
    } finally {
      await gateway.stop();
    }
  });

  it('cannot be turned on in production', () => {
    expect(() =>
      loadGatewayConfig({ ...BASE, NODE_ENV: 'production', DEBUG_ERRORS: 'true' }),
    ).toThrow(GatewayConfigError);
    expect(() =>
      loadGatewayConfig({ ...BASE, NODE_ENV: 'production', DEBUG_ERRORS: 'true' }),
    ).toThrow(/DEBUG_ERRORS/);
  });
});
