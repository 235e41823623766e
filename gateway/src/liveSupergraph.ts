import { createHash } from 'node:crypto';
import { Gauge, type Registry } from 'prom-client';
import { readCostDirectives, type CostInfo } from './limits/readCostDirectives';
import { supergraphSubgraphs, type SupergraphSubgraph } from './supergraphInfo';

/** The supergraph being served now, and what is derived from it once per version. */
export interface SupergraphVersion {
  sdl: string;
  /** `sha256` of the SDL, first 16 hex digits: what `/ready` and the metric show. */
  hash: string;
  subgraphs: SupergraphSubgraph[];
  costInfo: CostInfo;
}

/** Reads a supergraph version; throws when the SDL is not a Federation 2 supergraph. */
export function supergraphVersion(sdl: string): SupergraphVersion {
  return {
    sdl,
    hash: createHash('sha256').update(sdl).digest('hex').slice(0, 16),
    subgraphs: supergraphSubgraphs(sdl),
    costInfo: readCostDirectives(sdl),
  };
}

/**
 * Holds the live supergraph version for everything that must agree with the schema
 * the gateway plans with (authorization requirements, cost directives, readiness), and
 * exports `gateway_supergraph_info{hash}` = 1 for the live one.
 */
export class LiveSupergraph {
  private version: SupergraphVersion;
  private readonly info: Gauge;

  constructor(initial: SupergraphVersion, registry: Registry) {
    this.version = initial;
    this.info = new Gauge({
      name: 'gateway_supergraph_info',
      help: 'The supergraph being served (1 for the live hash)',
      labelNames: ['hash'],
      registers: [registry],
    });
    this.info.set({ hash: initial.hash }, 1);
  }

  /** The live version. */
  get current(): SupergraphVersion {
    return this.version;
  }

  /** Makes `next` live; returns the version it replaced (to roll back to). */
  replace(next: SupergraphVersion): SupergraphVersion {
    const previous = this.version;
    this.version = next;
    this.info.reset();
    this.info.set({ hash: next.hash }, 1);
    return previous;
  }
}
