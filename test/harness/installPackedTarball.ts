import { copyFileSync, linkSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { ROOT, runCommand, type CommandResult } from './runCommand';

/** The environment of a child npm without the `npm_*` variables the test's own npm set. */
export function cleanNpmEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.toLowerCase().startsWith('npm_')) env[key] = value;
  }
  return { ...env, NODE_OPTIONS: '', ...extra };
}

/**
 * Installs `tarball` into the empty folder `dir` with `npm install --offline`. There is
 * no registry here, so the folder first gets this project's *production* dependencies
 * (`npm ls --omit=dev`), hard-linked from its node_modules: npm then finds every
 * dependency of the tarball already satisfied and resolves nothing over the network.
 * A package the compiled code needs but lists only as a dev dependency is not there.
 */
export async function installPackedTarball(tarball: string, dir: string): Promise<CommandResult> {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'adopter', private: true }));
  const listed = await runCommand('npm', ['ls', '--omit=dev', '--parseable', '--all'], {
    env: cleanNpmEnv(),
  });
  const topLevel = new Set(
    listed.stdout
      .split('\n')
      .map((line) => relative(ROOT, line.trim()))
      .filter((path) => path.startsWith(`node_modules${sep}`))
      .filter((path) => path.split(sep).filter((part) => part === 'node_modules').length === 1),
  );
  for (const path of topLevel) linkTree(join(ROOT, path), join(dir, path));
  return runCommand(
    'npm',
    ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', tarball],
    { cwd: dir, env: cleanNpmEnv(), timeoutMs: 120_000 },
  );
}

/** Hard-links every file of `from` into `to` (copies across file systems). */
function linkTree(from: string, to: string): void {
  mkdirSync(to, { recursive: true });
  for (const entry of readdirSync(from)) {
    const source = join(from, entry);
    const target = join(to, entry);
    const stat = statSync(source, { throwIfNoEntry: false });
    if (!stat) continue;
    if (stat.isDirectory()) {
      linkTree(source, target);
      continue;
    }
    try {
      linkSync(source, target);
    } catch {
      copyFileSync(source, target);
    }
  }
}
