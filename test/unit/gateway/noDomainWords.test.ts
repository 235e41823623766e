import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { ROOT } from '../../harness/runCommand';

/**
 * The gateway core knows no domain (issue 21 §1): no code in gateway/src names this
 * repository's customers. What the rule ignores, and why:
 *  - comments (examples and explanations may mention the customer graph);
 *  - the product's name `customer-context` and the names made from it
 *    (`customer-context-gateway`, the bin; `customer-context-dev`, the default token
 *    issuer; `customer-context`, the default audience) — a name, not domain knowledge.
 * Everything else — identifiers, strings, template text, help text — counts.
 */
const PRODUCT_NAME = /customer-context/gi;
const DOMAIN_WORD = /customer/i;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((entry) => {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) return sourceFiles(path);
      return /\.(ts|mts|cts|js|mjs|json)$/.test(entry) ? [path] : [];
    });
}

/** `text` with every comment blanked out (line breaks kept, so line numbers hold). */
function withoutComments(text: string): string {
  const scanner = ts.createScanner(
    ts.ScriptTarget.Latest,
    false,
    ts.LanguageVariant.Standard,
    text,
  );
  let out = '';
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
    const token = scanner.getTokenText();
    out +=
      kind === ts.SyntaxKind.SingleLineCommentTrivia ||
      kind === ts.SyntaxKind.MultiLineCommentTrivia
        ? token.replace(/[^\n]/g, ' ')
        : token;
  }
  return out;
}

/** `file:line: text` of every code line of `files` that names the domain. */
function domainLines(files: string[]): string[] {
  return files.flatMap((file) => {
    const text = readFileSync(file, 'utf8');
    const code = file.endsWith('.json') ? text : withoutComments(text);
    const original = text.split('\n');
    return code
      .split('\n')
      .flatMap((line, index) =>
        DOMAIN_WORD.test(line.replace(PRODUCT_NAME, ''))
          ? [`${relative(ROOT, file)}:${index + 1}: ${original[index]?.trim()}`]
          : [],
      );
  });
}

describe('the gateway core names no domain', () => {
  it('finds "customer" in gateway/src only in comments and in the product name', () => {
    expect(domainLines(sourceFiles(join(ROOT, 'gateway', 'src')))).toEqual([]);
  });

  it('the rule itself catches code, strings and template text, and skips comments', () => {
    const dir = join(ROOT, 'test', 'fixtures', 'domainWords');
    expect(domainLines([join(dir, 'sample.ts.txt')]).map((line) => line.split(': ')[0])).toEqual([
      'test/fixtures/domainWords/sample.ts.txt:5',
      'test/fixtures/domainWords/sample.ts.txt:6',
      'test/fixtures/domainWords/sample.ts.txt:8',
      'test/fixtures/domainWords/sample.ts.txt:11',
    ]);
  });
});
