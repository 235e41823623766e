import cluster from 'node:cluster';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { assertPortsFree } from '../../lib/assertPortsFree';
import { createLogger } from '../../lib/logger';
import { onShutdownSignal } from '../../lib/onShutdownSignal';
import type { InputLimits } from '../../lib/inputBounds/inputLimits';
import { printLine, type CommandIo } from './commands/commandIo';
import { loadGatewayConfig } from './config';
import type { Policies } from './authz/requirement';
import type { RunningGateway } from './server';
import { loadOperatorModule } from './serve/loadOperatorModule';
import { resolveWorkers } from './serve/resolveWorkers';
import { SERVE_HELP } from './serve/serveHelp';
import { announceListening } from './serve/workerListening';
import type * as RunComposeModule from './composition/runCompose';
import type * as CheckModule from './commands/check';
import type * as VerifySubgraphModule from './commands/verifySubgraph';
import type * as NewSubgraphModule from './commands/newSubgraph';
import type * as RunClusterPrimaryModule from './serve/runClusterPrimary';
import type * as TracingModule from './observability/tracing';
import type * as ServerModule from './server';

const HELP = `customer-context-gateway <command> [options]

Commands:
  serve     Serve a Federation 2 supergraph over HTTP.
            --supergraph FILE   supergraph SDL (default: $SUPERGRAPH_FILE or schema/supergraph.graphql)
            --config FILE       instead: compose this rover-format supergraph.yaml at start and
                                recompose every --poll-interval-ms (default 10000)
                                (the --supergraph file is watched; either way a new version
                                is swapped in without dropping requests, and one that does
                                not load is refused while the last good one keeps serving)
            --port N            port (default: $PORT or 4000)
            --policies FILE     module exporting \`policies\`: the named @policy functions
                                (a @policy with no function here denies)
            --input-limits FILE module exporting \`inputLimits\`: the bound of every string and
                                list input (default: 1000 characters, 128 for an ID, 100 items)
            --domain FILE       the domain as JSON: token roles, live fields, event shape
                                (default: $DOMAIN_FILE, or schema/domain.json when present)
            --plugin FILE       a gateway plugin module (repeatable; also \`plugins\` in
                                $CONFIG_FILE); see docs/plugins.md
            --workers N|auto    gateway processes sharing the port (default: $GATEWAY_WORKERS
                                or 1; auto = one per CPU); more than 1 needs REDIS_URL, or
                                CACHE=off, so that every worker sees the same caches
  compose   Compose the subgraphs listed in a rover-format config into a supergraph.
            --config FILE       supergraph.yaml (default: schema/supergraph.yaml)
            --out FILE          where to write (default: schema/supergraph.graphql)
            --check             write nothing; exit 1 when FILE differs from a fresh composition

  check     Would this subgraph change compose, and what would it break?
            --subgraph NAME (--schema FILE | --url URL) [--config FILE]
            [--operations DIR | --manifest FILE]
            exit 0 safe, 1 breaking (or breaks a registered operation), 2 does not compose

  verify-subgraph  Check a running subgraph against what the gateway relies on
            --url URL [--secret-env NAME] [--entity T --key F --sample-ids a,b]
            (_service SDL, /health, signed claims, entity batch order, error codes)

  new-subgraph NAME  Scaffold a subgraph from templates (bundled: this repository's style)
            [--port N] [--dir .] [--templates DIR] [--no-codegen]  (see docs/adding-a-subgraph.md)

Run \`customer-context-gateway <command> --help\` for one command.
Environment: PORT, HOST, SUPERGRAPH_FILE, SUBGRAPH_URL_<NAME>, READY_TIMEOUT_MS,
NODE_ENV, INTROSPECTION, DEBUG_ERRORS, LOG_LEVEL, GATEWAY_WORKERS (see README).`;

/**
 * Entry point of the `customer-context-gateway` command. Returns the exit code, or a
 * negative one when a server started and keeps running. Reads the directory,
 * environment and output it is given, never the process's.
 */
export async function runCli(argv: string[], io: CommandIo): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    printLine(io.stdout, HELP);
    return command ? 0 : 2;
  }
  // Each command loads its own modules when run: `serve` checks its port before the
  // seconds that loading the gateway takes on a busy machine.
  switch (command) {
    case 'serve':
      return serve(rest, io);
    case 'compose':
      return lazy<typeof RunComposeModule>('./composition/runCompose').runCompose(rest, io);
    case 'check':
      return lazy<typeof CheckModule>('./commands/check').runCheck(rest, io);
    case 'verify-subgraph':
      return lazy<typeof VerifySubgraphModule>('./commands/verifySubgraph').runVerifySubgraph(
        rest,
        io,
      );
    case 'new-subgraph':
      return lazy<typeof NewSubgraphModule>('./commands/newSubgraph').runNewSubgraph(rest, io);
    default:
      printLine(io.stderr, `unknown command ${JSON.stringify(command)}\n\n${HELP}`);
      return 2;
  }
}

async function serve(args: string[], io: CommandIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      supergraph: { type: 'string' },
      config: { type: 'string' },
      'poll-interval-ms': { type: 'string' },
      port: { type: 'string' },
      policies: { type: 'string' },
      'input-limits': { type: 'string' },
      domain: { type: 'string' },
      plugin: { type: 'string', multiple: true },
      workers: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    printLine(io.stdout, SERVE_HELP);
    return 0;
  }
  if (values.supergraph && values.config) {
    printLine(io.stderr, 'serve takes --supergraph FILE or --config FILE, not both');
    return 2;
  }
  const port = values.port === undefined ? undefined : Number(values.port);
  const pollIntervalMs = Number(values['poll-interval-ms'] ?? 10_000);
  if (!Number.isInteger(pollIntervalMs) || pollIntervalMs < 100) {
    printLine(io.stderr, '--poll-interval-ms must be a whole number of at least 100');
    return 2;
  }
  // A cluster worker runs the plain serve path; only the primary plans the cluster.
  const plan = cluster.isWorker ? { workers: 1 } : resolveWorkers(values.workers, io.env);
  if ('refusal' in plan) {
    printLine(io.stderr, `serve: ${plan.refusal}`);
    return 2;
  }
  const config = loadGatewayConfig(io.env, {
    ...(port === undefined ? {} : { port }),
    ...(values.supergraph ? { supergraphFile: values.supergraph } : {}),
    ...(values.config ? { supergraphConfig: { path: values.config, pollIntervalMs } } : {}),
    ...(values.domain ? { domainFile: values.domain } : {}),
    ...(values.plugin ? { plugins: values.plugin } : {}),
  });
  const rootLogger = createLogger({ name: 'gateway', level: config.logLevel });
  const served =
    config.supergraph.kind === 'file'
      ? config.supergraph.path
      : `composition of ${config.supergraph.configPath}`;
  if (!cluster.isWorker) {
    // Before loading the supergraph: a taken port fails now, saying how to change it.
    await assertPortsFree([
      {
        service: 'gateway',
        host: config.host,
        port: config.port,
        variable: port === undefined ? 'PORT' : '--port',
      },
    ]);
  }
  if (plan.workers > 1) {
    const logger = rootLogger.child({ cluster: 'primary' });
    const { runClusterPrimary } = lazy<typeof RunClusterPrimaryModule>('./serve/runClusterPrimary');
    return runClusterPrimary({ workers: plan.workers, args: ['serve', ...args], served, logger });
  }
  const logger = cluster.worker ? rootLogger.child({ worker: cluster.worker.id }) : rootLogger;
  const policies = values.policies ? loadPolicies(resolve(io.cwd, values.policies)) : {};
  const inputLimits = values['input-limits']
    ? loadInputLimits(resolve(io.cwd, values['input-limits']))
    : undefined;
  // Tracing is per process and must be registered before the gateway loads.
  const { startTracing } = lazy<typeof TracingModule>('./observability/tracing');
  const tracing = startTracing({ ...config.tracing, logger });
  const { createGatewayServer } = lazy<typeof ServerModule>('./server');
  let running: RunningGateway;
  try {
    running = await createGatewayServer(config, {
      logger,
      policies,
      ...(inputLimits ? { inputLimits } : {}),
    }).listen();
  } catch (error) {
    await tracing.shutdown();
    throw error;
  }
  onShutdownSignal(logger, async () => {
    await running.stop();
    await tracing.shutdown();
  });
  if (cluster.isWorker) {
    // The primary prints the one start-up line once every worker serves.
    announceListening({ url: running.url, supergraphHash: running.supergraphHash() });
  } else {
    printLine(
      io.stdout,
      `gateway serving ${served} (${running.supergraphHash()}) at ${running.url}/graphql`,
    );
  }
  return -1;
}

/** Loads the `policies` export of a module (JavaScript, or TypeScript: see loadOperatorModule). */
function loadPolicies(file: string): Policies {
  const loaded = loadOperatorModule(file) as { policies?: Policies };
  if (!loaded.policies || typeof loaded.policies !== 'object') {
    throw new Error(`${file} does not export \`policies\``);
  }
  return loaded.policies;
}

/** Loads the `inputLimits` export of a module. */
function loadInputLimits(file: string): InputLimits {
  const loaded = loadOperatorModule(file) as { inputLimits?: InputLimits };
  if (!loaded.inputLimits || typeof loaded.inputLimits.maxStringLength !== 'number') {
    throw new Error(`${file} does not export \`inputLimits\``);
  }
  return loaded.inputLimits;
}

/**
 * Loads a module only when it is needed (the port check runs before the servers'
 * seconds of loading). A plain require: it works under node, tsx's CommonJS hook and jest.
 */
function lazy<T>(path: string): T {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(path) as T;
}
