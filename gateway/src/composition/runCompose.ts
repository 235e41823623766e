import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { printLine, type CommandIo } from '../commands/commandIo';
import { composeSupergraph } from './composeSupergraph';
import { readSupergraphConfig } from './readSupergraphConfig';

const HELP = `customer-context-gateway compose [--config FILE] [--out FILE] [--check]

Composes the subgraphs listed in a rover-format supergraph.yaml with @apollo/composition.
  --config FILE   default schema/supergraph.yaml
  --out FILE      default schema/supergraph.graphql
  --check         write nothing; exit 1 when --out differs from a fresh composition
Exit codes: 0 composed (or up to date), 1 stale (--check), 2 does not compose.`;

/**
 * The `compose` command. Returns the exit code. Paths are read against `io.cwd`;
 * `io.env` holds `SUBGRAPH_HMAC_SECRET`, needed only for subgraphs listed by URL.
 */
export async function runCompose(args: string[], io: CommandIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      config: { type: 'string', default: 'schema/supergraph.yaml' },
      out: { type: 'string', default: 'schema/supergraph.graphql' },
      check: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    printLine(io.stdout, HELP);
    return 0;
  }
  const result = await composeSupergraph(readSupergraphConfig(resolve(io.cwd, values.config)), {
    secret: io.env.SUBGRAPH_HMAC_SECRET || null,
    relativeTo: io.cwd,
  });
  if (!result.ok) {
    printLine(io.stderr, `composition failed with ${result.problems.length} problem(s):`);
    for (const problem of result.problems) {
      printLine(io.stderr, `  [${problem.code}] ${problem.message}`);
      for (const location of problem.locations) printLine(io.stderr, `      at ${location}`);
    }
    return 2;
  }
  const composed = `${result.supergraphSdl.trimEnd()}\n`;
  const out = resolve(io.cwd, values.out);
  if (values.check) {
    const current = existsSync(out) ? readFileSync(out, 'utf8') : null;
    if (current !== composed) {
      printLine(
        io.stderr,
        current === null
          ? `${values.out} does not exist; run \`npm run compose\` and commit it`
          : `${values.out} is stale: the subgraph schemas compose to something else; run \`npm run compose\` and commit it`,
      );
      return 1;
    }
    printLine(io.stdout, `${values.out} is up to date`);
    return 0;
  }
  writeFileSync(out, composed);
  printLine(io.stdout, `wrote ${values.out}`);
  return 0;
}
