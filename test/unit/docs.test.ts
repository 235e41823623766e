import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
const docPages = readdirSync(join(ROOT, 'docs')).filter((name) => name.endsWith('.md'));
const markdownFiles = ['README.md', 'bench/README.md', ...docPages.map((name) => `docs/${name}`)];

/** Every `[text](target)` whose target is a path in this repository. */
function relativeLinks(markdown: string): string[] {
  return [...markdown.matchAll(/\]\(([^)\s]+)\)/g)]
    .map((match) => match[1]!.split('#')[0]!)
    .filter((target) => target !== '' && !/^[a-z]+:/i.test(target));
}

describe('the docs a newcomer reads', () => {
  it.each(markdownFiles)('%s links only to files that exist in the repository', (file) => {
    const missing = relativeLinks(read(file)).filter(
      (target) => !existsSync(resolve(ROOT, dirname(file), target)),
    );
    expect(missing).toEqual([]);
  });

  it.each(markdownFiles)('%s links nowhere outside the repository checkout', (file) => {
    const outside = relativeLinks(read(file)).filter(
      (target) => !resolve(ROOT, dirname(file), target).startsWith(ROOT),
    );
    expect(outside).toEqual([]);
  });

  it.each(markdownFiles)('%s names only repository files that exist', (file) => {
    // `gateway/src/…`, `subgraphs/…`, `lib/…`, `schema/…`, `test/…`, `bench/…`, `scripts/…` in code spans
    const named = [
      ...read(file).matchAll(
        /`((?:gateway|subgraphs|lib|schema|test|bench|scripts|docs)\/[\w./-]+)`/g,
      ),
    ]
      .map((match) => match[1]!)
      .filter((path) => !/[<*]/.test(path) && !/NNNN|loyalty/.test(path)); // loyalty: the guide's example
    expect(named.filter((path) => !existsSync(join(ROOT, path)))).toEqual([]);
  });

  it('the README links every page under docs/', () => {
    const linked = new Set(relativeLinks(read('README.md')));
    expect(docPages.filter((name) => !linked.has(`docs/${name}`))).toEqual([]);
  });

  it('the README stays short: what it is, the two commands, one query, the CLI, links', () => {
    const lines = read('README.md').split('\n').length;
    expect(lines).toBeLessThanOrEqual(220);
    expect(read('README.md')).toContain('npm ci && npm start');
    expect(read('README.md')).toMatch(/^npm test\b/m);
  });

  it('every `npm run X` the docs mention is a script of package.json', () => {
    const scripts = Object.keys(
      (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts,
    );
    const mentioned = new Set(
      markdownFiles.flatMap((file) =>
        [...read(file).matchAll(/npm run(?: -s)? ([a-z][\w:-]*)/g)].map((match) => match[1]!),
      ),
    );
    expect([...mentioned].filter((name) => !scripts.includes(name))).toEqual([]);
  });

  it('says five subgraphs, as there are, never four', () => {
    for (const file of markdownFiles) {
      expect(read(file)).not.toMatch(/\b(four|all four) subgraphs\b/i);
    }
  });
});
