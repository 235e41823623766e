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

/** Runs `checks` over `lanes` at once; every one runs even when another fails. */
async function runChecks(checks: readonly Check[], lanes: number): Promise<Outcome[]> {
  const queue = [...checks];
  const outcomes: Outcome[] = [];
  await Promise.all(
    Array.from({ length: Math.min(lanes, queue.length) }, async () => {
      for (let check = queue.shift(); check; check = queue.shift()) outcomes.push(await run(check));
    }),
  );
  return outcomes;
}

/** Runs jest with `args`, its output straight to the terminal; resolves with its exit code. */
function runJest(args: readonly string[]): Promise<number | null> {
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', '--silent', 'jest', '--', ...args], { stdio: 'inherit' });
    child.on('error', () => resolve(null));
    child.on('close', resolve);
  });
}

/**
 * `tsx scripts/runChecks.ts`: every check, as many at once as there are cores (at least
 * two). `tsx scripts/runChecks.ts --jest [jest args]` (what `npm test` runs): the checks
 * one at a time beside jest, whose workers leave a core's worth of gaps (suites waiting
 * on servers, deadlines and child processes) that the checks fill; run one after the
 * other, the checks alone added over a minute to every `npm test` on two cores.
 * Exits 1 naming whatever failed; every check runs even when one fails, so one run
 * reports all of them.
 */
async function main(): Promise<void> {
  const started = Date.now();
  const jestAt = process.argv.indexOf('--jest');
  const withJest = jestAt >= 0;
  const lanes = withJest ? 1 : Math.max(2, availableParallelism());
  const [outcomes, jestCode] = await Promise.all([
    runChecks(CHECKS, lanes),
    withJest ? runJest(process.argv.slice(jestAt + 1)) : Promise.resolve(0),
  ]);
  const failed = outcomes.filter((outcome) => outcome.code !== 0).map((outcome) => outcome.name);
  if (jestCode !== 0) failed.push(`jest (exit ${jestCode})`);
  const total = ((Date.now() - started) / 1000).toFixed(1);
  const what = withJest ? `${outcomes.length} checks and jest` : `${outcomes.length} checks`;
  if (failed.length > 0) {
    process.stderr.write(`failed: ${failed.join(', ')} (${what}, ${total} s)\n`);
    process.exit(1);
  }
  process.stdout.write(`all ${what} passed in ${total} s\n`);
}

void main();
