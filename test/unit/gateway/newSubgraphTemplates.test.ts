import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runNewSubgraph } from '../../../gateway/src/commands/newSubgraph';
import { runInProcess } from '../../harness/runInProcess';

/** A repository root with a supergraph.yaml and one template set of another domain. */
function repository(domain?: object): string {
  const dir = mkdtempSync(join(tmpdir(), 'cc-scaffold-'));
  mkdirSync(join(dir, 'schema'));
  writeFileSync(join(dir, 'schema', 'supergraph.yaml'), 'subgraphs:\n');
  if (domain) writeFileSync(join(dir, 'schema', 'domain.json'), JSON.stringify(domain));
  mkdirSync(join(dir, 'stock-templates', 'services', '{{name}}'), { recursive: true });
  writeFileSync(
    join(dir, 'stock-templates', 'services', '{{name}}', 'README.txt.tmpl'),
    '{{Name}} extends Product, port {{port}}\n',
  );
  return dir;
}

describe('new-subgraph with templates of another domain', () => {
  const dirs: string[] = [];
  /** `new-subgraph ARGS`'s exit code, its output captured. */
  const newSubgraph = async (args: string[]) => (await runInProcess(runNewSubgraph, args)).code;
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('fills the templates --templates names', async () => {
    const dir = repository();
    dirs.push(dir);
    const args = ['shelf', '--dir', dir, '--templates', 'stock-templates', '--no-codegen'];
    expect(await newSubgraph(args)).toBe(0);
    expect(readFileSync(join(dir, 'services', 'shelf', 'README.txt'), 'utf8')).toBe(
      'Shelf extends Product, port 4001\n',
    );
    expect(existsSync(join(dir, 'subgraphs', 'shelf'))).toBe(false);
  });

  it('fills the templates the domain file names in `scaffold.templates`', async () => {
    const dir = repository({ scaffold: { templates: 'stock-templates' } });
    dirs.push(dir);
    expect(await newSubgraph(['shelf', '--dir', dir, '--no-codegen'])).toBe(0);
    expect(readFileSync(join(dir, 'services', 'shelf', 'README.txt'), 'utf8')).toContain(
      'Shelf extends Product',
    );
  });

  it('refuses missing templates and a malformed domain file, writing nothing', async () => {
    const missing = repository();
    const malformed = repository({ scaffold: { templates: '' } });
    dirs.push(missing, malformed);
    const noTemplates = await runInProcess(runNewSubgraph, [
      'shelf',
      '--dir',
      missing,
      '--templates',
      'nope',
      '--no-codegen',
    ]);
    expect(noTemplates.code).toBe(2);
    expect(noTemplates.stderr).toContain(`new-subgraph: no templates at ${join(missing, 'nope')}`);
    const badDomain = await runInProcess(runNewSubgraph, [
      'shelf',
      '--dir',
      malformed,
      '--no-codegen',
    ]);
    expect(badDomain.code).toBe(2);
    expect(badDomain.stderr).toContain(
      `new-subgraph: ${join(malformed, 'schema', 'domain.json')}:`,
    );
    for (const dir of [missing, malformed]) {
      expect(existsSync(join(dir, 'services'))).toBe(false);
      expect(readFileSync(join(dir, 'schema', 'supergraph.yaml'), 'utf8')).toBe('subgraphs:\n');
    }
  });
});
