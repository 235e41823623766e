import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { composeSupergraph } from './composeSupergraph';
import { readSupergraphConfig } from './readSupergraphConfig';

const HELP = `customer-context-gateway compose [--config FILE] [--out FILE] [--check]

Composes the subgraphs listed in a rover-format supergraph.yaml with @apollo/composition.
  --config FILE   default schema/supergraph.yaml
  --out FILE      default schema/supergraph.graphql
  --check         write nothing; exit 1 when --out differs from a fresh composition
Exit codes: 0 composed (or up to date), 1 stale (--check), 2 does not compose.`;

/**
 * The `compose` command. Returns the exit code. `env` holds `SUBGRAPH_HMAC_SECRET`,
 * needed only for subgraphs listed by URL.
 */
export async function runCompose(
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
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
    console.log(HELP);
    return 0;
  }
  const result = await composeSupergraph(readSupergraphConfig(values.config), {
    secret: env.SUBGRAPH_HMAC_SECRET || null,
  });
  if (!result.ok) {
    console.error(`composition failed with ${result.problems.length} problem(s):`);
    for (const problem of result.problems) {
      console.error(`  [${problem.code}] ${problem.message}`);
      for (const location of problem.locations) console.error(`      at ${location}`);
    }
    return 2;
  }
  const composed = `${result.supergraphSdl.trimEnd()}\n`;
  if (values.check) {
    const current = existsSync(values.out) ? readFileSync(values.out, 'utf8') : null;
    if (current !== composed) {
      console.error(
        current === null
          ? `${values.out} does not exist; run \`npm run compose\` and commit it`
          : `${values.out} is stale: the subgraph schemas compose to something else; run \`npm run compose\` and commit it`,
      );
      return 1;
    }
    console.log(`${values.out} is up to date`);
    return 0;
  }
  writeFileSync(values.out, composed);
  console.log(`wrote ${values.out}`);
  return 0;
}
