import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import type { Counter } from 'prom-client';
import { stripSecurityLinks } from '../authz/stripSecurityLinks';
import type { GatewayConfig } from '../config';
import { supergraphVersion, type LiveSupergraph, type SupergraphVersion } from '../liveSupergraph';
import { composedSource, fileSource, type SupergraphSource } from './supergraphSources';

/** The configured supergraph source: a watched file, or a composition polled. */
export function supergraphSourceFor(config: GatewayConfig, logger: Logger): SupergraphSource {
  const { supergraph } = config;
  return supergraph.kind === 'file'
    ? fileSource(supergraph.path)
    : composedSource(
        supergraph.configPath,
        logger,
        supergraph.pollIntervalMs,
        config.subgraphHmacSecret,
      );
}

/**
 * Offers a new supergraph version to the gateway. The live state (authorization
 * requirements, cost directives, readiness) switches with it; when the gateway refuses
 * the version (not a supergraph, does not load), everything stays on the last good one.
 */
export function applySupergraphVersion(
  sdl: string,
  live: LiveSupergraph,
  update: (sdl: string) => void,
  reloads: Counter,
  logger: Logger,
): void {
  if (supergraphHashOf(sdl) === live.current.hash) return;
  let previous: SupergraphVersion | null = null;
  try {
    const next = supergraphVersion(sdl);
    previous = live.replace(next);
    update(stripSecurityLinks(sdl));
    reloads.inc({ outcome: 'applied' });
    logger.info({ from: previous.hash, to: next.hash }, 'supergraph reloaded');
  } catch (error) {
    if (previous) live.replace(previous);
    reloads.inc({ outcome: 'refused' });
    logger.error(
      { err: error, live: live.current.hash },
      'supergraph refused; the last good one keeps serving',
    );
  }
}

function supergraphHashOf(sdl: string): string {
  return createHash('sha256').update(sdl).digest('hex').slice(0, 16);
}
