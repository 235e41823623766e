import { readFileSync, unwatchFile, watchFile } from 'node:fs';
import type { Logger } from 'pino';
import { composeSupergraph } from '../composition/composeSupergraph';
import { readSupergraphConfig } from '../composition/readSupergraphConfig';

/** Where supergraph versions come from, first and then as they change. */
export interface SupergraphSource {
  /** Human name for logs, e.g. `file schema/supergraph.graphql`. */
  readonly description: string;
  /** The first version; throws when there is none to serve. */
  initial(): Promise<string>;
  /**
   * Calls `onChange` with each new candidate SDL, and `onError` when a candidate could
   * not be produced (e.g. it does not compose), until the returned function is called.
   */
  watch(onChange: (sdl: string) => void, onError: (error: unknown) => void): () => void;
}

/** A composed supergraph file, watched for changes (polled, so it works on any filesystem). */
export function fileSource(path: string, intervalMs = 500): SupergraphSource {
  return {
    description: `file ${path}`,
    initial: async () => readFileSync(path, 'utf8'),
    watch(onChange) {
      const listener = (current: { mtimeMs: number }, previous: { mtimeMs: number }): void => {
        if (current.mtimeMs === previous.mtimeMs || current.mtimeMs === 0) return;
        onChange(readFileSync(path, 'utf8'));
      };
      watchFile(path, { interval: intervalMs, persistent: false }, listener);
      return () => unwatchFile(path, listener);
    },
  };
}

/**
 * A rover-format `supergraph.yaml` composed now and again every `intervalMs`, reading
 * each subgraph's schema file or its running `_service { sdl }` (signed with `secret`,
 * `SUBGRAPH_HMAC_SECRET`). A composition that
 * fails is logged and skipped; the last good supergraph keeps serving.
 */
export function composedSource(
  configPath: string,
  logger: Logger,
  intervalMs = 10_000,
  secret: string | null = null,
): SupergraphSource {
  const compose = async (): Promise<string> => {
    const result = await composeSupergraph(readSupergraphConfig(configPath), { secret });
    if (!result.ok) {
      const problems = result.problems.map((p) => `[${p.code}] ${p.message}`).join('; ');
      throw new Error(`${configPath} does not compose: ${problems}`);
    }
    return result.supergraphSdl;
  };
  return {
    description: `composition of ${configPath}`,
    initial: compose,
    watch(onChange, onError) {
      const timer = setInterval(() => {
        compose().then(onChange, (error: unknown) => {
          logger.warn({ err: error }, 'recomposition failed; keeping the live supergraph');
          onError(error);
        });
      }, intervalMs);
      timer.unref();
      return () => clearInterval(timer);
    },
  };
}
