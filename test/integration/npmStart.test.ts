import { ROOT, startCommand } from '../harness/runCommand';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';

describe('npm start (the all-in-one process)', () => {
  it('starts every subgraph and the gateway on embedded defaults, answers, and stops cleanly on SIGTERM', async () => {
    const ports = {
      PORT: '0',
      CRM_PORT: '0',
      ORDERS_PORT: '0',
      PROVISIONING_PORT: '0',
      SUPPORT_PORT: '0',
    };
    const app = startCommand(join(ROOT, 'node_modules', '.bin', 'tsx'), ['scripts/start-all.ts'], {
      env: {
        ...ports,
        HOST: '127.0.0.1',
        PGLITE_DATA_DIR: 'memory',
        LOG_LEVEL: 'warn',
        DATABASE_URL: '',
        SEED_CUSTOMERS: '5',
      },
    });
    try {
      const [, gatewayUrl] = await app.waitFor(/gateway\s+(http:\/\/\S+)\/graphql/, 90_000);
      expect(app.output()).toMatch(/embedded PGlite \(in memory\)/);
      for (const name of ['crm', 'orders', 'provisioning', 'support']) {
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
    } finally {
      app.child.kill('SIGTERM');
    }
    expect(await app.exited).toBe(0);
  });

  it('prints no token with NODE_ENV=production, though it has the secret to sign one', async () => {
    const app = startCommand(join(ROOT, 'node_modules', '.bin', 'tsx'), ['scripts/start-all.ts'], {
      env: {
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
      },
    });
    try {
      const [, gatewayUrl] = await app.waitFor(/gateway\s+(http:\/\/\S+)\/graphql/, 90_000);
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
  });
});
