import { storyAnchor } from '../../../subgraphs/shared/seedIds';
import { SEED_NOW } from '../../harness/seedClock';
import type { TestSubgraphs } from '../../harness/startTestSubgraphs';

/** Midnight UTC of the seed's day (SEED_NOW) plus `days` days and `hour` hours, as ISO 8601. */
export function at(days: number, hour: number): string {
  const dayStart = storyAnchor(SEED_NOW).getTime();
  return new Date(dayStart + days * 86_400_000 + hour * 3_600_000).toISOString();
}

/** The appointment fields every mutation test reads back. */
export const APPOINTMENT_FIELDS = /* GraphQL */ `
  id
  status
  jobType
  requiredSkills
  customer { id }
  place { id }
  serviceOrder { id }
  window { start end }
  technician { id }
  statusHistory { status reason window { start end } }
`;

/** Row counts of every table a mutation may write. */
export interface Counts {
  appointment: number;
  appointment_status_change: number;
  outbox: number;
  idempotency: number;
}

/** Counts the rows a mutation may write, to prove a rejection wrote nothing. */
export async function counts(stack: TestSubgraphs): Promise<Counts> {
  const [row] = await stack.database.db.query<Counts>(
    `SELECT (SELECT count(*)::int FROM provisioning.appointment) AS appointment,
            (SELECT count(*)::int FROM provisioning.appointment_status_change) AS appointment_status_change,
            (SELECT count(*)::int FROM provisioning.outbox) AS outbox,
            (SELECT count(*)::int FROM provisioning.idempotency) AS idempotency`,
  );
  if (!row) throw new Error('no counts');
  return row;
}

/** An outbox row as the tests check it. */
export interface OutboxRow {
  customer_id: string;
  event_type: string;
  subject_type: string;
  subject_id: string;
  summary: string;
  channel: string | null;
  actor: string | null;
}

/** Outbox events mutations wrote about one appointment, oldest first (not the seeded `evt-` history). */
export function eventsAbout(stack: TestSubgraphs, appointmentId: string): Promise<OutboxRow[]> {
  return stack.database.db.query<OutboxRow>(
    `SELECT customer_id, event_type, subject_type, subject_id, summary, channel, actor
       FROM provisioning.outbox WHERE subject_id = $1 AND id NOT LIKE 'evt-%' ORDER BY occurred_at, id`,
    [appointmentId],
  );
}

/** The stored appointment row's mutable columns. */
export async function storedAppointment(stack: TestSubgraphs, id: string) {
  const [row] = await stack.database.db.query<{
    status: string;
    technician_id: string | null;
    window_start: Date;
    window_end: Date;
  }>(
    `SELECT status, technician_id, window_start, window_end FROM provisioning.appointment WHERE id = $1`,
    [id],
  );
  return row;
}

/** The `extensions.code` of the first error, or undefined. */
export function codeOf(result: { errors?: { extensions?: Record<string, unknown> }[] }): unknown {
  return result.errors?.[0]?.extensions?.code;
}
