// `npm run build`: compiles the runtime TypeScript to dist/ (tsconfig.build.json) and
// copies next to it every other file the code reads from beside itself at run time
// (subgraph schema.graphql, migrations/*.sql, the scaffold templates), so dist/ runs
// with plain `node`. Starts from an empty dist/, so nothing stale survives a rename.
import { spawnSync } from 'node:child_process';
import process from 'node:process';
import { cpSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist');
/** Folders whose non-TypeScript files are copied; scaffold/ is templates, copied whole. */
const ASSET_DIRS = ['gateway', 'subgraphs', 'lib', 'schema'];
/** Files a folder may hold that the running code never reads. */
const NOT_RUNTIME = new Set(['codegen.json']);

rmSync(out, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
// --noCheck: emit only. Type checking is `npm run typecheck`'s job (npm test runs it);
// the emitted JavaScript is the same (compared file by file on this tree), at half the CPU.
const compiled = spawnSync(
  process.execPath,
  [tsc, '-p', join(root, 'tsconfig.build.json'), '--noCheck'],
  { stdio: 'inherit' },
);
if (compiled.status !== 0) process.exit(compiled.status ?? 1);

let copied = 0;
for (const dir of ASSET_DIRS) copied += copyAssets(join(root, dir));
cpSync(join(root, 'scaffold'), join(out, 'scaffold'), { recursive: true });
process.stdout.write(
  `dist/ built: compiled TypeScript and ${copied} asset files, plus scaffold/\n`,
);

function copyAssets(dir) {
  let count = 0;
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (entry === 'node_modules' || entry.startsWith('.')) continue;
    if (statSync(path).isDirectory()) {
      count += copyAssets(path);
    } else if (!entry.endsWith('.ts') && !NOT_RUNTIME.has(entry)) {
      cpSync(path, join(out, relative(root, path)));
      count += 1;
    }
  }
  return count;
}
