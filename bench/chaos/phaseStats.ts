import type { Outcome } from './postGraphql';

/** One note the load meant to write once, however many requests that took. */
export interface WriteRecord {
  /** The fault whose phase sent it. */
  fault: string;
  /** In the note's body; the idempotency key is this plus the number of the attempt's key. */
  writeId: string;
  /** The note id of the first OK answer; null if none came (the client gave up). */
  noteId: string | null;
  /**
   * Whether it was sent again: with the same key after OUTCOME_UNKNOWN or a broken
   * connection, with a new key after SUBGRAPH_UNAVAILABLE (documented as "nothing was
   * sent", so a double here would break that promise).
   */
  retried: boolean;
}

/** What one fault's phase of load saw. */
export interface PhaseStats {
  fault: string;
  /** HTTP requests that reached a replica (a refused connection redirected is not one). */
  requests: number;
  non2xx: number;
  /** GraphQL error codes, plus `HTTP <status>`, `transport <code>` and `refused`. */
  errors: Map<string, number>;
  /** Answers with data and errors. */
  partial: number;
  /** Answers that lost more than the faulty subgraph's fields (see lostFields.ts). */
  lostBeyond: number;
  /** The first few such losses, for the report. */
  lossExamples: string[];
  /** Refused connections a client took to the other replica. */
  redirected: number;
  writes: WriteRecord[];
  /** Filled by the final count of rows (see writeRows.ts). */
  rowsLost: number;
  rowsDoubled: number;
  /** Anything the fault itself reported, e.g. a replica's exit code. */
  notes: string[];
}

/** Empty stats for `fault`. */
export function newPhaseStats(fault: string): PhaseStats {
  return {
    fault,
    requests: 0,
    non2xx: 0,
    errors: new Map(),
    partial: 0,
    lostBeyond: 0,
    lossExamples: [],
    redirected: 0,
    writes: [],
    rowsLost: 0,
    rowsDoubled: 0,
    notes: [],
  };
}

/** Counts `outcome` into `stats`; returns the GraphQL error codes of the answer. */
export function countOutcome(stats: PhaseStats, outcome: Outcome): string[] {
  const bump = (key: string): void => void stats.errors.set(key, (stats.errors.get(key) ?? 0) + 1);
  switch (outcome.kind) {
    case 'refused':
      bump('refused by every replica');
      return [];
    case 'transport':
      stats.requests += 1;
      bump(`transport ${outcome.code}`);
      return [];
    case 'answered': {
      stats.requests += 1;
      if (outcome.status < 200 || outcome.status > 299) {
        stats.non2xx += 1;
        bump(`HTTP ${outcome.status}`);
      }
      const codes = (outcome.body?.errors ?? []).map((e) => e.extensions?.code ?? 'NO_CODE');
      codes.forEach(bump);
      if (codes.length > 0 && outcome.body?.data) stats.partial += 1;
      return codes;
    }
    default: {
      const unreachable: never = outcome;
      throw new Error(`unknown outcome ${JSON.stringify(unreachable)}`);
    }
  }
}

/** Records the losses of one answer. */
export function countLosses(stats: PhaseStats, losses: string[]): void {
  if (losses.length === 0) return;
  stats.lostBeyond += 1;
  for (const loss of losses) {
    if (stats.lossExamples.length < 5) stats.lossExamples.push(loss);
  }
}
