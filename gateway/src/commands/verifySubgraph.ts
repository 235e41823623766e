import { parseArgs } from 'node:util';
import { domainFromFile, type DomainConfig } from '../domain/domainConfig';
import { formatReport } from '../verify/checkResult';
import { verifySubgraph, type EntitySample } from '../verify/verifySubgraph';
import { printLine, type CommandIo } from './commandIo';

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
  --entity TYPE         entity to resolve (default: \`verify.entity\` of the domain file;
                        without either the _entities check is skipped with a WARN)
  --key FIELD           its key field (default: \`verify.key\` for that entity, else id)
  --sample-ids A,B      keys the subgraph knows (default: \`verify.sampleIds\` for that
                        entity; required for any other)
  --domain FILE         the domain file (default: $DOMAIN_FILE, or schema/domain.json
                        when present)
Exit codes: 0 every check passed (warnings allowed), 1 a check failed, 2 bad usage.`;

/**
 * The \`verify-subgraph\` command. Returns the exit code. \`io.env\` is where the secret
 * is read (the variable named by \`--secret-env\`); the report goes to \`io.stdout\`.
 */
export async function runVerifySubgraph(args: string[], io: CommandIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      url: { type: 'string' },
      subgraph: { type: 'string' },
      'secret-env': { type: 'string', default: 'SUBGRAPH_HMAC_SECRET' },
      entity: { type: 'string' },
      key: { type: 'string' },
      domain: { type: 'string' },
      'sample-ids': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    printLine(io.stdout, VERIFY_SUBGRAPH_HELP);
    return 0;
  }
  if (!values.url || !URL.canParse(values.url)) {
    printLine(io.stderr, `--url must be the subgraph's GraphQL URL\n\n${VERIFY_SUBGRAPH_HELP}`);
    return 2;
  }
  if (!values.subgraph) {
    printLine(io.stderr, `--subgraph must name the subgraph\n\n${VERIFY_SUBGRAPH_HELP}`);
    return 2;
  }
  let domain: DomainConfig;
  try {
    domain = domainFromFile(values.domain ?? (io.env.DOMAIN_FILE || undefined), io.cwd);
  } catch (error) {
    printLine(
      io.stderr,
      `verify-subgraph: ${error instanceof Error ? error.message : String(error)}`,
    );
    return 2;
  }
  const entity = entityToVerify(values, domain);
  if (typeof entity === 'string') {
    printLine(io.stderr, `verify-subgraph: ${entity}\n\n${VERIFY_SUBGRAPH_HELP}`);
    return 2;
  }
  const secretEnv = values['secret-env'];
  const results = await verifySubgraph({
    url: values.url,
    subgraph: values.subgraph,
    secret: io.env[secretEnv] || null,
    secretEnv,
    entity,
  });
  printLine(io.stdout, formatReport(values.url, results));
  return results.some((result) => result.status === 'FAIL') ? 1 : 0;
}

/**
 * The entity to resolve: the options override the domain file's `verify` block (its key
 * and samples apply only to its own entity). Null when neither names one; a string
 * saying what is missing when the options cannot be used.
 */
export function entityToVerify(
  values: { entity?: string; key?: string; 'sample-ids'?: string },
  domain: DomainConfig,
): EntitySample | null | string {
  const configured = domain.verify;
  const type = values.entity ?? configured?.entity;
  if (type === undefined) {
    return values.key !== undefined || values['sample-ids'] !== undefined
      ? '--key and --sample-ids need --entity (or `verify` in the domain file)'
      : null;
  }
  const same = configured?.entity === type ? configured : null;
  const sampleIds =
    values['sample-ids']
      ?.split(',')
      .map((id) => id.trim())
      .filter((id) => id.length > 0) ?? same?.sampleIds;
  if (!sampleIds || sampleIds.length === 0) {
    return `--sample-ids must list keys of ${type} that the subgraph knows`;
  }
  return { type, key: values.key ?? same?.key ?? 'id', sampleIds };
}
