/** Outcome of one conformance check: passed, failed, or skipped with a warning. */
export type CheckStatus = 'PASS' | 'FAIL' | 'WARN';

/** One line of the `verify-subgraph` report. */
export interface CheckResult {
  /** Short name of what was checked, e.g. `health`. */
  name: string;
  status: CheckStatus;
  /** What was seen, and for a FAIL or WARN what to change so the check passes. */
  detail: string;
}

/** A passing check. */
export function pass(name: string, detail: string): CheckResult {
  return { name, status: 'PASS', detail };
}

/** A failing check; `detail` should say what to fix. */
export function fail(name: string, detail: string): CheckResult {
  return { name, status: 'FAIL', detail };
}

/** A check that could not run; `detail` should say how to enable it. */
export function warn(name: string, detail: string): CheckResult {
  return { name, status: 'WARN', detail };
}

/** The report as one line per check, then a summary line. */
export function formatReport(url: string, results: readonly CheckResult[]): string {
  const width = Math.max(...results.map((result) => result.name.length));
  const lines = results.map(
    (result) => `${result.status.padEnd(4)} ${result.name.padEnd(width)}  ${result.detail}`,
  );
  const failed = results.filter((result) => result.status === 'FAIL').length;
  const warned = results.filter((result) => result.status === 'WARN').length;
  const summary =
    failed === 0
      ? `${url} conforms (${results.length - warned} passed, ${warned} skipped)`
      : `${url} does not conform: ${failed} of ${results.length} checks failed`;
  return [...lines, summary].join('\n');
}
