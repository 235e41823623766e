import { startCommand, type RunningCommand } from './runCommand';
import type { TestStack } from './startTestStack';
import { TEST_DEADLINES } from './testDeadlines';

/** The real `customer-context-gateway serve` process over a test stack's subgraphs. */
export interface GatewayProcess {
  command: RunningCommand;
  /** Base URL the process printed, e.g. `http://127.0.0.1:43123`. */
  url: string;
  /** Everything it printed to stdout and stderr, split into parsed JSON log lines. */
  logLines(): Record<string, unknown>[];
  /** SIGTERM if still running, then waits for the exit code. */
  stop(): Promise<number | null>;
}

/** Options for {@link startGatewayProcess}. */
export interface GatewayProcessOptions {
  /** Extra environment, winning over the defaults below and the test's own. */
  env?: Record<string, string>;
  /** Routing URL overrides by subgraph name, e.g. a proxy. */
  urls?: Record<string, string>;
  /** Extra `serve` arguments after `--port 0`, e.g. `['--workers', '2']`. */
  args?: string[];
  /** How long to wait for the "gateway serving" line. Default 90 s (a busy machine's start). */
  startTimeoutMs?: number;
}

/**
 * Spawns `bin/customer-context-gateway.js serve --supergraph schema/supergraph.graphql
 * --port 0` with the stack's secrets and `SUBGRAPH_URL_<NAME>` for each subgraph
 * (`urls` overrides by subgraph name, e.g. a proxy), and waits until it serves.
 */
export async function startGatewayProcess(
  stack: TestStack,
  options: GatewayProcessOptions = {},
): Promise<GatewayProcess> {
  const urls: Record<string, string> = {};
  for (const subgraph of Object.values(stack.subgraphs)) {
    const url = options.urls?.[subgraph.name] ?? subgraph.graphqlUrl;
    urls[`SUBGRAPH_URL_${subgraph.name.toUpperCase()}`] = url;
  }
  const command = startCommand(
    process.execPath,
    [
      'bin/customer-context-gateway.js',
      'serve',
      '--supergraph',
      'schema/supergraph.graphql',
      '--port',
      '0',
      ...(options.args ?? []),
    ],
    {
      env: {
        NODE_OPTIONS: '',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        ...TEST_DEADLINES,
        JWT_SECRET: stack.jwtSecret,
        SUBGRAPH_HMAC_SECRET: stack.secret,
        ...urls,
        ...options.env,
      },
    },
  );
  let match: RegExpMatchArray;
  try {
    match = await command.waitFor(
      /gateway serving .* at (http:\/\/\S+)\/graphql/,
      options.startTimeoutMs ?? 90_000,
    );
  } catch (error) {
    // Never leave a gateway process behind when it did not come up as expected.
    command.child.kill('SIGKILL');
    throw error;
  }
  return {
    command,
    url: match[1] ?? '',
    logLines: () =>
      command
        .output()
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .flatMap((line) => {
          try {
            return [JSON.parse(line) as Record<string, unknown>];
          } catch {
            return [];
          }
        }),
    async stop() {
      if (command.child.exitCode === null) command.child.kill('SIGTERM');
      return command.exited;
    },
  };
}
