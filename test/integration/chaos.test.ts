import { runCommand } from '../harness/runCommand';

/**
 * The short chaos run (`npm run chaos -- --short`): the real deployment as separate
 * processes, orders killed with SIGKILL and one gateway replica stopped with SIGTERM
 * under load. It needs a PostgreSQL server (the processes share one database), so it
 * runs where `DATABASE_URL` is set, as in CI.
 */
(process.env.DATABASE_URL ? it : it.skip)(
  'npm run chaos -- --short passes and prints its table',
  async () => {
    const result = await runCommand(
      process.execPath,
      ['--import', 'tsx', 'bench/chaos.ts', '--short'],
      { env: { NODE_OPTIONS: '' }, timeoutMs: 110_000 },
    );
    const printed = `${result.stdout}\n${result.stderr}`;
    expect(result.stdout).toMatch(/^\| fault +\| requests +\| non-2xx /m);
    expect(result.stdout).toMatch(/^\| kill -9 orders +\| \d+ +\| 0 /m);
    expect(result.stdout).toMatch(/^\| SIGTERM gateway-a +\| \d+ +\| 0 /m);
    expect({ code: result.code, printed }).toEqual({
      code: 0,
      printed: expect.stringContaining('chaos: passed'),
    });
  },
  120_000,
);
