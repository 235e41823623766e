import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanNpmEnv, installPackedTarball } from '../harness/installPackedTarball';
import { ROOT, runCommand, startCommand, type RunningCommand } from '../harness/runCommand';
import {
  startTestStack,
  SUPERGRAPH_FILE,
  TEST_AGENT,
  type TestStack,
} from '../harness/startTestStack';

/**
 * `npm pack` (its prepack runs `npm run build`), then what an adopter does with the
 * tarball: install it into an empty folder and run `customer-context-gateway serve`
 * with plain node, no TypeScript and no tsx anywhere.
 */
const DANA = '{ customer(id: "cus-dana-reyes") { displayName } }';

let work: string;
let tarball: string;
let stack: TestStack;
beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'ccg-pack-'));
  const [packed, started] = await Promise.all([
    runCommand('npm', ['pack', '--pack-destination', work], {
      env: cleanNpmEnv(),
      timeoutMs: 420_000,
    }),
    startTestStack({ seedCustomers: 2 }),
  ]);
  stack = started;
  if (packed.code !== 0) throw new Error(`npm pack failed:\n${packed.stdout}\n${packed.stderr}`);
  tarball = join(work, packed.stdout.trim().split('\n').at(-1) ?? '');
}, 480_000);
afterAll(async () => {
  await stack?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

/** Sends DANA to a gateway at `url` as the test agent. */
async function askForDana(url: string): Promise<unknown> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${await stack.tokenFor(TEST_AGENT)}`,
    },
    body: JSON.stringify({ query: DANA }),
  });
  return response.json();
}

/** The subgraph URLs of the test stack, as `SUBGRAPH_URL_<NAME>`. */
function subgraphUrls(): Record<string, string> {
  return Object.fromEntries(
    Object.values(stack.subgraphs).map((s) => [
      `SUBGRAPH_URL_${s.name.toUpperCase()}`,
      s.graphqlUrl,
    ]),
  );
}

async function servingUrl(command: RunningCommand): Promise<string> {
  try {
    const [, url] = await command.waitFor(/gateway serving .* at (http:\/\/\S+)\/graphql/, 150_000);
    return url ?? '';
  } catch (error) {
    command.child.kill('SIGKILL');
    throw error;
  }
}

describe('the packed tarball', () => {
  it('holds the compiled runtime and its assets, and no sources, tests or benchmarks', async () => {
    const listed = await runCommand('tar', ['-tzf', tarball]);
    const files = listed.stdout.split('\n').filter(Boolean);
    expect(files).toEqual(
      expect.arrayContaining([
        'package/bin/customer-context-gateway.js',
        'package/dist/gateway/src/index.js',
        'package/dist/subgraphs/crm/src/schema.graphql',
        'package/dist/subgraphs/crm/src/migrations/0001_customers.sql',
        'package/package.json',
      ]),
    );
    expect(files.filter((file) => /\.ts$/.test(file) && !/\.d\.ts$/.test(file))).toEqual([]);
    expect(
      files.filter((file) => /^package\/(test|bench|dist\/test|dist\/bench)\//.test(file)),
    ).toEqual([]);
  });

  it('installs offline into an empty folder and serves a supergraph with plain node', async () => {
    const app = join(work, 'adopter');
    const installed = await installPackedTarball(tarball, app);
    expect({ code: installed.code, stderr: installed.stderr }).toEqual({
      code: 0,
      stderr: expect.not.stringMatching(/ERR!/),
    });
    // No TypeScript runner came along: what runs below is the compiled JavaScript.
    expect(existsSync(join(app, 'node_modules', 'tsx'))).toBe(false);
    const bin = join(app, 'node_modules', '.bin', 'customer-context-gateway');
    const gateway = startCommand(bin, ['serve', '--supergraph', SUPERGRAPH_FILE, '--port', '0'], {
      env: {
        ...cleanNpmEnv(),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        JWT_SECRET: stack.jwtSecret,
        SUBGRAPH_HMAC_SECRET: stack.secret,
        ...subgraphUrls(),
      },
    });
    try {
      const url = await servingUrl(gateway);
      expect(await askForDana(url)).toMatchObject({
        data: { customer: { displayName: 'Dana Reyes' } },
      });
    } finally {
      gateway.child.kill('SIGTERM');
    }
    expect(await gateway.exited).toBe(0);
  }, 240_000);
});

describe('npm run start:gateway', () => {
  it('runs the compiled gateway in dist/ with plain node', async () => {
    const scripts = (
      JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
        scripts: Record<string, string>;
      }
    ).scripts;
    expect(scripts['start:gateway']).toMatch(/^exec node dist\/gateway\/src\/index\.js serve /);
    expect(scripts['start:subgraph']).toMatch(/^exec node dist\/subgraphs\/index\.js$/);
    const gateway = startCommand('npm', ['run', '-s', 'start:gateway'], {
      env: {
        ...cleanNpmEnv(),
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        JWT_SECRET: stack.jwtSecret,
        SUBGRAPH_HMAC_SECRET: stack.secret,
        ...subgraphUrls(),
      },
    });
    try {
      const url = await servingUrl(gateway);
      expect(await askForDana(url)).toMatchObject({
        data: { customer: { displayName: 'Dana Reyes' } },
      });
    } finally {
      gateway.child.kill('SIGTERM');
    }
    expect(await gateway.exited).toBe(0);
  }, 240_000);
});
