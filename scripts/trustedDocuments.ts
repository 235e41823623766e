import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildTrustedDocumentManifest } from '../gateway/src/limits/trustedDocumentManifest';

const ROOT = join(__dirname, '..');
const OPERATIONS_DIR = join(ROOT, 'schema', 'operations');
const MANIFEST_FILE = join(ROOT, 'schema', 'trusted-documents.json');

/**
 * Builds `schema/trusted-documents.json` from `schema/operations/*.graphql`: each file's
 * document printed (normalised) and keyed by its SHA-256. `--check` fails instead of
 * writing when the committed manifest is stale.
 */
function main(argv: readonly string[]): void {
  const files = readdirSync(OPERATIONS_DIR)
    .filter((name) => name.endsWith('.graphql'))
    .sort();
  const manifest = buildTrustedDocumentManifest(
    files.map((name) => readFileSync(join(OPERATIONS_DIR, name), 'utf8')),
  );
  const text = `${JSON.stringify(manifest, null, 2)}\n`;
  if (argv.includes('--check')) {
    let current = '';
    try {
      current = readFileSync(MANIFEST_FILE, 'utf8');
    } catch {
      // A missing manifest is stale too.
    }
    if (current !== text) {
      console.error(
        'schema/trusted-documents.json is stale; run `tsx scripts/trustedDocuments.ts`',
      );
      process.exit(1);
    }
    console.log(`trusted documents up to date (${files.length} documents)`);
    return;
  }
  writeFileSync(MANIFEST_FILE, text);
  console.log(`wrote ${MANIFEST_FILE} (${files.length} documents)`);
}

main(process.argv.slice(2));
