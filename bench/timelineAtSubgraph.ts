import { fork } from 'node:child_process';
import { join } from 'node:path';
import type { Claims } from '../lib/claims';
import { SERVER_TIMING_METRIC, serverTimingMs } from '../lib/http/serverTiming';
import { signRequest } from '../lib/signedClaims';

/** What {@link timelineLatencyInChild} measures: {@link timelineLatency}'s arguments. */
export interface TimelineJob {
  url: string;
  secret: string;
  caller: Claims;
  variables: Record<string, unknown>;
  iterations: number;
  warmup: number;
}

/** Latency of one scenario, ms. */
export interface LatencyFigures {
  /** As the client saw it: sending, the subgraph, the hop and reading the answer. */
  p50: number;
  p99: number;
  max: number;
  /**
   * By the subgraph's own clock (`Server-Timing`): from the request reaching its GraphQL
   * handler to the answer being written. What the "at the subgraph" target reads.
   */
  server: { p50: number; p99: number; max: number };
}

/** A timeline page straight from the support subgraph, as the gateway's entity fetch asks it. */
export const TIMELINE_ENTITY_QUERY = /* GraphQL */ `
  query ($representations: [_Any!]!, $after: String, $filter: TimelineFilter) {
    _entities(representations: $representations) {
      ... on Customer {
        timeline(first: 20, after: $after, filter: $filter) {
          edges {
            cursor
            node {
              occurredAt
              kind
              channel
              summary
            }
          }
        }
      }
    }
  }
`;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

function figures(times: number[]): { p50: number; p99: number; max: number } {
  const sorted = [...times].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted.at(-1)! };
}

/** The subgraph's own time in a `Server-Timing` value, ms; throws when it sent none. */
function ownTimeMs(header: string | null): number {
  const ms = serverTimingMs(header);
  if (ms === null) throw new Error(`no ${SERVER_TIMING_METRIC} Server-Timing in "${header}"`);
  return ms;
}

/**
 * Sends the same timeline request to the support subgraph `warmup` times, then
 * `iterations` times one after another (no queueing: the subgraph's own latency), signed
 * as `caller` with the subgraphs' `secret`: the client's times and the subgraph's own
 * (`Server-Timing`). Throws on a GraphQL error or an answer without the timing.
 */
export async function timelineLatency(
  url: string,
  secret: string,
  caller: Claims,
  variables: Record<string, unknown>,
  iterations: number,
  warmup: number,
): Promise<LatencyFigures> {
  const body = JSON.stringify({ query: TIMELINE_ENTITY_QUERY, variables });
  const send = async (): Promise<[client: number, server: number]> => {
    const started = performance.now();
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...signRequest(caller, secret, { subgraph: 'support', body }),
      },
      body,
    });
    const answer = (await response.json()) as { errors?: unknown };
    if (answer.errors) throw new Error(JSON.stringify(answer.errors));
    return [performance.now() - started, ownTimeMs(response.headers.get('server-timing'))];
  };
  for (let i = 0; i < warmup; i++) await send();
  const client: number[] = [];
  const server: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const [c, s] = await send();
    client.push(c);
    server.push(s);
  }
  return { ...figures(client), server: figures(server) };
}

/**
 * {@link timelineLatency} from a fresh client process (`timelineClient.ts`), so that only
 * the subgraph's own pauses, not the bench's, show in the figures.
 */
export async function timelineLatencyInChild(job: TimelineJob): Promise<LatencyFigures> {
  const child = fork(join(__dirname, 'timelineClient.ts'), [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  try {
    const answer = await new Promise<{ figures?: LatencyFigures; error?: string }>(
      (resolve, reject) => {
        child.once('message', (m) => resolve(m as { figures?: LatencyFigures; error?: string }));
        child.once('exit', (code) => reject(new Error(`timeline client exited with ${code}`)));
        child.send(job);
      },
    );
    if (!answer.figures) throw new Error(answer.error ?? 'timeline client sent no figures');
    return answer.figures;
  } finally {
    if (child.exitCode === null) child.kill();
  }
}
