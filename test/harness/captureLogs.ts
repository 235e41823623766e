import type { DestinationStream } from 'pino';

/** Log lines written by the services of a test, kept in memory. */
export interface CapturedLogs {
  /** Pass as `logDestination` to the stack. */
  destination: DestinationStream;
  /** Every line written so far, as written. */
  lines(): string[];
}

/** A pino destination that keeps every line, so a test can read what a service logged. */
export function captureLogs(): CapturedLogs {
  const lines: string[] = [];
  return {
    destination: {
      write(chunk: string) {
        for (const line of chunk.split('\n')) if (line) lines.push(line);
      },
    },
    lines: () => [...lines],
  };
}
