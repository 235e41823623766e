import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from '../../subgraphs/shared/db';
import { createFreshPostgres } from '../../subgraphs/shared/freshPostgres';
import { SUBGRAPHS } from '../../subgraphs/registry';
import { ROOT, type ChildSet } from './childProcesses';
import { PrivateRedis } from './privateRedis';
import { Service, freePort } from './service';

/** Generated customers each subgraph seeds beside the personas (the load reads a few). */
const SEED_CUSTOMERS = '20';

/** The deployment a chaos run injects faults into: every part a separate process. */
export interface Deployment {
  /** The subgraphs by name, each `tsx subgraphs/index.ts <name>` on its own port. */
  subgraphs: Map<string, Service>;
  /** Two replicas of `customer-context-gateway serve`, sharing Redis and the subgraphs. */
  gateways: [Service, Service];
  redis: PrivateRedis;
  /** The run's own database (the subgraphs' schemas), for counting written rows. */
  db: Database;
  /** The copy of the supergraph the replicas serve and watch (rewritten for a hot reload). */
  supergraphFile: string;
  /** The replicas' JWT secret, for minting the load's tokens. */
  jwtSecret: string;
  /** Stops every process and drops the database. */
  stop(): Promise<void>;
}

/**
 * Starts the deployment from the project's own entry points: a fresh database on
 * `DATABASE_URL` (default the local server), a private redis-server, the five subgraphs
 * (seeded, then restarted without seeding as a deployment would) and two gateway
 * replicas, all on free ports of 127.0.0.1 with secrets generated for the run.
 */
export async function startDeployment(children: ChildSet): Promise<Deployment> {
  const base = process.env.DATABASE_URL || 'postgres://root@127.0.0.1:5432/test';
  const database = await createFreshPostgres(base, 'chaos', { maxConnections: 4 });
  const dir = mkdtempSync(join(tmpdir(), 'cc-chaos-'));
  const cleanups: (() => Promise<void>)[] = [
    async () => rmSync(dir, { recursive: true, force: true }),
    () => database.drop(),
  ];
  const stop = async (): Promise<void> => {
    children.killAll();
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  };
  try {
    const redis = await PrivateRedis.start(children);
    cleanups.push(() => redis.destroy());
    const secrets = {
      SUBGRAPH_HMAC_SECRET: randomBytes(32).toString('base64url'),
      JWT_SECRET: randomBytes(48).toString('base64url'),
    };
    const ports = new Map(
      await Promise.all(SUBGRAPHS.map(async (s) => [s.name, await freePort()] as const)),
    );
    const graphqlUrl = (name: string): string => `http://127.0.0.1:${ports.get(name)}/graphql`;
    const common = { HOST: '127.0.0.1', REDIS_URL: redis.url, LOG_LEVEL: 'warn' };
    const subgraphs = new Map<string, Service>();
    for (const { name } of SUBGRAPHS) {
      const env = {
        ...common,
        [`${name.toUpperCase()}_PORT`]: String(ports.get(name)),
        DATABASE_URL: database.url,
        SUBGRAPH_HMAC_SECRET: secrets.SUBGRAPH_HMAC_SECRET,
        SUBGRAPH_URLS: SUBGRAPHS.map((s) => `${s.name}=${graphqlUrl(s.name)}`).join(','),
        SEED: 'false',
      };
      const args = ['--import', 'tsx', 'subgraphs/index.ts', name];
      subgraphs.set(
        name,
        new Service(name, ports.get(name) ?? 0, children, { cmd: process.execPath, args, env }),
      );
    }
    const supergraphFile = join(dir, 'supergraph.graphql');
    copyFileSync(join(ROOT, 'schema', 'supergraph.graphql'), supergraphFile);
    const gatewayEnv = {
      ...common,
      ...secrets,
      ...Object.fromEntries(
        SUBGRAPHS.map((s) => [`SUBGRAPH_URL_${s.name.toUpperCase()}`, graphqlUrl(s.name)]),
      ),
      // As `npm start`: crm's audit attributes each read to its request id.
      SUBGRAPH_BATCH_EXCLUDE: 'crm',
      // The load reads a few customers over and over: with the default 300 s nearly every
      // read would be a cache hit and a subgraph's outage would go unseen.
      CACHE_MAX_TTL_SECONDS: '1',
      // A locked table outlasts a mutation's deadline within seconds, not 15 s.
      SUBGRAPH_MUTATION_TIMEOUT_MS: '3000',
    };
    const gateway = async (name: string): Promise<Service> => {
      const port = await freePort();
      const args = [
        ...['bin/customer-context-gateway.js', 'serve', '--supergraph', supergraphFile],
        ...['--policies', 'schema/policies.ts', '--input-limits', 'schema/inputLimits.ts'],
        ...['--port', String(port)],
      ];
      return new Service(name, port, children, { cmd: process.execPath, args, env: gatewayEnv });
    };
    const gateways: [Service, Service] = [await gateway('gateway-a'), await gateway('gateway-b')];
    // Everything starts at once: a replica is ready when every subgraph answers it. The
    // first start seeds; every restart runs as a deployment does (migrations only).
    await Promise.all([
      ...[...subgraphs.values()].map((s) => s.start({ SEED: 'true', SEED_CUSTOMERS })),
      ...gateways.map((g) => g.start()),
    ]);
    return {
      subgraphs,
      gateways,
      redis,
      db: database.db,
      supergraphFile,
      jwtSecret: secrets.JWT_SECRET,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
