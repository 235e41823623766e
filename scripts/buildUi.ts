import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '..');

/** A browser app the gateway serves: where its sources are and the path it is served under. */
interface UiApp {
  name: 'console' | 'explorer';
}

const APPS: readonly UiApp[] = [{ name: 'explorer' }, { name: 'console' }];

/** Files whose change makes a built app stale (its sources and the operations it bundles). */
function sourcesOf(app: UiApp): string[] {
  return [
    join(ROOT, app.name, 'index.html'),
    join(ROOT, app.name, 'vite.config.mts'),
    ...walk(join(ROOT, app.name, 'src')),
    ...walk(join(ROOT, 'schema', 'operations')),
    join(ROOT, 'package-lock.json'),
    __filename,
  ].sort();
}

function walk(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

/** SHA-256 over every source's path and bytes. */
export function sourceHash(app: UiApp): string {
  const hash = createHash('sha256');
  for (const file of sourcesOf(app)) {
    hash.update(relative(ROOT, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex');
}

const stampOf = (app: UiApp): string => join(ROOT, app.name, 'dist', '.source-hash');

/** True when `<app>/dist` was built from the sources as they are now. */
export function isBuilt(app: UiApp): boolean {
  const stamp = stampOf(app);
  return existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === sourceHash(app);
}

function buildApp(app: UiApp): void {
  execFileSync(
    process.execPath,
    [
      join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'),
      'build',
      '--config',
      join(ROOT, app.name, 'vite.config.mts'),
    ],
    { cwd: ROOT, stdio: 'inherit' },
  );
  writeFileSync(stampOf(app), `${sourceHash(app)}\n`);
}

/**
 * Builds the explorer and the console into `explorer/dist` and `console/dist` with Vite,
 * skipping an app whose dist matches its sources. `--force` rebuilds both; `--check`
 * only reports (exit 1 when one is stale).
 */
export async function buildUi(argv: readonly string[] = []): Promise<void> {
  for (const app of APPS) {
    if (!argv.includes('--force') && isBuilt(app)) {
      console.log(`${app.name}: up to date (${app.name}/dist)`);
      continue;
    }
    if (argv.includes('--check')) {
      console.error(`${app.name}: not built or stale; run npm run build:ui`);
      process.exitCode = 1;
      continue;
    }
    const started = Date.now();
    buildApp(app);
    console.log(
      `${app.name}: built ${app.name}/dist in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
  }
}

if (require.main === module) {
  buildUi(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
