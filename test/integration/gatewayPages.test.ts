import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadGatewayConfig } from '../../gateway/src/config';
import type { DevTokenOptions } from '../../gateway/src/pages/devTokenRoute';
import { createGatewayServer, type RunningGateway } from '../../gateway/src/server';
import { createLogger } from '../../lib/logger';
import { captureLogs, type CapturedLogs } from '../harness/captureLogs';
import { SUPERGRAPH_FILE } from '../harness/startTestStack';

// The gateway's browser pages and the console's dev sign-in, against a real gateway over
// stand-in built apps (the real build is exercised by test/e2e/browser.test.ts).
const JWT_SECRET = randomBytes(48).toString('base64url');
const dir = mkdtempSync(join(tmpdir(), 'gateway-pages-'));
const html = (title: string) =>
  `<!doctype html><html><head><title>${title}</title></head><body><script type="module" src="/x/assets/app-1.js"></script></body></html>`;
for (const app of ['explorer', 'console']) {
  mkdirSync(join(dir, app, 'assets'), { recursive: true });
  writeFileSync(join(dir, app, 'index.html'), html(`${app} page`));
  writeFileSync(join(dir, app, 'assets', 'app-1.js'), `console.log('${app}')`);
  writeFileSync(join(dir, app, '.source-hash'), 'private');
}

const devTokens: DevTokenOptions = {
  secret: JWT_SECRET,
  issuer: 'customer-context-dev',
  audience: 'customer-context',
  people: [{ sub: 'agt-care-jordan', name: 'Jordan Lee', role: 'agent', team: 'care' }],
};

async function startGateway(env: Record<string, string>, logs?: CapturedLogs) {
  const config = loadGatewayConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    SUPERGRAPH_FILE,
    JWT_SECRET,
    SUBGRAPH_HMAC_SECRET: randomBytes(32).toString('hex'),
    EXPLORER_DIR: join(dir, 'explorer'),
    CONSOLE_DIR: join(dir, 'console'),
    ...env,
  });
  return createGatewayServer(config, {
    devTokens,
    logger: createLogger({
      name: 'pages-gateway',
      ...(logs ? { level: 'debug', destination: logs.destination } : { level: 'silent' }),
    }),
  }).listen();
}

const page = (url: string, accept = 'text/html,application/xhtml+xml,*/*;q=0.8') =>
  fetch(url, { headers: { accept } });

describe('the pages in development', () => {
  let gateway: RunningGateway;
  const logs = captureLogs();
  beforeAll(async () => {
    gateway = await startGateway({}, logs);
  });
  afterAll(async () => {
    await gateway.stop();
  });

  it('answers a browser at GET /graphql with the explorer, under a self-only CSP', async () => {
    const response = await page(`${gateway.url}/graphql`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/https?:/);
    const body = await response.text();
    expect(body).toContain('explorer page');
    // What the explorer needs to know about this gateway, as meta tags.
    expect(body).toContain('<meta name="gateway-trusted-documents" content="off">');
    expect(body).toContain('<meta name="gateway-introspection" content="on">');
    // Not Apollo's CDN landing page.
    expect(body).not.toMatch(/apollographql|embeddable-sandbox|cdn\./i);
  });

  it('still answers GraphQL clients at /graphql (JSON preferred, or POST)', async () => {
    const get = await fetch(`${gateway.url}/graphql?query=%7B__typename%7D`, {
      headers: { accept: 'application/json', 'apollo-require-preflight': 'true' },
    });
    expect(get.status).toBe(200);
    expect(await get.json()).toMatchObject({ data: { __typename: 'Query' } });
    const post = await fetch(`${gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/html, application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(await post.json()).toMatchObject({ data: { __typename: 'Query' } });
  });

  it('serves the built assets and the console, but not the build stamp', async () => {
    const asset = await fetch(`${gateway.url}/explorer/assets/app-1.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect(await asset.text()).toBe("console.log('explorer')");
    const consolePage = await page(`${gateway.url}/console`);
    expect(consolePage.status).toBe(200);
    expect(await consolePage.text()).toContain('<meta name="gateway-dev-sign-in" content="on">');
    expect((await fetch(`${gateway.url}/console/.source-hash`)).status).toBe(404);
    expect((await fetch(`${gateway.url}/console/../package.json`)).status).toBe(404);
    const post = await fetch(`${gateway.url}/console/`, { method: 'POST' });
    expect(post.status).toBe(405);
  });

  it('mints a token the gateway accepts for a listed person, in the body only', async () => {
    const list = await fetch(`${gateway.url}/console/dev-token`);
    expect(await list.json()).toEqual({
      people: [{ sub: 'agt-care-jordan', name: 'Jordan Lee', role: 'agent', team: 'care' }],
    });
    const minted = await fetch(`${gateway.url}/console/dev-token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sub: 'agt-care-jordan' }),
    });
    expect(minted.status).toBe(200);
    expect(minted.headers.get('cache-control')).toBe('no-store');
    expect(minted.headers.get('access-control-allow-origin')).toBeNull();
    const { token } = (await minted.json()) as { token: string };
    const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as {
      sub: string;
      role: string;
    };
    expect(claims).toMatchObject({ sub: 'agt-care-jordan', role: 'agent' });
    const used = await fetch(`${gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(used.status).toBe(200);
    expect(logs.lines().join('\n')).not.toContain(token);
  });

  it.each([
    ['text/plain', '{"sub":"agt-care-jordan"}', 415, 'BAD_REQUEST'],
    ['application/json', '{"sub":"cus-someone-else"}', 400, 'BAD_USER_INPUT'],
    ['application/json', '{"sub":""}', 400, 'BAD_USER_INPUT'],
    ['application/json', 'not json', 400, 'BAD_REQUEST'],
    ['application/json', JSON.stringify({ sub: 'x'.repeat(5000) }), 413, 'BAD_REQUEST'],
  ])('refuses a %s sign-in of %s with %d %s', async (type, body, status, code) => {
    const response = await fetch(`${gateway.url}/console/dev-token`, {
      method: 'POST',
      headers: { 'content-type': type },
      body,
    });
    expect(response.status).toBe(status);
    const answer = (await response.json()) as { errors: { extensions: { code: string } }[] };
    expect(answer.errors[0]?.extensions.code).toBe(code);
  });
});

describe('the pages in production', () => {
  let gateway: RunningGateway;
  beforeAll(async () => {
    gateway = await startGateway({ NODE_ENV: 'production' });
  });
  afterAll(async () => {
    await gateway.stop();
  });

  it('has no dev sign-in, even when given one', async () => {
    expect((await fetch(`${gateway.url}/console/dev-token`)).status).toBe(404);
    const post = await fetch(`${gateway.url}/console/dev-token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sub: 'agt-care-jordan' }),
    });
    expect(post.status).toBe(404);
    expect(await (await page(`${gateway.url}/console`)).text()).toContain(
      '<meta name="gateway-dev-sign-in" content="off">',
    );
  });

  it('serves no explorer by default, and no landing page either', async () => {
    const response = await page(`${gateway.url}/graphql`);
    expect(response.headers.get('content-type') ?? '').not.toMatch(/text\/html/);
    expect(await response.text()).not.toContain('explorer page');
    expect((await fetch(`${gateway.url}/explorer/assets/app-1.js`)).status).toBe(404);
  });
});

describe('EXPLORER=off and a missing build', () => {
  it('serves no explorer when off, and says how to build a missing console', async () => {
    const gateway = await startGateway({ EXPLORER: 'off', CONSOLE_DIR: join(dir, 'nothing') });
    try {
      const response = await page(`${gateway.url}/graphql`);
      expect(await response.text()).not.toContain('explorer page');
      const missing = await page(`${gateway.url}/console`);
      expect(missing.status).toBe(503);
      expect(await missing.text()).toContain('npm run build:ui');
    } finally {
      await gateway.stop();
    }
  });

  it('EXPLORER=on serves it in production too', async () => {
    const gateway = await startGateway({ NODE_ENV: 'production', EXPLORER: 'on' });
    try {
      const body = await (await page(`${gateway.url}/graphql`)).text();
      expect(body).toContain('explorer page');
      expect(body).toContain('<meta name="gateway-trusted-documents" content="require">');
      expect(body).toContain('<meta name="gateway-introspection" content="off">');
    } finally {
      await gateway.stop();
    }
  });
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));
