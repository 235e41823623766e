import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { startStandaloneServer } from '@apollo/server/standalone';
import { OVERHEAD_SUBGRAPHS, overheadSchema } from './overheadSubgraphs';

/**
 * Workload (g)'s subgraph process (forked by the bench with IPC): the four in-memory
 * subgraphs, each an Apollo Server on a free port, no auth (they ignore the gateway's
 * signed headers). Sends `{ ready: true, urls }`, stops on the message `stop`.
 */
export interface OverheadSubgraphsReady {
  ready: true;
  /** GraphQL URL by subgraph name. */
  urls: Record<string, string>;
}

async function main(): Promise<void> {
  const servers: ApolloServer[] = [];
  const urls: Record<string, string> = {};
  for (const subgraph of OVERHEAD_SUBGRAPHS) {
    const server = new ApolloServer({
      schema: overheadSchema(subgraph),
      csrfPrevention: false,
      plugins: [ApolloServerPluginInlineTraceDisabled()],
    });
    const { url } = await startStandaloneServer(server, {
      listen: { port: 0, host: '127.0.0.1' },
    });
    servers.push(server);
    urls[subgraph.name] = url;
  }
  process.on('message', (message) => {
    if (message !== 'stop') return;
    void Promise.all(servers.map((s) => s.stop())).then(() => process.exit(0));
  });
  const ready: OverheadSubgraphsReady = { ready: true, urls };
  process.send?.(ready);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
