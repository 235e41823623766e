import type { CheckSubgraphResult } from './checkSubgraph';
import type { SchemaChange } from './diffApiSchemas';

/** Where the report goes: stdout for the report, stderr for failures. */
export interface ReportOutput {
  out(line: string): void;
  err(line: string): void;
}

/** Exit code of a check: 0 nothing breaks, 1 breaking changes or broken operations, 2 does not compose. */
export function checkExitCode(result: CheckSubgraphResult): 0 | 1 | 2 {
  if (result.kind === 'does-not-compose') return 2;
  const broken = result.operations?.broken.length ?? 0;
  return result.changes.breaking.length > 0 || broken > 0 ? 1 : 0;
}

/** Prints a check result for a person: problems, then changes by criticality, then operations. */
export function printCheckReport(
  subgraph: string,
  result: CheckSubgraphResult,
  output: ReportOutput,
): void {
  if (result.kind === 'does-not-compose') {
    output.err(
      result.which === 'candidate'
        ? `subgraph ${subgraph}: the candidate does not compose (${result.problems.length} problem(s)):`
        : `the configured subgraphs do not compose today (${result.problems.length} problem(s)); fix that first:`,
    );
    for (const problem of result.problems) {
      output.err(`  [${problem.code}] ${problem.message}`);
      for (const location of problem.locations) output.err(`      at ${location}`);
    }
    return;
  }
  if (result.added)
    output.out(`subgraph ${subgraph} is not configured yet: checked as an addition`);
  const { breaking, dangerous, safe } = result.changes;
  printGroup('BREAKING', breaking, output);
  printGroup('DANGEROUS', dangerous, output);
  printGroup('SAFE', safe, output);
  if (result.operations) {
    const { checked, broken, alreadyInvalid } = result.operations;
    output.out(`OPERATIONS: ${checked} registered, ${broken.length} broken by this change`);
    for (const operation of broken)
      for (const error of operation.errors)
        output.out(`  breaks operation ${operation.name}: ${error}`);
    for (const operation of alreadyInvalid)
      for (const error of operation.errors)
        output.out(`  already invalid before this change: ${operation.name}: ${error}`);
  }
  const code = checkExitCode(result);
  output.out(
    code === 0
      ? `subgraph ${subgraph}: no breaking change`
      : `subgraph ${subgraph}: ${breaking.length} breaking change(s), ${result.operations?.broken.length ?? 0} broken operation(s)`,
  );
}

function printGroup(title: string, changes: readonly SchemaChange[], output: ReportOutput): void {
  output.out(`${title} (${changes.length})`);
  for (const change of changes) {
    output.out(`  - ${change.message}${change.path ? `  [${change.path}]` : ''}`);
    if (change.reason) output.out(`      ${change.reason}`);
  }
}
