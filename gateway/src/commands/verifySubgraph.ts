import { parseArgs } from 'node:util';
import { formatReport } from '../verify/checkResult';
import { DEFAULT_SAMPLE_IDS, verifySubgraph } from '../verify/verifySubgraph';

/** Help text of the `verify-subgraph` command. */
export const VERIFY_SUBGRAPH_HELP = `customer-context-gateway verify-subgraph --url URL --subgraph NAME [options]

Checks a running subgraph for what the gateway relies on and prints one line per check
(PASS / FAIL / WARN and what to fix):
  _service SDL answers, parses and links Federation 2; GET /health answers 200;
  signed claims accepted, unsigned and forged claims refused with 401;
  _entities for the entity: one result per key, in order (forward and reversed),
  an unknown key resolving to null; malformed queries carry extensions.code.
  --url URL             the subgraph's GraphQL endpoint, e.g. http://localhost:4001/graphql
  --subgraph NAME       its name in supergraph.yaml (requests are signed for that name)
  --secret-env NAME     variable holding the shared claims secret (default SUBGRAPH_HMAC_SECRET);
                        without it the claims checks are skipped with a WARN
  --entity TYPE         entity to resolve (default Customer)
  --key FIELD           its key field (default id)
  --sample-ids A,B      keys the subgraph knows (default ${DEFAULT_SAMPLE_IDS.join(',')})
Exit codes: 0 every check passed (warnings allowed), 1 a check failed, 2 bad usage.`;

/**
 * The \`verify-subgraph\` command. Returns the exit code. \`env\` is where the secret is
 * read (the variable named by \`--secret-env\`); \`print\` receives the report.
 */
export async function runVerifySubgraph(
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
  print: (text: string) => void = console.log,
): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      url: { type: 'string' },
      subgraph: { type: 'string' },
      'secret-env': { type: 'string', default: 'SUBGRAPH_HMAC_SECRET' },
      entity: { type: 'string', default: 'Customer' },
      key: { type: 'string', default: 'id' },
      'sample-ids': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    print(VERIFY_SUBGRAPH_HELP);
    return 0;
  }
  if (!values.url || !URL.canParse(values.url)) {
    console.error(`--url must be the subgraph's GraphQL URL\n\n${VERIFY_SUBGRAPH_HELP}`);
    return 2;
  }
  if (!values.subgraph) {
    console.error(`--subgraph must name the subgraph\n\n${VERIFY_SUBGRAPH_HELP}`);
    return 2;
  }
  const secretEnv = values['secret-env'];
  const sampleIds = values['sample-ids']
    ?.split(',')
    .map((id) => id.trim())
    .filter((id) => id.length > 0);
  const results = await verifySubgraph({
    url: values.url,
    subgraph: values.subgraph,
    secret: env[secretEnv] || null,
    secretEnv,
    entity: values.entity,
    key: values.key,
    ...(sampleIds ? { sampleIds } : {}),
  });
  print(formatReport(values.url, results));
  return results.some((result) => result.status === 'FAIL') ? 1 : 0;
}
