import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanNpmEnv } from '../harness/installPackedTarball';
import { ROOT, runCommand } from '../harness/runCommand';

/** Starting tsx and npm on two loaded cores takes a while; the port check itself does not. */
jest.setTimeout(180_000);

/**
 * A port another process holds: each way of starting fails at once (before any
 * migration: the PGlite folder is never made), naming the service and the variable
 * that moves it.
 */
let holder: Server;
let port: number;
let work: string;
beforeAll(async () => {
  holder = createServer();
  await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
  port = (holder.address() as AddressInfo).port;
  work = mkdtempSync(join(tmpdir(), 'ccg-port-'));
});
afterAll(async () => {
  await new Promise((resolve) => holder.close(resolve));
  rmSync(work, { recursive: true, force: true });
});

const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');

/** The environment every start below shares; `dataDir` is where PGlite would go. */
function env(dataDir: string, extra: Record<string, string>): NodeJS.ProcessEnv {
  return cleanNpmEnv({
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    DATABASE_URL: '',
    REDIS_URL: '',
    PGLITE_DATA_DIR: dataDir,
    JWT_SECRET: 'x'.repeat(48),
    SUBGRAPH_HMAC_SECRET: 'y'.repeat(48),
    ...extra,
  });
}

describe('a port already in use', () => {
  it('stops the gateway before it loads anything, naming PORT', async () => {
    const result = await runCommand(
      process.execPath,
      ['bin/customer-context-gateway.js', 'serve', '--supergraph', 'schema/supergraph.graphql'],
      { env: env(join(work, 'unused'), { PORT: String(port) }) },
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `gateway cannot listen on 127.0.0.1:${port}: the port is already in use (set PORT to another port`,
    );
    expect(result.stdout).not.toMatch(/gateway serving/);
  });

  it('names --port when the port came from the command line', async () => {
    const result = await runCommand(
      process.execPath,
      ['bin/customer-context-gateway.js', 'serve', '--port', String(port)],
      { env: env(join(work, 'unused'), {}) },
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/gateway cannot listen on .*\(set --port to another port/);
  });

  it('stops a subgraph before its migrations, naming CRM_PORT', async () => {
    const dataDir = join(work, 'crm');
    const result = await runCommand(TSX, ['subgraphs/index.ts', 'crm'], {
      env: env(dataDir, { CRM_PORT: String(port) }),
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `subgraph crm cannot listen on 127.0.0.1:${port}: the port is already in use (set CRM_PORT`,
    );
    expect(existsSync(dataDir)).toBe(false);
  });

  it('stops npm start before its migrations, naming the subgraph and ORDERS_PORT', async () => {
    const dataDir = join(work, 'all');
    const result = await runCommand('npm', ['start'], {
      env: env(dataDir, {
        PORT: '0',
        CRM_PORT: '0',
        ORDERS_PORT: String(port),
        PROVISIONING_PORT: '0',
        SUPPORT_PORT: '0',
        ENGAGEMENT_PORT: '0',
      }),
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `subgraph orders cannot listen on 127.0.0.1:${port}: the port is already in use (set ORDERS_PORT`,
    );
    expect(existsSync(dataDir)).toBe(false);
  });
});
