import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
  writeFileSync(join(work, 'reportLoadedModules.cjs'), REPORT_LOADED_MODULES);
});
afterAll(async () => {
  await new Promise((resolve) => holder.close(resolve));
  rmSync(work, { recursive: true, force: true });
});

const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
/**
 * Preloaded (`node --require`) into each process a start runs: when it exits, it writes
 * the modules it loaded, one path a line, to $LOADED_MODULES_FILE.<pid> (npm runs its
 * script in a node process of its own, which writes its own file).
 */
const REPORT_LOADED_MODULES = `
const file = process.env.LOADED_MODULES_FILE;
if (file) process.on('exit', () => require('node:fs').writeFileSync(
  file + '.' + process.pid, Object.keys(require.cache).join('\\n')));
`;

/**
 * The environment every start below shares; `dataDir` is where PGlite would go. Each
 * node process started with it reports the modules it loaded to `<dataDir>.loaded.<pid>`.
 */
function env(dataDir: string, extra: Record<string, string>): NodeJS.ProcessEnv {
  return cleanNpmEnv({
    NODE_OPTIONS: `--require ${join(work, 'reportLoadedModules.cjs')}`,
    LOADED_MODULES_FILE: `${dataDir}.loaded`,
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

/** The repository's modules (relative paths) that the processes run with `env(dataDir)` loaded. */
function loadedModules(dataDir: string): string[] {
  const prefix = `${dataDir.slice(work.length + 1)}.loaded.`;
  const reports = readdirSync(work).filter((name) => name.startsWith(prefix));
  expect(reports.length).toBeGreaterThan(0);
  return reports
    .flatMap((name) => readFileSync(join(work, name), 'utf8').split('\n'))
    .filter((path) => path.startsWith(`${ROOT}/`) && !path.includes('/node_modules/'))
    .map((path) => path.slice(ROOT.length + 1));
}

/** What a start must not have loaded before its port check: any subgraph's code, the gateway server. */
const LOADED_AFTER_THE_CHECK = /^(subgraphs\/(registry|[^/]+\/src\/)|gateway\/src\/server)/;

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
    const loaded = loadedModules(join(work, 'unused'));
    expect(loaded).toContain('gateway/src/cli.ts');
    expect(loaded.filter((path) => LOADED_AFTER_THE_CHECK.test(path))).toEqual([]);
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
    const loaded = loadedModules(dataDir);
    expect(loaded).toContain('subgraphs/index.ts');
    expect(loaded.filter((path) => LOADED_AFTER_THE_CHECK.test(path))).toEqual([]);
  });

  it('names the known subgraphs for an unknown one, before checking any port', async () => {
    const dataDir = join(work, 'unknown');
    const result = await runCommand(TSX, ['subgraphs/index.ts', 'crn'], {
      env: env(dataDir, { CRN_PORT: String(port) }),
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'unknown subgraph "crn"; known: crm, orders, provisioning, support, engagement',
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
        // No secrets set: a start that went on would make and keep dev ones here.
        JWT_SECRET: '',
        SUBGRAPH_HMAC_SECRET: '',
        DEV_SECRETS_FILE: join(work, 'all-secrets.env'),
      }),
    });
    expect(result.code).toBe(1);
    expect(existsSync(join(work, 'all-secrets.env'))).toBe(false);
    expect(result.stderr).toContain(
      `subgraph orders cannot listen on 127.0.0.1:${port}: the port is already in use (set ORDERS_PORT`,
    );
    expect(existsSync(dataDir)).toBe(false);
    const loaded = loadedModules(dataDir);
    expect(loaded).toContain('scripts/start-all.ts');
    expect(loaded.filter((path) => LOADED_AFTER_THE_CHECK.test(path))).toEqual([]);
    // The browser apps are built (when stale) only after the check.
    expect(loaded).not.toContain('scripts/buildUi.ts');
  });
});
