/** Where a command's text goes: `process.stdout`, or a buffer in a test. */
export interface TextSink {
  write(text: string): unknown;
}

/**
 * What a command may know of the process that runs it. Only the outermost wrapper
 * (`gateway/src/index.ts`, `scripts/token.ts`) reads `process`; everything under it
 * takes this, so a test runs the command in-process with its own directory,
 * environment and output.
 */
export interface CommandIo {
  /** Directory that relative paths on the command line are read against. */
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdout: TextSink;
  stderr: TextSink;
}

/** The running process's directory, environment and output streams. */
export function processIo(): CommandIo {
  return { cwd: process.cwd(), env: process.env, stdout: process.stdout, stderr: process.stderr };
}

/** Writes `text` and a newline, as `console.log` prints a string. */
export function printLine(sink: TextSink, text: string): void {
  sink.write(`${text}\n`);
}
