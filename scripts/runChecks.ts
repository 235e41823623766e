import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';

/** One check `npm test` runs before jest: an npm script, with its arguments. */
interface Check {
  script: string;
  args?: string[];
}

/**
 * The checks, longest first (type-aware eslint, then tsc), so the short ones fill the
 * other core while the long ones run. Each is independent of the others: codegen:check
 * rewrites no file that is up to date, so tsc and eslint read the same files either way.
 */
const CHECKS: readonly Check[] = [
  { script: 'lint:eslint' },
  { script: 'typecheck' },
  { script: 'codegen:check' },
  { script: 'lint:prettier' },
  { script: 'compose', args: ['--check'] },
  { script: 'trusted-documents', args: ['--check'] },
];

interface Outcome {
  name: string;
  code: number | null;
  seconds: number;
}

/** Runs `check` with its output held back, then prints it whole (no interleaving). */
function run(check: Check): Promise<Outcome> {
  const name = [check.script, ...(check.args ?? [])].join(' ');
  const started = Date.now();
  const args = ['run', '--silent', check.script, ...(check.args ? ['--', ...check.args] : [])];
  return new Promise((resolve) => {
    const child = spawn('npm', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => chunks.push(chunk));
    const finish = (code: number | null): void => {
      const seconds = (Date.now() - started) / 1000;
      const output = Buffer.concat(chunks).toString('utf8').trimEnd();
      const verdict = code === 0 ? 'ok' : `FAILED (exit ${code})`;
      process.stdout.write(`── ${name}: ${verdict} in ${seconds.toFixed(1)} s\n`);
      if (output) process.stdout.write(`${output}\n`);
      resolve({ name, code, seconds });
    };
    child.on('error', (error) => {
      chunks.push(Buffer.from(String(error)));
      finish(null);
    });
    child.on('close', finish);
  });
}

/**
 * Runs every check, as many at once as there are cores (at least two), and exits 1
 * naming the failed ones; every check runs even when one fails, so one `npm test`
 * reports all of them.
 */
async function main(): Promise<void> {
  const started = Date.now();
  const queue = [...CHECKS];
  const outcomes: Outcome[] = [];
  const lanes = Math.max(2, availableParallelism());
  await Promise.all(
    Array.from({ length: Math.min(lanes, queue.length) }, async () => {
      for (let check = queue.shift(); check; check = queue.shift()) outcomes.push(await run(check));
    }),
  );
  const failed = outcomes.filter((outcome) => outcome.code !== 0);
  const total = ((Date.now() - started) / 1000).toFixed(1);
  if (failed.length > 0) {
    process.stderr.write(`checks failed: ${failed.map((f) => f.name).join(', ')} (${total} s)\n`);
    process.exit(1);
  }
  process.stdout.write(`all ${outcomes.length} checks passed in ${total} s\n`);
}

void main();
