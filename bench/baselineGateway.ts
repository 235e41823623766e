import { readFileSync } from 'node:fs';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { stripSecurityLinks } from '../gateway/src/authz/stripSecurityLinks';
import { signRequest } from '../lib/signedClaims';
import { BENCH_AGENT } from './benchAgent';

/**
 * The bench's `baseline` contender: vanilla `@apollo/gateway` + `@apollo/server`
 * (`startStandaloneServer`, default settings) on the same supergraph, in its own
 * process. Two changes are the minimum that lets it run here at all:
 * - the `for: SECURITY` links are stripped, or `@apollo/gateway` refuses the supergraph;
 * - every subgraph fetch carries claims signed with SUBGRAPH_HMAC_SECRET over its body
 *   (the subgraphs refuse unsigned calls), always those of one agent, since vanilla has no auth.
 * Env: PORT, SUPERGRAPH_FILE, SUBGRAPH_HMAC_SECRET, SUBGRAPH_URL_<NAME>.
 */
async function main(): Promise<void> {
  const secret = required('SUBGRAPH_HMAC_SECRET');
  const sdl = readFileSync(process.env.SUPERGRAPH_FILE ?? 'schema/supergraph.graphql', 'utf8');
  const gateway = new ApolloGateway({
    supergraphSdl: stripSecurityLinks(sdl),
    buildService: ({ name, url }) => {
      const source = new RemoteGraphQLDataSource({
        url: process.env[`SUBGRAPH_URL_${name.toUpperCase().replace(/[^A-Z0-9_]/g, '_')}`] ?? url,
      });
      // Signed per call over the body sent: the only place vanilla knows the body.
      const send = source.fetcher;
      source.fetcher = (target, init = {}) =>
        send(target, {
          ...init,
          headers: {
            ...init.headers,
            ...signRequest(BENCH_AGENT, secret, { subgraph: name, body: init.body ?? '' }),
          },
        });
      return source;
    },
  });
  const server = new ApolloServer({ gateway });
  const { url } = await startStandaloneServer(server, {
    listen: { port: Number(process.env.PORT ?? 0), host: '127.0.0.1' },
  });
  console.log(`baseline gateway at ${url}`);
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
