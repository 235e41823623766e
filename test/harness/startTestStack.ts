import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { CallerClaims, Claims } from '../../lib/claims';
import { createLogger } from '../../lib/logger';
import { DEFAULT_JWT_AUDIENCE, DEFAULT_JWT_ISSUER } from '../../gateway/src/auth/devCredentials';
import { signToken } from '../../gateway/src/auth/signToken';
import { loadGatewayConfig } from '../../gateway/src/config';
import type { DevPerson } from '../../gateway/src/pages/devTokenRoute';
import { createGatewayServer, type RunningGateway } from '../../gateway/src/server';
import { inputLimits } from '../../schema/inputLimits';
import { policies } from '../../schema/policies';
import { SUBGRAPHS } from '../../subgraphs/registry';
import {
  startTestSubgraphs,
  type GraphQLResponse,
  type StartTestSubgraphsOptions,
  type TestSubgraphs,
} from './startTestSubgraphs';
import type { Engine } from './testDatabase';
import { TEST_DEADLINES } from './testDeadlines';

/** The committed supergraph, checked against the subgraph SDLs by `compose --check`. */
export const SUPERGRAPH_FILE = join(__dirname, '..', '..', 'schema', 'supergraph.graphql');

/** The caller `gatewayQuery` acts as unless told otherwise: a care agent who may read PII. */
export const TEST_AGENT: Claims = {
  sub: 'agt-care-jordan',
  role: 'agent',
  team: 'care',
  scopes: ['pii:read'],
};

/** Every subgraph plus the gateway, on free ports, over one fresh database. */
export interface TestStack extends TestSubgraphs {
  gateway: RunningGateway;
  /** The stack's JWT secret (HS256). */
  jwtSecret: string;
  /** A bearer token for `claims`, valid for `ttlSec` (default 1 h). */
  tokenFor(claims: CallerClaims, ttlSec?: number): Promise<string>;
  /**
   * Sends an operation to the gateway over HTTP, as a client would: as {@link TEST_AGENT}
   * unless `headers.authorization` is given (`''` sends no token at all).
   */
  gatewayQuery<TData = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<GraphQLResponse<TData>>;
}

/** Options for {@link startTestStack}. */
export interface StartTestStackOptions extends StartTestSubgraphsOptions {
  engine?: Engine;
  seedCustomers?: number;
  redisUrl?: string;
  /** Extra gateway configuration (env-style keys), e.g. `{ MAX_COST: '10' }`. */
  gatewayEnv?: Record<string, string>;
  /** People the console's dev sign-in offers, signed with the stack's secret. Default: no dev sign-in. */
  devSignIn?: readonly DevPerson[];
}

/** Starts the whole system the way `npm start` does, isolated for one test file. */
export async function startTestStack(options: StartTestStackOptions = {}): Promise<TestStack> {
  const subgraphs = await startTestSubgraphs(SUBGRAPHS, options);
  const jwtSecret = randomBytes(48).toString('base64url');
  let gateway: RunningGateway;
  try {
    const config = loadGatewayConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      SUPERGRAPH_FILE,
      LOG_LEVEL: 'silent',
      ...TEST_DEADLINES,
      JWT_SECRET: jwtSecret,
      SUBGRAPH_HMAC_SECRET: subgraphs.secret,
      // The gateway shares the subgraphs' Redis (cache, event stream) when they use one.
      ...(options.redisUrl ? { REDIS_URL: options.redisUrl } : {}),
      // EXECUTOR=apollo npm run jest -- ... runs a suite on Apollo's executor for comparison.
      ...(process.env.EXECUTOR ? { EXECUTOR: process.env.EXECUTOR } : {}),
      ...options.gatewayEnv,
    });
    gateway = await createGatewayServer(config, {
      policies,
      inputLimits,
      eventBus: subgraphs.bus,
      logger: createLogger({
        name: 'test-gateway',
        ...(options.logDestination
          ? { level: 'info', destination: options.logDestination }
          : { level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
      }),
      subgraphUrls: Object.fromEntries(
        Object.values(subgraphs.subgraphs).map((s) => [s.name, s.graphqlUrl]),
      ),
      ...(options.devSignIn
        ? {
            devTokens: {
              secret: jwtSecret,
              issuer: DEFAULT_JWT_ISSUER,
              audience: DEFAULT_JWT_AUDIENCE,
              people: options.devSignIn,
            },
          }
        : {}),
    }).listen();
  } catch (error) {
    await subgraphs.stop();
    throw error;
  }
  const tokenFor = (claims: CallerClaims, ttlSec = 3600): Promise<string> =>
    signToken({
      secret: jwtSecret,
      issuer: DEFAULT_JWT_ISSUER,
      audience: DEFAULT_JWT_AUDIENCE,
      sub: claims.sub,
      role: claims.role,
      ...(claims.team ? { team: claims.team } : {}),
      scopes: claims.scopes,
      ttlSec,
    });
  const agentToken = await tokenFor(TEST_AGENT, 24 * 3600);
  return {
    ...subgraphs,
    gateway,
    jwtSecret,
    tokenFor,
    async gatewayQuery(query, variables, headers = {}) {
      const { authorization = `Bearer ${agentToken}`, ...rest } = headers;
      const response = await fetch(`${gateway.url}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(authorization ? { authorization } : {}),
          ...rest,
        },
        body: JSON.stringify({ query, variables }),
      });
      return (await response.json()) as GraphQLResponse<never>;
    },
    async stop() {
      await gateway.stop();
      await subgraphs.stop();
    },
  };
}
