import { runCli } from '../../../gateway/src/cli';

/** What `customer-context-gateway <args>` prints to stdout, and its exit code. */
async function cli(args: string[]): Promise<{ code: number; printed: string }> {
  const lines: string[] = [];
  const log = jest.spyOn(console, 'log').mockImplementation((line: unknown) => {
    lines.push(String(line));
  });
  try {
    const code = await runCli(args);
    return { code, printed: lines.join('\n') };
  } finally {
    log.mockRestore();
  }
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
