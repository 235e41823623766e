import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCheck } from '../../gateway/src/commands/check';
import { crmSubgraph } from '../../subgraphs/crm/src';
import { ROOT, runCommand } from '../harness/runCommand';
import { runInProcess } from '../harness/runInProcess';
import { startTestSubgraphs, type TestSubgraphs } from '../harness/startTestSubgraphs';

/** A copy of schema/ and the subgraph SDLs, laid out as in the repository. */
function copyOfSchemas(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cc-check-'));
  cpSync(join(ROOT, 'schema'), join(dir, 'schema'), { recursive: true });
  cpSync(join(ROOT, 'subgraphs'), join(dir, 'subgraphs'), {
    recursive: true,
    filter: (source) =>
      !source.includes('node_modules') &&
      (!source.includes('.') || source.endsWith('.graphql') || source.endsWith('.yaml')),
  });
  return dir;
}

const CRM_SDL = join('subgraphs', 'crm', 'src', 'schema.graphql');
/** `Customer.displayName` with its description, as the crm SDL declares it. */
const REMOVED_DISPLAY_NAME =
  '  "Name to address the customer by, e.g. `Dana Reyes`."\n  displayName: String!\n';

/** Writes the crm SDL with `from` replaced by `to` as `candidate.graphql` in `dir`, failing when the edit matched nothing. */
function candidate(dir: string, from: string, to: string): string {
  const sdl = readFileSync(join(dir, CRM_SDL), 'utf8');
  if (!sdl.includes(from)) throw new Error(`crm SDL no longer contains ${JSON.stringify(from)}`);
  const file = join(dir, 'candidate.graphql');
  writeFileSync(file, sdl.replace(from, to));
  return file;
}

/**
 * `check ARGS` in `dir`, in this process: the command's entry function with its own
 * directory, environment and output (the first test runs the real bin once, for the wiring).
 */
const check = (dir: string, args: string[], env: NodeJS.ProcessEnv = {}) =>
  runInProcess(runCheck, args, { cwd: dir, env });

describe('customer-context-gateway check', () => {
  it('reports a removed field as breaking and names the operation it breaks (the real bin)', async () => {
    const dir = copyOfSchemas();
    const file = candidate(dir, REMOVED_DISPLAY_NAME, '');
    const result = await runCommand(
      join(ROOT, 'bin', 'customer-context-gateway.js'),
      ['check', '--subgraph', 'crm', '--schema', file],
      { cwd: dir },
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      /BREAKING \(1\)\n {2}- Field 'displayName' was removed from object type 'Customer' {2}\[Customer\.displayName\]/,
    );
    expect(result.stdout).toContain(
      'breaks operation CustomerContext: Cannot query field "displayName" on type "Customer".',
    );
    // The registered live subscription is checked too, against the schema with its live field.
    expect(result.stdout).toContain(
      'breaks operation LiveCustomerContext: Cannot query field "displayName" on type "Customer".',
    );
  });

  it('names operations from --operations DIR too', async () => {
    const dir = copyOfSchemas();
    const file = candidate(dir, REMOVED_DISPLAY_NAME, '');
    const result = await check(dir, [
      '--subgraph',
      'crm',
      '--schema',
      file,
      '--operations',
      join('schema', 'operations'),
    ]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      /breaks operation CustomerContext: Cannot query field "displayName"/,
    );
  });

  it('reports an added nullable field as safe and exits 0', async () => {
    const dir = copyOfSchemas();
    const file = candidate(
      dir,
      '  displayName: String!\n',
      '  displayName: String!\n  "A nickname the customer asked to be called by."\n  nickname: String\n',
    );
    const result = await check(dir, ['--subgraph', 'crm', '--schema', file]);
    expect(result).toMatchObject({ code: 0 });
    expect(result.stdout).toContain('BREAKING (0)');
    expect(result.stdout).toMatch(
      /SAFE \(\d+\)\n(.*\n)*? {2}- Field 'nickname' was added to object type 'Customer' {2}\[Customer\.nickname\]/,
    );
    const registered = Object.keys(
      (
        JSON.parse(readFileSync(join(ROOT, 'schema', 'trusted-documents.json'), 'utf8')) as {
          documents: Record<string, string>;
        }
      ).documents,
    ).length;
    // Every registered operation is checked (the console's, the rep's, the live one).
    expect(registered).toBeGreaterThanOrEqual(2);
    expect(result.stdout).toContain(`OPERATIONS: ${registered} registered, 0 broken`);
    expect(result.stdout).toContain('subgraph crm: no breaking change');
  });

  it('exits 2 naming the subgraph and the code when the candidate does not compose', async () => {
    const dir = copyOfSchemas();
    const file = candidate(
      dir,
      '`cus-dana-reyes`."\n  id: ID!\n',
      '`cus-dana-reyes`."\n  id: Int!\n',
    );
    const result = await check(dir, ['--subgraph', 'crm', '--schema', file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('subgraph crm: the candidate does not compose');
    expect(result.stderr).toMatch(
      /\[FIELD_TYPE_MISMATCH\] Type of field "Customer\.id" is incompatible across subgraphs: it has type "Int!" in subgraph "crm"/,
    );
    expect(result.stderr).toMatch(/at crm \(candidate\.graphql\):\d+:3/);
  });

  it('exits 2 naming subgraph, type and field when a contributed field becomes non-null', async () => {
    const dir = copyOfSchemas();
    const sdl = readFileSync(join(dir, 'subgraphs', 'engagement', 'src', 'schema.graphql'), 'utf8');
    const from = '): [AppSession!]\n';
    expect(sdl).toContain(from);
    const file = join(dir, 'candidate.graphql');
    writeFileSync(file, sdl.replace(from, '): [AppSession!]!\n'));
    const result = await check(dir, ['--subgraph', 'engagement', '--schema', file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('subgraph engagement: the candidate does not compose');
    expect(result.stderr).toContain(
      '[NON_NULL_ACROSS_SUBGRAPHS] [engagement] Customer.appSessions is [AppSession!]!, but Customer belongs to crm',
    );
    expect(result.stderr).toMatch(/at engagement \(candidate\.graphql\):\d+:3/);
  });

  it('--help describes the command and exits 0', async () => {
    const result = await check(ROOT, ['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/--subgraph NAME/);
    expect(result.stdout).toMatch(/Exit codes: 0 no breaking change, 1 breaking/);
  });

  describe('--url', () => {
    let stack: TestSubgraphs;
    beforeAll(async () => {
      stack = await startTestSubgraphs([crmSubgraph]);
    });
    afterAll(async () => {
      await stack?.stop();
    });

    it('reads the candidate from a running subgraph', async () => {
      // The configured crm lacks `givenName`; the running one has it, so only the URL can add it.
      const dir = copyOfSchemas();
      const configured = join(dir, CRM_SDL);
      const field = '  "Given (first) name."\n  givenName: String!\n';
      const sdl = readFileSync(configured, 'utf8');
      expect(sdl).toContain(field);
      writeFileSync(configured, sdl.replace(field, ''));
      const url = stack.subgraphs.crm!.graphqlUrl;
      // The subgraph answers `_service` to signed callers only.
      const unsigned = await check(dir, ['--subgraph', 'crm', '--url', url], {
        SUBGRAPH_HMAC_SECRET: '',
      });
      expect(unsigned.code).toBe(2);
      expect(unsigned.stderr + unsigned.stdout).toContain('needs SUBGRAPH_HMAC_SECRET');
      const result = await check(dir, ['--subgraph', 'crm', '--url', url], {
        SUBGRAPH_HMAC_SECRET: stack.secret,
      });
      expect(result).toMatchObject({ code: 0 });
      expect(result.stdout).toContain('BREAKING (0)');
      expect(result.stdout).toMatch(/- Field 'givenName' was added to object type 'Customer'/);
    });

    it('exits 2 naming the URL when the subgraph does not answer', async () => {
      const dir = copyOfSchemas();
      const result = await check(dir, ['--subgraph', 'crm', '--url', 'http://127.0.0.1:9/graphql']);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(
        /\[INVALID_GRAPHQL\] .*\n {6}at crm \(http:\/\/127\.0\.0\.1:9\/graphql\)/,
      );
    });
  });
});
