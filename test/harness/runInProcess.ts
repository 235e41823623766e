import type { CommandIo } from '../../gateway/src/commands/commandIo';
import { ROOT, type CommandResult } from './runCommand';

/** A command's entry function: what its bin or npm script calls with the process's io. */
export type CommandEntry = (args: string[], io: CommandIo) => Promise<number>;

/**
 * Runs a command's entry function in this process, as {@link runCommand} runs it in a
 * child: in `cwd` (default the repository root), with this process's environment plus
 * `env`, and returns its exit code and everything it wrote to stdout and stderr. The
 * seconds a child spends loading node, tsx and the gateway are not paid again.
 */
export async function runInProcess(
  entry: CommandEntry,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string } = {},
): Promise<CommandResult> {
  let stdout = '';
  let stderr = '';
  const code = await entry(args, {
    cwd: options.cwd ?? ROOT,
    env: { ...process.env, ...options.env },
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
  });
  return { code, stdout, stderr };
}
