import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { printLine, type CommandIo, type TextSink } from './commandIo';
import { checkSubgraph } from '../check/checkSubgraph';
import { checkExitCode, printCheckReport } from '../check/printCheckReport';
import {
  loadRegisteredOperations,
  type OperationsSource,
  type RegisteredOperation,
} from '../check/registeredOperations';
import { readSupergraphConfig, type SubgraphSource } from '../composition/readSupergraphConfig';
import { domainFromFile } from '../domain/domainConfig';
import { liveFieldsOf } from '../domain/liveFieldsOf';

/** Usage of the `check` command. */
export const HELP = `customer-context-gateway check --subgraph NAME (--schema FILE | --url URL)
    [--config FILE] [--operations DIR | --manifest FILE]

Composes a candidate schema for one subgraph with the others in the config, compares the
resulting API schema with today's, and lists composition errors or BREAKING / DANGEROUS /
SAFE changes. Registered operations are validated against the new API schema, and each
one the change breaks is named.
  --subgraph NAME    the subgraph the candidate replaces (a new name checks an addition)
  --schema FILE      the candidate SDL, from a file
  --url URL          the candidate SDL, from a running subgraph's _service { sdl }
                     (signed with $SUBGRAPH_HMAC_SECRET, which must then be set)
  --config FILE      default schema/supergraph.yaml
  --domain FILE      the gateway's domain file, for its live fields (registered
                     subscriptions validate against them); default schema/domain.json
                     when it exists
  --operations DIR   registered operations: every *.graphql file in DIR
  --manifest FILE    registered operations: a trusted-documents manifest
                     (default: trusted-documents.json beside the config, when it exists)
Exit codes: 0 no breaking change, 1 breaking change or broken operation,
2 does not compose (or bad usage).`;

/**
 * The `check` command. Returns the exit code. Paths are read against `io.cwd`; `io.env`
 * holds `SUBGRAPH_HMAC_SECRET`, needed only for `--url`.
 */
export async function runCheck(args: string[], io: CommandIo): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        subgraph: { type: 'string' },
        schema: { type: 'string' },
        url: { type: 'string' },
        config: { type: 'string', default: 'schema/supergraph.yaml' },
        operations: { type: 'string' },
        manifest: { type: 'string' },
        domain: { type: 'string' },
        help: { type: 'boolean', default: false },
      },
    }));
  } catch (error) {
    return usage(io.stderr, error instanceof Error ? error.message : String(error));
  }
  if (values.help) {
    printLine(io.stdout, HELP);
    return 0;
  }
  if (!values.subgraph) return usage(io.stderr, '--subgraph NAME is required');
  if (Boolean(values.schema) === Boolean(values.url))
    return usage(io.stderr, 'give exactly one of --schema FILE or --url URL');
  if (values.operations && values.manifest)
    return usage(io.stderr, 'give at most one of --operations DIR or --manifest FILE');

  const candidate: SubgraphSource['schema'] = values.schema
    ? { kind: 'file', path: resolve(io.cwd, values.schema) }
    : { kind: 'introspect', url: String(values.url) };
  const config = resolve(io.cwd, values.config);
  const operationsSource = chooseOperations(
    config,
    values.operations ? resolve(io.cwd, values.operations) : undefined,
    values.manifest ? resolve(io.cwd, values.manifest) : undefined,
  );
  const operations: RegisteredOperation[] | undefined = operationsSource
    ? loadRegisteredOperations(operationsSource, io.cwd)
    : undefined;

  const result = await checkSubgraph({
    configured: readSupergraphConfig(config),
    name: values.subgraph,
    candidate,
    secret: io.env.SUBGRAPH_HMAC_SECRET || null,
    live: liveFieldsOf(domainFromFile(values.domain, io.cwd)),
    relativeTo: io.cwd,
    ...(operations ? { operations } : {}),
  });
  printCheckReport(values.subgraph, result, {
    out: (line) => printLine(io.stdout, line),
    err: (line) => printLine(io.stderr, line),
  });
  return checkExitCode(result);
}

/** Explicit operations or manifest, else the manifest beside the config when there is one. */
function chooseOperations(
  config: string,
  directory: string | undefined,
  manifest: string | undefined,
): OperationsSource | undefined {
  if (directory) return { kind: 'directory', path: directory };
  if (manifest) return { kind: 'manifest', path: manifest };
  const besideConfig = join(dirname(config), 'trusted-documents.json');
  return existsSync(besideConfig) ? { kind: 'manifest', path: besideConfig } : undefined;
}

function usage(stderr: TextSink, problem: string): number {
  printLine(stderr, `${problem}\n\n${HELP}`);
  return 2;
}
