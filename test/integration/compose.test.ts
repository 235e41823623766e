import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCompose } from '../../gateway/src/composition/runCompose';
import { ROOT, runCommand } from '../harness/runCommand';
import { runInProcess } from '../harness/runInProcess';

/** A copy of schema/ and the subgraph SDLs, laid out as in the repository. */
function copyOfSchemas(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cc-compose-'));
  cpSync(join(ROOT, 'schema'), join(dir, 'schema'), { recursive: true });
  cpSync(join(ROOT, 'subgraphs'), join(dir, 'subgraphs'), {
    recursive: true,
    filter: (source) =>
      !source.includes('node_modules') &&
      (!source.includes('.') || source.endsWith('.graphql') || source.endsWith('.yaml')),
  });
  return dir;
}

/**
 * `compose ARGS` in `dir`, in this process: the command's entry function with its own
 * directory and output (the first test runs the real bin once, for the wiring).
 */
const compose = (dir: string, ...args: string[]) => runInProcess(runCompose, args, { cwd: dir });

describe('npm run compose', () => {
  it('passes --check on the committed supergraph (the real bin, in a child process)', async () => {
    const result = await runCommand(
      join(ROOT, 'bin', 'customer-context-gateway.js'),
      ['compose', '--check'],
      { cwd: ROOT },
    );
    expect(result).toMatchObject({ code: 0 });
    expect(result.stdout).toMatch(/is up to date/);
  });

  it('fails --check after an SDL edit, and writes the new supergraph without --check', async () => {
    const dir = copyOfSchemas();
    const sdlFile = join(dir, 'subgraphs', 'crm', 'src', 'schema.graphql');
    writeFileSync(
      sdlFile,
      readFileSync(sdlFile, 'utf8').replace(
        '  familyName: String!',
        '  familyName: String!\n  "A nickname."\n  nickname: String',
      ),
    );
    const stale = await compose(dir, '--check');
    expect(stale.code).toBe(1);
    expect(stale.stderr).toMatch(/supergraph\.graphql is stale/);

    const written = await compose(dir);
    expect(written.code).toBe(0);
    expect(readFileSync(join(dir, 'schema', 'supergraph.graphql'), 'utf8')).toMatch(
      /nickname: String/,
    );
    expect((await compose(dir, '--check')).code).toBe(0);
  });

  it('names the subgraph, the code and the location of a composition error', async () => {
    const dir = copyOfSchemas();
    const sdlFile = join(dir, 'subgraphs', 'crm', 'src', 'schema.graphql');
    const lines = readFileSync(sdlFile, 'utf8').split('\n');
    const line = lines.findIndex((l) => l.startsWith('  displayName: String!'));
    lines[line] = '  displayName: Strng!';
    writeFileSync(sdlFile, lines.join('\n'));
    const result = await compose(dir, '--check');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/\[INVALID_GRAPHQL\] \[crm\] Unknown type "?Strng"?/);
    expect(result.stderr).toContain(`at crm (subgraphs/crm/src/schema.graphql):${line + 1}:16`);
  });

  it('refuses a non-null field one subgraph adds to an entity another owns, naming both', async () => {
    const dir = copyOfSchemas();
    const sdlFile = join(dir, 'subgraphs', 'orders', 'src', 'schema.graphql');
    const sdl = readFileSync(sdlFile, 'utf8');
    const nullable = /\n {2}\): OrderConnection\n/;
    expect(sdl).toMatch(nullable);
    writeFileSync(sdlFile, sdl.replace(nullable, '\n  ): OrderConnection!\n'));
    const result = await compose(dir, '--check');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      "[NON_NULL_ACROSS_SUBGRAPHS] [orders] Customer.orders is OrderConnection!, but Customer belongs to crm: a field one subgraph adds to another's entity must be nullable",
    );
    expect(result.stderr).toMatch(
      /Declare it OrderConnection\.\n\s+at orders \(subgraphs\/orders\/src\/schema\.graphql\):\d+:3/,
    );
  });

  it('refuses a non-null field returning an entity another subgraph owns', async () => {
    const dir = copyOfSchemas();
    const sdlFile = join(dir, 'subgraphs', 'provisioning', 'src', 'schema.graphql');
    const sdl = readFileSync(sdlFile, 'utf8');
    expect(sdl).toContain('\n  offering: ProductOffering\n');
    writeFileSync(
      sdlFile,
      sdl.replace('\n  offering: ProductOffering\n', '\n  offering: ProductOffering!\n'),
    );
    const result = await compose(dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      '[NON_NULL_ACROSS_SUBGRAPHS] [provisioning] Service.offering is ProductOffering!, but ProductOffering belongs to orders',
    );
  });
});
