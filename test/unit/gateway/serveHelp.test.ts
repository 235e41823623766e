import { runCli } from '../../../gateway/src/cli';
import { runInProcess } from '../../harness/runInProcess';

/** What `customer-context-gateway <args>` prints to stdout, and its exit code. */
async function cli(args: string[]): Promise<{ code: number | null; printed: string }> {
  const { code, stdout } = await runInProcess(runCli, args);
  return { code, printed: stdout };
}

describe('serve --help', () => {
  it('describes serve and every one of its options, not the other commands', async () => {
    const { code, printed } = await cli(['serve', '--help']);
    expect(code).toBe(0);
    expect(printed).toMatch(/^customer-context-gateway serve \[options\]/);
    for (const option of [
      '--supergraph FILE',
      '--config FILE',
      '--poll-interval-ms N',
      '--port N',
      '--policies FILE',
      '--input-limits FILE',
      '--workers N|auto',
      '--help',
    ]) {
      expect(printed).toContain(option);
    }
    // The other commands are the general help's business.
    for (const other of [
      'Commands:',
      'verify-subgraph',
      'new-subgraph',
      '--operations',
      '--out FILE',
    ]) {
      expect(printed).not.toContain(other);
    }
  });

  it('differs from the general help, which lists every command', async () => {
    const general = await cli(['--help']);
    const serve = await cli(['serve', '--help']);
    expect(general.printed).toMatch(/compose .*\n[\s\S]*check /);
    expect(serve.printed).not.toEqual(general.printed);
  });
});
