import { createHash } from 'node:crypto';
import { appendFileSync, readFileSync } from 'node:fs';
import { SUBGRAPHS } from '../../subgraphs/registry';
import type { Deployment } from './deployment';

/** How long a fault lasts before it is healed. */
const HOLD_MS = 3000;
/** The locked table outlasts the replicas' mutation deadline (3 s in this deployment). */
const LOCK_MS = 6000;

/** One fault the load runs through. */
export interface Fault {
  name: string;
  /** The subgraph whose fields may go missing meanwhile; null: nothing may. */
  faulty: string | null;
  /** Every request of the load is an `addNote` (default: one in four). */
  writesOnly?: boolean;
  /** Injects the fault, holds it, heals it; returns remarks for the report. */
  run(deployment: Deployment): Promise<string[]>;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** kill -9 of a subgraph, then a restart (migrations, no seed) until `/ready`. */
export function killSubgraph(name: string): Fault {
  return {
    name: `kill -9 ${name}`,
    faulty: name,
    async run({ subgraphs }) {
      const service = subgraphs.get(name);
      if (!service) throw new Error(`no subgraph ${name}`);
      await service.signal('SIGKILL');
      await sleep(HOLD_MS);
      const started = Date.now();
      await service.start();
      return [`${name} ready ${((Date.now() - started) / 1000).toFixed(1)} s after its restart`];
    },
  };
}

/** The private Redis shut down (SIGTERM), then started again on the same data. */
export const redisStop: Fault = {
  name: 'redis shutdown',
  faulty: null,
  async run({ redis }) {
    await redis.stop();
    await sleep(HOLD_MS);
    await redis.start();
    return [];
  },
};

/** The private Redis hung (SIGSTOP), then resumed (SIGCONT). */
export const redisPause: Fault = {
  name: 'redis SIGSTOP',
  faulty: null,
  async run({ redis }) {
    redis.signal('SIGSTOP');
    await sleep(HOLD_MS);
    redis.signal('SIGCONT');
    return [];
  },
};

/** SIGTERM of one replica under keep-alive load (clients go to the other), then a restart. */
export const gatewaySigterm: Fault = {
  name: 'SIGTERM gateway-a',
  faulty: null,
  async run({ gateways }) {
    const code = await gateways[0].signal('SIGTERM');
    // Until the new process listens (a few seconds), its port refuses connections.
    await gateways[0].start();
    return [`gateway-a exited ${String(code)} after SIGTERM`];
  },
};

/** `support.note` locked (ACCESS EXCLUSIVE) past the mutation deadline: outcomes are unknown. */
export const lockNotes: Fault = {
  name: 'lock support.note',
  faulty: 'support',
  // Reads of the cases' notes would wait on the lock too and keep the clients from writing.
  writesOnly: true,
  async run({ db }) {
    await db.transaction(async (tx) => {
      await tx.query('LOCK TABLE support.note IN ACCESS EXCLUSIVE MODE');
      await sleep(LOCK_MS);
    });
    return [];
  },
};

/** The served supergraph file rewritten (same schema, new hash): both replicas reload. */
export const hotReload: Fault = {
  name: 'hot reload',
  faulty: null,
  async run({ gateways, supergraphFile }) {
    appendFileSync(supergraphFile, `\n# chaos reload ${Date.now()}\n`);
    const hash = createHash('sha256')
      .update(readFileSync(supergraphFile, 'utf8'))
      .digest('hex')
      .slice(0, 16);
    const deadline = Date.now() + 15_000;
    for (const gateway of gateways) {
      for (;;) {
        const metrics = await fetch(`${gateway.url}/metrics`).then(
          (r) => r.text(),
          () => '',
        );
        if (metrics.includes(`gateway_supergraph_info{hash="${hash}"} 1`)) break;
        if (Date.now() > deadline)
          throw new Error(`${gateway.name} did not load supergraph ${hash}`);
        await sleep(200);
      }
    }
    return [`both replicas serve supergraph ${hash}`];
  },
};

/** Every fault, in order: each subgraph killed in turn, Redis, a replica, a lock, a reload. */
export function allFaults(): Fault[] {
  return [
    ...SUBGRAPHS.map((s) => killSubgraph(s.name)),
    redisStop,
    redisPause,
    gatewaySigterm,
    lockNotes,
    hotReload,
  ];
}

/** `--short`: one subgraph killed and one replica stopped. */
export function shortFaults(): Fault[] {
  return [killSubgraph('orders'), gatewaySigterm];
}
