import type { Queryable } from '../subgraphs/shared/db';
import { encodeCursor } from '../subgraphs/shared/pagination';

/**
 * The bench's long customer history (workload d): `count` extra timeline entries for one
 * customer, entry k (1-based) at 2020-01-01T00:00Z + k minutes with event id
 * `<customer>-<k>`, older than anything the seed writes. One set-based INSERT, then
 * ANALYZE so the planner knows the table grew.
 */
export async function fillTimeline(db: Queryable, customer: string, count: number): Promise<void> {
  await db.query(
    `INSERT INTO support.timeline_entry
       (event_id, customer_id, occurred_at, kind, event_type, channel, actor, summary, subject_type, subject_id, source)
     SELECT $1 || '-' || i, $1, timestamptz '2020-01-01T00:00:00Z' + i * interval '1 minute',
            (ARRAY['INTERACTION','ORDER_PLACED','NOTE_ADDED','APPOINTMENT_BOOKED','CASE_OPENED'])[1 + i % 5],
            'bench.event', (ARRAY['PHONE','CHAT','WEBSITE','MOBILE_APP','SOCIAL'])[1 + i % 5], 'system',
            'Entry ' || i, 'Interaction', 'int-' || i, 'bench'
       FROM generate_series(1, $2::int) AS i
     ON CONFLICT DO NOTHING`,
    [customer, count],
  );
  await db.query('ANALYZE support.timeline_entry');
}

/**
 * The cursor the support subgraph hands out for entry `k` of {@link fillTimeline}: a page
 * `after` it holds entries k-1, k-2, … (newest first), as a client paging back would ask.
 */
export function timelineCursor(customer: string, k: number): string {
  return encodeCursor({ at: new Date(Date.UTC(2020, 0, 1) + k * 60_000), id: `${customer}-${k}` });
}
