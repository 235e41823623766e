import { Agent } from 'node:http';
import { lostBeyondFaulty } from './lostFields';
import { countLosses, countOutcome, type PhaseStats, type WriteRecord } from './phaseStats';
import { postGraphql, type Outcome } from './postGraphql';
import { ADD_NOTE, CUSTOMER_CONTEXT, type Reader } from './workload';

/** Every fourth request of a client is an `addNote`. */
const WRITE_EVERY = 4;
/** Pause between two tries of the same write (same idempotency key). */
const RETRY_PAUSE_MS = 500;
/** After the phase ends, how long a client keeps retrying a write that had no OK answer. */
const RETRY_AFTER_STOP_MS = 45_000;
/** Codes after which a client sends a write again: with the same key, or (nothing was sent) a new one. */
const SAME_KEY = 'OUTCOME_UNKNOWN';
const NEW_KEY = 'SUBGRAPH_UNAVAILABLE';

/** What a phase of load needs to know. */
export interface LoadOptions {
  /** Base URLs of the replicas; client i prefers replica i mod n, as a load balancer spreads them. */
  gateways: string[];
  token: string;
  readers: Reader[];
  /** Case ids the notes are written on (customers the readers do not read). */
  writeCases: string[];
  /** Unique per run, so keys never repeat across runs on the same database. */
  runId: string;
  /** The subgraph whose fields may be missing in this phase (null: none). */
  faulty: string | null;
  /** Send only writes. */
  writesOnly: boolean;
  stats: PhaseStats;
}

/**
 * A few concurrent clients on keep-alive connections sending the rep's `CustomerContext`
 * (compared with each reader's reference) and `addNote` with idempotency keys, sent
 * again until answered OK (see {@link LoadRun.attempt} for which key), until {@link LoadRun.stop}.
 */
export class LoadRun {
  private readonly agents: Agent[];
  private stopping = false;
  private stoppedAt = 0;
  private clients: Promise<void>[] = [];
  /** Writes being retried in the background while their client goes on. */
  private readonly retrying = new Set<Promise<void>>();
  private sent = 0;

  constructor(private readonly options: LoadOptions) {
    this.agents = options.gateways.map(() => new Agent({ keepAlive: true, maxSockets: 16 }));
  }

  /** Starts `clients` concurrent clients. */
  start(clients: number): void {
    this.clients = Array.from({ length: clients }, (_, index) => this.client(index));
  }

  /** Lets every client finish its request and every write being retried settle (at most 45 s more), then stops. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.stoppedAt = Date.now();
    await Promise.all(this.clients);
    while (this.retrying.size > 0) await Promise.all([...this.retrying]);
    for (const agent of this.agents) agent.destroy();
  }

  private async client(index: number): Promise<void> {
    for (let n = 0; !this.stopping; n += 1) {
      this.sent += 1;
      if (this.options.writesOnly || n % WRITE_EVERY === WRITE_EVERY - 1)
        await this.write(index, n);
      else await this.read(index, this.sent);
    }
  }

  private async read(client: number, n: number): Promise<void> {
    const reader = this.options.readers[n % this.options.readers.length];
    if (!reader) return;
    const outcome = await this.send(client, {
      query: CUSTOMER_CONTEXT,
      variables: reader.variables,
    });
    countOutcome(this.options.stats, outcome);
    if (outcome.kind === 'answered' && outcome.status === 200 && outcome.body) {
      const losses = lostBeyondFaulty(reader.reference, outcome.body, this.options.faulty);
      const label = reader.variables.value;
      countLosses(
        this.options.stats,
        losses.map((loss) => `${label}: ${loss}`),
      );
    }
  }

  private async write(client: number, n: number): Promise<void> {
    const { runId, writeCases, stats } = this.options;
    const writeId = `chaos-${runId}-${stats.fault.replace(/\W+/g, '_')}-${client}-${n}`;
    const record: WriteRecord = { fault: stats.fault, writeId, noteId: null, retried: false };
    stats.writes.push(record);
    const subjectId = writeCases[n % writeCases.length];
    let keys = 0;
    const payload = (): { query: string; variables: Record<string, unknown> } => ({
      query: ADD_NOTE,
      variables: {
        input: { idempotencyKey: `${writeId}.${keys}`, subjectId, body: `chaos note ${writeId}` },
      },
    });
    let next = await this.attempt(client, payload(), record);
    if (next === 'done') return;
    // As an application's retry queue would: the client goes on, the write is sent again
    // until it is answered OK.
    record.retried = true;
    const retry = (async () => {
      while (
        next !== 'done' &&
        !(this.stopping && Date.now() - this.stoppedAt > RETRY_AFTER_STOP_MS)
      ) {
        await new Promise((resolve) => setTimeout(resolve, RETRY_PAUSE_MS));
        if (next === 'new key') keys += 1;
        next = await this.attempt(client, payload(), record);
      }
    })();
    this.retrying.add(retry);
    void retry.finally(() => this.retrying.delete(retry));
  }

  /**
   * Sends the write once: `done` when answered OK or failed for good; `same key` after
   * OUTCOME_UNKNOWN or a broken connection (it may have been applied); `new key` after
   * SUBGRAPH_UNAVAILABLE, which promises that nothing was sent.
   */
  private async attempt(
    client: number,
    payload: { query: string; variables: Record<string, unknown> },
    record: WriteRecord,
  ): Promise<'done' | 'same key' | 'new key'> {
    const outcome = await this.send(client, payload);
    const codes = countOutcome(this.options.stats, outcome);
    record.noteId = noteIdOf(outcome);
    if (record.noteId) return 'done';
    if (outcome.kind !== 'answered' || codes.includes(SAME_KEY)) return 'same key';
    return codes.includes(NEW_KEY) ? 'new key' : 'done';
  }

  /** Sends on the client's replica; a refused connection goes to the next, as a balancer does. */
  private async send(
    client: number,
    payload: { query: string; variables: Record<string, unknown> },
  ): Promise<Outcome> {
    const { gateways, token, stats } = this.options;
    for (let attempt = 0; ; attempt += 1) {
      const index = (client + attempt) % gateways.length;
      const outcome = await postGraphql(
        this.agents[index] as Agent,
        gateways[index] ?? '',
        payload,
        token,
      );
      if (outcome.kind !== 'refused' || attempt >= 50) return outcome;
      stats.redirected += 1;
      // Every replica refusing (both restarting): wait a little before going round again.
      if (attempt % gateways.length === gateways.length - 1)
        await new Promise((r) => setTimeout(r, 100));
    }
  }
}

function noteIdOf(outcome: Outcome): string | null {
  if (outcome.kind !== 'answered' || outcome.status !== 200) return null;
  const note = outcome.body?.data?.addNote;
  return note && typeof note === 'object' && !Array.isArray(note) && typeof note.id === 'string'
    ? note.id
    : null;
}
