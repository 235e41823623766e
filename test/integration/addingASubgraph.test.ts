import { randomBytes } from 'node:crypto';
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '../../lib/logger';
import { DEFAULT_JWT_AUDIENCE, DEFAULT_JWT_ISSUER } from '../../gateway/src/auth/devCredentials';
import { signToken } from '../../gateway/src/auth/signToken';
import { runCheck } from '../../gateway/src/commands/check';
import { runNewSubgraph } from '../../gateway/src/commands/newSubgraph';
import { runVerifySubgraph } from '../../gateway/src/commands/verifySubgraph';
import { runCompose } from '../../gateway/src/composition/runCompose';
import { loadGatewayConfig } from '../../gateway/src/config';
import { createGatewayServer, type RunningGateway } from '../../gateway/src/server';
import { policies } from '../../schema/policies';
import { crmSubgraph } from '../../subgraphs/crm/src';
import { engagementSubgraph } from '../../subgraphs/engagement/src';
import type { SubgraphDefinition } from '../../subgraphs/shared/subgraphDefinition';
import { eventually } from '../harness/eventually';
import { ROOT, runCommand } from '../harness/runCommand';
import { runInProcess } from '../harness/runInProcess';
import { startTestSubgraphs, type TestSubgraphs } from '../harness/startTestSubgraphs';

/**
 * Follows docs/adding-a-subgraph.md on a temporary copy of the repository's schema/
 * folder and subgraph SDLs, so the guide cannot go stale: scaffold `loyalty`, check
 * it, compose, start it beside crm and engagement, hot-reload the gateway onto the new
 * supergraph and query the new fields (and engagement's) through the real stack.
 */

const SUBGRAPH_NAMES = ['crm', 'orders', 'provisioning', 'support', 'engagement'];

const SAM = /* GraphQL */ `
  {
    customer(id: "cus-sam-okafor") {
      id
      loyaltySummary {
        itemCount
      }
      loyaltyItems(first: 5) {
        title
      }
      inAppNow {
        screen
        function
      }
      appSessions(first: 1) {
        id
      }
    }
  }
`;

/**
 * Runs `customer-context-gateway new-subgraph ARGS` in a child process (GraphQL Code
 * Generator, which the command runs, loads ES modules that Jest cannot). Returns its exit code.
 */
async function newSubgraph(...args: string[]): Promise<number | null> {
  const script = `const { runNewSubgraph } = require('./gateway/src/commands/newSubgraph'); const { processIo } = require('./gateway/src/commands/commandIo'); runNewSubgraph(${JSON.stringify(args)}, processIo()).then((code) => process.exit(code))`;
  const result = await runCommand(join(ROOT, 'node_modules/.bin/tsx'), ['-e', script], {
    timeoutMs: 120_000,
  });
  return result.code;
}

/** A throwaway repository root holding copies of what the guide's steps read and write. */
function temporaryRepository(): string {
  const dir = mkdtempSync(join(tmpdir(), 'adding-a-subgraph-'));
  cpSync(join(ROOT, 'schema'), join(dir, 'schema'), { recursive: true });
  for (const name of SUBGRAPH_NAMES) {
    mkdirSync(join(dir, 'subgraphs', name, 'src'), { recursive: true });
    copyFileSync(
      join(ROOT, 'subgraphs', name, 'src', 'schema.graphql'),
      join(dir, 'subgraphs', name, 'src', 'schema.graphql'),
    );
  }
  for (const file of ['registry.ts', 'subgraphPorts.ts']) {
    copyFileSync(join(ROOT, 'subgraphs', file), join(dir, 'subgraphs', file));
  }
  copyFileSync(join(ROOT, '.prettierrc.json'), join(dir, '.prettierrc.json'));
  // The scaffolded code imports the shared runtime and packages the way it would in the repo.
  symlinkSync(join(ROOT, 'subgraphs', 'shared'), join(dir, 'subgraphs', 'shared'));
  symlinkSync(join(ROOT, 'lib'), join(dir, 'lib'));
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

describe('adding a subgraph, as docs/adding-a-subgraph.md says', () => {
  const dir = temporaryRepository();
  const yaml = join(dir, 'schema', 'supergraph.yaml');
  const supergraph = join(dir, 'schema', 'supergraph.graphql');
  let stack: TestSubgraphs | undefined;
  let gateway: RunningGateway | undefined;

  beforeAll(() => {
    jest.spyOn(console, 'log').mockImplementation(() => undefined);
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
    // The guide starts from an up-to-date supergraph (engagement included).
    writeFileSync(join(dir, 'schema', 'supergraph.before.yaml'), readFileSync(yaml, 'utf8'));
  });
  afterAll(async () => {
    await gateway?.stop();
    await stack?.stop();
    jest.restoreAllMocks();
    rmSync(dir, { recursive: true, force: true });
  });

  it('step 0: the schema folder composes as it is', async () => {
    const composed = await runInProcess(runCompose, ['--config', yaml, '--out', supergraph]);
    expect(composed.code).toBe(0);
  });

  it('step 1: new-subgraph scaffolds loyalty and registers it; refuses bad or taken names', async () => {
    expect(await newSubgraph('loyalty', '--dir', dir, '--port', '4099')).toBe(0);
    for (const file of [
      'subgraphs/loyalty/codegen.json',
      'subgraphs/loyalty/src/index.ts',
      'subgraphs/loyalty/src/schema.graphql',
      'subgraphs/loyalty/src/seed/index.ts',
      'subgraphs/loyalty/src/migrations/0001_loyalty.sql',
      'subgraphs/loyalty/src/modules/loyalty/loaders.ts',
      'subgraphs/loyalty/src/generated/graphql.ts',
      'test/unit/loyalty/loyalty.test.ts',
    ]) {
      expect(existsSync(join(dir, file))).toBe(true);
    }
    expect(readFileSync(yaml, 'utf8')).toContain(
      'loyalty:\n    routing_url: http://localhost:4099/graphql',
    );
    expect(readFileSync(join(dir, 'subgraphs/registry.ts'), 'utf8')).toMatch(
      /import \{ loyaltySubgraph \} from '\.\/loyalty\/src';[\s\S]*\n {2}loyaltySubgraph,\n\];/,
    );
    expect(readFileSync(join(dir, 'subgraphs/subgraphPorts.ts'), 'utf8')).toMatch(
      /\n {2}engagement: 4005,\n {2}loyalty: 4099,\n\}\);/,
    );
    // Refusals come before code generation, so they run in this process.
    const taken = await runInProcess(runNewSubgraph, ['loyalty', '--dir', dir]);
    expect(taken).toMatchObject({ code: 2, stdout: '' });
    expect(taken.stderr).toMatch(/^new-subgraph: subgraphs\/loyalty already exists/);
    const invalid = await runInProcess(runNewSubgraph, ['Loyalty-2', '--dir', dir]);
    expect(invalid).toMatchObject({ code: 2, stdout: '' });
    expect(invalid.stderr).toMatch(/^new-subgraph: invalid name "Loyalty-2"/);
  });

  it('step 2: check reports the addition as safe against the supergraph before it', async () => {
    const { code, stdout } = await runInProcess(runCheck, [
      '--subgraph',
      'loyalty',
      '--schema',
      join(dir, 'subgraphs/loyalty/src/schema.graphql'),
      '--config',
      join(dir, 'schema', 'supergraph.before.yaml'),
    ]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/loyaltySummary/);
  });

  it('step 3: compose writes a supergraph with the new fields', async () => {
    const before = readFileSync(supergraph, 'utf8');
    const composed = await runInProcess(runCompose, [
      '--config',
      yaml,
      '--out',
      `${supergraph}.next`,
    ]);
    expect(composed.code).toBe(0);
    const next = readFileSync(`${supergraph}.next`, 'utf8');
    expect(before).not.toContain('loyaltySummary');
    // Nullable: a field one subgraph adds to crm's Customer (compose refuses it non-null).
    expect(next).toMatch(/loyaltySummary: LoyaltySummary @join__field\(graph: LOYALTY\)/);
    expect(next).toContain('inAppNow: AppPresence @join__field(graph: ENGAGEMENT)');
  });

  it('steps 4-6: run it, hot-reload the gateway onto the new supergraph, query the new fields', async () => {
    const { loyaltySubgraph } = (await import(join(dir, 'subgraphs/loyalty/src/index.ts'))) as {
      loyaltySubgraph: SubgraphDefinition;
    };
    stack = await startTestSubgraphs([crmSubgraph, engagementSubgraph, loyaltySubgraph], {
      seedCustomers: 5,
    });
    // Step 5: the conformance kit passes on the scaffold as it is.
    const verified = await runInProcess(
      runVerifySubgraph,
      ['--url', stack.subgraphs.loyalty?.graphqlUrl ?? '', '--subgraph', 'loyalty'],
      { env: { SUBGRAPH_HMAC_SECRET: stack.secret } },
    );
    expect(verified).toEqual({ code: 0, stdout: expect.any(String), stderr: '' });
    const jwtSecret = randomBytes(48).toString('base64url');
    const config = loadGatewayConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      SUPERGRAPH_FILE: supergraph,
      LOG_LEVEL: 'silent',
      JWT_SECRET: jwtSecret,
      SUBGRAPH_HMAC_SECRET: stack.secret,
    });
    gateway = await createGatewayServer(config, {
      policies,
      logger: createLogger({ name: 'test-gateway', level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
      subgraphUrls: Object.fromEntries(
        Object.values(stack.subgraphs).map((s) => [s.name, s.graphqlUrl]),
      ),
    }).listen();
    const token = await signToken({
      secret: jwtSecret,
      issuer: DEFAULT_JWT_ISSUER,
      audience: DEFAULT_JWT_AUDIENCE,
      sub: 'agt-care-jordan',
      role: 'agent',
      team: 'care',
      scopes: ['pii:read'],
      ttlSec: 600,
    });
    const url = gateway.url;
    const ask = async (): Promise<{ data?: unknown; errors?: unknown[] }> => {
      const response = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: SAM }),
      });
      return (await response.json()) as { data?: unknown; errors?: unknown[] };
    };
    // Before the reload the gateway does not know the new fields.
    expect((await ask()).errors).toBeDefined();
    // Hot reload: the gateway watches its supergraph file; no restart.
    writeFileSync(supergraph, readFileSync(`${supergraph}.next`, 'utf8'));
    const answer = await eventually(async () => {
      const result = await ask();
      if (result.errors) throw new Error(JSON.stringify(result.errors));
      return result;
    });
    expect(answer.data).toEqual({
      customer: {
        id: 'cus-sam-okafor',
        loyaltySummary: { itemCount: 2 },
        loyaltyItems: [{ title: 'Second item' }, { title: 'First item' }],
        inAppNow: { screen: 'plan-change/confirm', function: 'changePlan' },
        appSessions: [{ id: 'ses-sam-now' }],
      },
    });
  });
});
