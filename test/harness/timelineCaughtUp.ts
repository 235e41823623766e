import { eventually } from './eventually';
import type { TestSubgraphs } from './startTestSubgraphs';

/**
 * Waits until the timeline holds every event the stack's subgraphs have written for
 * `customerId` that belongs on it (all but those whose payload says `timeline: false`):
 * the seed's history, which the timeline consumes asynchronously after start, has then
 * all arrived, so two reads of the timeline see the same entries.
 */
export async function timelineCaughtUp(stack: TestSubgraphs, customerId: string): Promise<void> {
  const events = Object.keys(stack.subgraphs)
    .map(
      (schema) =>
        `SELECT id FROM ${schema}.outbox
          WHERE customer_id = $1 AND coalesce(payload->>'timeline', 'true') <> 'false'`,
    )
    .join(' UNION ALL ');
  await eventually(async () => {
    await stack.flushOutboxes();
    const [row] = await stack.database.db.query<{ missing: number }>(
      `SELECT count(*)::int AS missing FROM (${events}) AS event
        WHERE NOT EXISTS (SELECT 1 FROM support.timeline_entry entry WHERE entry.event_id = event.id)`,
      [customerId],
    );
    expect(row?.missing).toBe(0);
  });
}
