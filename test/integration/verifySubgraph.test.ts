import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runVerifySubgraph } from '../../gateway/src/commands/verifySubgraph';
import { SUBGRAPHS } from '../../subgraphs/registry';
import {
  BAD_SUBGRAPH,
  startOutOfOrderSubgraph,
  startSubgraphWithoutHealth,
  type BadSubgraph,
} from '../fixtures/badSubgraphs';
import { startInventorySubgraph } from '../fixtures/inventorySubgraph';
import { ROOT } from '../harness/runCommand';
import { startTestSubgraphs, type TestSubgraphs } from '../harness/startTestSubgraphs';

/**
 * Runs the command as the bin would, with `env` as its whole environment, returning its
 * exit code, its report (stdout) and what it wrote to stderr.
 */
async function verify(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number; report: string; stderr: string }> {
  let report = '';
  let stderr = '';
  const code = await runVerifySubgraph(args, {
    cwd: ROOT,
    env,
    stdout: { write: (text: string) => (report += text) },
    stderr: { write: (text: string) => (stderr += text) },
  });
  return { code, report, stderr };
}

/** The report line of the check named `name`. */
function line(report: string, name: string): string {
  const found = report.split('\n').find((l) => l.slice(5).startsWith(`${name} `));
  if (!found) throw new Error(`no line for ${name} in:\n${report}`);
  return found;
}

describe('customer-context-gateway verify-subgraph', () => {
  let stack: TestSubgraphs;
  beforeAll(async () => {
    stack = await startTestSubgraphs(SUBGRAPHS, { seedCustomers: 3 });
  });
  afterAll(async () => {
    await stack.stop();
  });

  it.each(SUBGRAPHS.map((s) => s.name))('passes on the %s subgraph', async (name) => {
    const url = stack.subgraphs[name]!.graphqlUrl;
    const { code, report } = await verify(['--url', url, '--subgraph', name], {
      SUBGRAPH_HMAC_SECRET: stack.secret,
    });
    expect(report).not.toMatch(/^(FAIL|WARN)/m);
    expect(report).toContain(`${url} conforms`);
    expect(line(report, 'entities Customer reversed')).toMatch(/^PASS/);
    expect(line(report, 'forged refused')).toMatch(/^PASS/);
    expect(code).toBe(0);
  });

  it('reads the secret from the variable --secret-env names, and warns without one', async () => {
    const url = stack.subgraphs.crm!.graphqlUrl;
    const named = await verify(['--url', url, '--subgraph', 'crm', '--secret-env', 'CRM_SECRET'], {
      CRM_SECRET: stack.secret,
    });
    expect(named.code).toBe(0);
    expect(line(named.report, 'signed claims accepted')).toMatch(/^PASS/);

    const missing = await verify(['--url', url, '--subgraph', 'crm'], {});
    expect(line(missing.report, 'signed claims')).toMatch(
      /^WARN .*no secret in \$SUBGRAPH_HMAC_SECRET/,
    );
    expect(missing.code).toBe(0);
  });

  it('fails a wrong secret: signed claims are refused', async () => {
    const url = stack.subgraphs.orders!.graphqlUrl;
    const { code, report } = await verify(['--url', url, '--subgraph', 'orders'], {
      SUBGRAPH_HMAC_SECRET: randomBytes(32).toString('base64url'),
    });
    expect(line(report, 'signed claims accepted')).toMatch(/^FAIL .*were refused \(HTTP 401/);
    expect(code).toBe(1);
  });

  describe('on broken subgraphs', () => {
    const secret = randomBytes(32).toString('base64url');
    const env = { SUBGRAPH_HMAC_SECRET: secret };
    let bad: BadSubgraph | undefined;
    afterEach(async () => {
      await bad?.stop();
      bad = undefined;
    });

    it('fails, naming the positions, a subgraph that resolves entities out of order', async () => {
      bad = await startOutOfOrderSubgraph(secret);
      const { code, report } = await verify(['--url', bad.url, '--subgraph', BAD_SUBGRAPH], env);
      expect(line(report, 'entities Customer')).toMatch(
        /^FAIL .*position 1 asked for id cus-sam-okafor but got cus-priya-nair.*map its rows back to the keys/,
      );
      expect(line(report, 'entities Customer reversed')).toMatch(
        /^FAIL .*position \d asked for id/,
      );
      expect(line(report, 'health')).toMatch(/^PASS/);
      expect(line(report, 'unsigned refused')).toMatch(/^PASS/);
      expect(report).toContain('does not conform: 2 of');
      expect(code).toBe(1);
    });

    it('fails a subgraph without /health and says what to serve', async () => {
      bad = await startSubgraphWithoutHealth(secret);
      const { code, report } = await verify(['--url', bad.url, '--subgraph', BAD_SUBGRAPH], env);
      expect(line(report, 'health')).toMatch(
        /^FAIL .*\/health answered 404; serve GET \/health with 200/,
      );
      expect(line(report, 'entities Customer')).toMatch(/^PASS/);
      expect(report).toContain('does not conform: 1 of');
      expect(code).toBe(1);
    });
  });

  describe('on an entity of another domain', () => {
    let inventory: { url: string; stop(): Promise<void> };
    const dir = mkdtempSync(join(tmpdir(), 'cc-verify-'));
    const domainFile = (content: object) => {
      const file = join(dir, `domain-${randomBytes(4).toString('hex')}.json`);
      writeFileSync(file, JSON.stringify(content));
      return file;
    };
    beforeAll(async () => {
      inventory = await startInventorySubgraph();
    });
    afterAll(async () => {
      await inventory.stop();
      rmSync(dir, { recursive: true, force: true });
    });

    it('resolves the entity the domain file names, with its key and samples', async () => {
      const domain = domainFile({
        verify: { entity: 'Product', key: 'upc', sampleIds: ['p-3', 'p-1', 'p-2'] },
      });
      const { report } = await verify(
        ['--url', inventory.url, '--subgraph', 'inventory', '--domain', domain],
        {},
      );
      expect(line(report, 'entities Product')).toMatch(
        /^PASS .*4 representations resolve one per key/,
      );
      expect(line(report, 'entities Product reversed')).toMatch(/^PASS/);
      expect(line(report, 'unknown Product')).toMatch(/^PASS .*an unknown upc resolves to null/);
      expect(report).not.toContain('Customer');
    });

    it('takes the entity from the options, and refuses one without samples', async () => {
      const generic = domainFile({});
      const args = ['--url', inventory.url, '--subgraph', 'inventory', '--domain', generic];
      const named = await verify(
        [...args, '--entity', 'Product', '--key', 'upc', '--sample-ids', 'p-2,p-1'],
        {},
      );
      expect(line(named.report, 'entities Product reversed')).toMatch(/^PASS/);
      // The repository's samples belong to its own entity, not to one named on the command line.
      const noSamples = await verify(
        ['--url', inventory.url, '--subgraph', 'inventory', '--entity', 'Product', '--key', 'upc'],
        {},
      );
      expect(noSamples.code).toBe(2);
      expect(noSamples.stderr).toContain('--sample-ids must list keys of Product');
      // Neither names one: the check is skipped, saying how to name one.
      const none = await verify(args, {});
      expect(line(none.report, 'entities')).toMatch(
        /^WARN .*skipped: no entity named; pass --entity/,
      );
      expect(none.report).not.toMatch(/entities Customer/);
    });

    it('refuses a domain file whose verify block is malformed', async () => {
      const bad = domainFile({ verify: { entity: 'Product', sampleIds: [] } });
      const { code, stderr } = await verify(
        ['--url', inventory.url, '--subgraph', 'inventory', '--domain', bad],
        {},
      );
      expect(code).toBe(2);
      expect(stderr).toMatch(/^verify-subgraph: invalid domain file:/);
    });
  });
});
