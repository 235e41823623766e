import type { Database } from '../../subgraphs/shared/db';
import type { PhaseStats, WriteRecord } from './phaseStats';

/** How long the outbox relay and the timeline consumer get to catch up after the load. */
const SETTLE_MS = 30_000;

/** The rows one write (all its attempts, whatever their keys) left. */
interface Rows {
  /** Ids of the `support.note` rows whose body carries the key. */
  noteIds: string[];
  /** `support.outbox` `note.added` events, summed over those notes. */
  outbox: number;
  /** `support.timeline_entry` rows of those notes (recorded from the event stream). */
  timeline: number;
}

/**
 * Counts, for every write of the run, its note, its outbox event and its timeline entry,
 * waiting up to {@link SETTLE_MS} for events still on their way, and adds to each phase
 * the writes lost (answered OK, or retried after an unknown outcome, yet a row is
 * missing) and doubled (more than one row for one write).
 */
export async function countWriteRows(db: Database, phases: PhaseStats[]): Promise<void> {
  const writes = phases.flatMap((phase) => phase.writes);
  const deadline = Date.now() + SETTLE_MS;
  let rows = await readRows(db);
  while (writes.some((w) => lost(w, rows.get(w.writeId))) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    rows = await readRows(db);
  }
  for (const phase of phases) {
    for (const write of phase.writes) {
      const found = rows.get(write.writeId);
      if (lost(write, found)) phase.rowsLost += 1;
      if (found && (found.noteIds.length > 1 || found.outbox > 1 || found.timeline > 1))
        phase.rowsDoubled += 1;
    }
  }
}

/** A write with an OK answer (first or after retries) must have all three rows. */
function lost(write: WriteRecord, rows: Rows | undefined): boolean {
  if (write.noteId === null) return false;
  return !rows || !rows.noteIds.includes(write.noteId) || rows.outbox === 0 || rows.timeline === 0;
}

async function readRows(db: Database): Promise<Map<string, Rows>> {
  const notes = await db.query<{ body: string; id: string }>(
    "SELECT body, id FROM support.note WHERE body LIKE 'chaos note %'",
  );
  const outbox = await countsBy(
    db,
    "SELECT payload->>'noteId' AS id, count(*) AS n FROM support.outbox WHERE event_type = 'note.added' GROUP BY 1",
  );
  const timeline = await countsBy(
    db,
    "SELECT subject_id AS id, count(*) AS n FROM support.timeline_entry WHERE subject_type = 'Note' GROUP BY 1",
  );
  const rows = new Map<string, Rows>();
  for (const note of notes) {
    const key = note.body.slice('chaos note '.length);
    const entry = rows.get(key) ?? { noteIds: [], outbox: 0, timeline: 0 };
    entry.noteIds.push(note.id);
    entry.outbox += outbox.get(note.id) ?? 0;
    entry.timeline += timeline.get(note.id) ?? 0;
    rows.set(key, entry);
  }
  return rows;
}

async function countsBy(db: Database, sql: string): Promise<Map<string, number>> {
  const rows = await db.query<{ id: string; n: string }>(sql);
  return new Map(rows.map((row) => [row.id, Number(row.n)]));
}
