import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertPortsFree } from '../../lib/assertPortsFree';
import { cleanNpmEnv } from '../harness/installPackedTarball';
import { startCommand } from '../harness/runCommand';

/**
 * `npm start` itself, as a developer runs it: the tests SIGTERM npm's own pid, which
 * must stop the server under it (npm forwards the signal; the script `exec`s node, so
 * no shell or tsx wrapper stands between them).
 */
function npmStart(env: Record<string, string>): ReturnType<typeof startCommand> {
  return startCommand('npm', ['start'], { env: cleanNpmEnv(env) });
}

/** Every distinct `http://127.0.0.1:N/graphql` port the start-up banner printed. */
function printedPorts(output: string): number[] {
  const ports = [...output.matchAll(/http:\/\/127\.0\.0\.1:(\d+)\/graphql/g)];
  return [...new Set(ports.map((m) => Number(m[1])))];
}

/** A first start took 66 s on two cores at load 20 (npm, tsx, six servers, migrations). */
const START_TIMEOUT_MS = 240_000;

describe('npm start (the all-in-one process)', () => {
  const secretsDir = mkdtempSync(join(tmpdir(), 'ccg-npm-start-'));
  const secretsFile = join(secretsDir, 'dev-secrets.env');
  afterAll(() => rmSync(secretsDir, { recursive: true, force: true }));

  it('starts every subgraph and the gateway on embedded defaults, answers, and stops everything on SIGTERM to npm', async () => {
    const ports = {
      PORT: '0',
      CRM_PORT: '0',
      ORDERS_PORT: '0',
      PROVISIONING_PORT: '0',
      SUPPORT_PORT: '0',
      ENGAGEMENT_PORT: '0',
    };
    const app = npmStart({
      ...ports,
      HOST: '127.0.0.1',
      PGLITE_DATA_DIR: 'memory',
      LOG_LEVEL: 'warn',
      DATABASE_URL: '',
      SEED_CUSTOMERS: '5',
      DEV_SECRETS_FILE: secretsFile,
    });
    let bound: number[] = [];
    try {
      const [, gatewayUrl] = await app.waitFor(
        /gateway\s+(http:\/\/\S+)\/graphql/,
        START_TIMEOUT_MS,
      );
      await app.waitFor(/Try:/);
      bound = printedPorts(app.output());
      expect(bound).toHaveLength(6);
      expect(app.output()).toMatch(/embedded PGlite \(in memory\)/);
      for (const name of ['crm', 'orders', 'provisioning', 'support', 'engagement']) {
        expect(app.output()).toMatch(new RegExp(`${name}\\s+http://127\\.0\\.0\\.1:\\d+/graphql`));
      }
      const [, agentToken] = await app.waitFor(/agent \(care, pii:read\)\s+(\S+)/);
      // Where a person opens the explorer and the console, and the console's dev sign-in.
      expect(app.output()).toContain(`explorer    ${gatewayUrl}/graphql`);
      expect(app.output()).toContain(`console     ${gatewayUrl}/console`);
      const picker = (await (await fetch(`${gatewayUrl}/console/dev-token`)).json()) as {
        people: { name: string }[];
      };
      expect(picker.people).toContainEqual(expect.objectContaining({ name: 'Morgan Price' }));
      const response = await fetch(`${gatewayUrl}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${agentToken}` },
        body: JSON.stringify({
          query:
            '{ customerByIdentifier(kind: PHONE, value: "(415) 555-0134") { displayName orders { edges { node { id } } } cases { id } } }',
        }),
      });
      const body = (await response.json()) as {
        data: { customerByIdentifier: { displayName: string; orders: unknown; cases: unknown } };
      };
      expect(body.data.customerByIdentifier.displayName).toBe('Dana Reyes');
      expect((await fetch(`${gatewayUrl}/ready`)).status).toBe(200);
      // The dev secrets it made are kept (owner-only), for tokens minted later.
      expect(statSync(secretsFile).mode & 0o777).toBe(0o600);
      expect(readFileSync(secretsFile, 'utf8')).toMatch(
        /^JWT_SECRET=\S+\nSUBGRAPH_HMAC_SECRET=\S+\n$/,
      );
    } finally {
      app.child.kill('SIGTERM');
    }
    expect(await app.exited).toBe(0);
    // npm has exited: the gateway and every subgraph under it must have let go of their ports.
    await expect(
      assertPortsFree(
        bound.map((port) => ({ service: 'test', host: '127.0.0.1', port, variable: 'PORT' })),
      ),
    ).resolves.toBeUndefined();
  }, 300_000);

  it('prints no token with NODE_ENV=production, though it has the secret to sign one', async () => {
    const app = npmStart({
      PORT: '0',
      CRM_PORT: '0',
      ORDERS_PORT: '0',
      PROVISIONING_PORT: '0',
      SUPPORT_PORT: '0',
      ENGAGEMENT_PORT: '0',
      HOST: '127.0.0.1',
      PGLITE_DATA_DIR: 'memory',
      LOG_LEVEL: 'warn',
      DATABASE_URL: '',
      SEED_CUSTOMERS: '5',
      NODE_ENV: 'production',
      JWT_SECRET: randomBytes(48).toString('base64url'),
      SUBGRAPH_HMAC_SECRET: randomBytes(48).toString('base64url'),
    });
    try {
      const [, gatewayUrl] = await app.waitFor(
        /gateway\s+(http:\/\/\S+)\/graphql/,
        START_TIMEOUT_MS,
      );
      await app.waitFor(/Try:/);
      // Up and serving (so it had every chance to print what it prints).
      expect((await fetch(`${gatewayUrl}/ready`)).status).toBe(200);
      expect(app.output()).toMatch(/No tokens printed in production/);
      expect(app.output()).not.toMatch(/agent \(care, pii:read\)/);
      // No explorer by default, and no dev sign-in at all in production.
      expect(app.output()).not.toMatch(/explorer\s+http/);
      expect(app.output()).toContain(`console     ${gatewayUrl}/console`);
      expect((await fetch(`${gatewayUrl}/console/dev-token`)).status).toBe(404);
      // No JWT anywhere in what it printed.
      expect(app.output()).not.toMatch(/eyJ[\w-]+\.[\w-]+\.[\w-]+/);
    } finally {
      app.child.kill('SIGTERM');
    }
    expect(await app.exited).toBe(0);
  }, 300_000);
});
