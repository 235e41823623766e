import type { GraphQLResponse, TestSubgraphs } from '../../harness/startTestSubgraphs';

/** Tables the support mutations write, counted to prove a rejection wrote nothing. */
const TABLES = [
  'conversation',
  'conversation_step',
  '"case"',
  'case_status_change',
  'note',
  'handoff',
  'customer_view',
  'outbox',
  'idempotency',
];

/**
 * The timeline consumer's own events: it records one for each entry it adds, after the
 * mutation and on its own schedule, so counting them would make every count racy.
 */
const NOT_THE_MUTATIONS = `WHERE event_type <> 'timeline.entry_added'`;

/**
 * Row counts of every table a support mutation may write, by table (the outbox without
 * the timeline consumer's `timeline.entry_added` events).
 */
export async function counts(stack: TestSubgraphs): Promise<Record<string, number>> {
  const select = TABLES.map(
    (t) =>
      `(SELECT count(*)::int FROM support.${t} ${t === 'outbox' ? NOT_THE_MUTATIONS : ''}) AS "${t.replace(/"/g, '')}"`,
  );
  const [row] = await stack.database.db.query<Record<string, number>>(
    `SELECT ${select.join(', ')}`,
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

/** Outbox events about one subject, oldest first. */
export function eventsAbout(stack: TestSubgraphs, subjectId: string): Promise<OutboxRow[]> {
  return stack.database.db.query<OutboxRow>(
    `SELECT customer_id, event_type, subject_type, subject_id, summary, channel, actor
       FROM support.outbox WHERE subject_id = $1 ORDER BY occurred_at, event_type`,
    [subjectId],
  );
}

/** Sends a mutation to `support` with `variables`. */
export function send<T>(
  stack: TestSubgraphs,
  query: string,
  variables: Record<string, unknown>,
): Promise<GraphQLResponse<T>> {
  return stack.query<T>('support', query, variables);
}

/** Sends a mutation that must fail with `code` and write nothing at all. */
export async function expectRejected(
  stack: TestSubgraphs,
  query: string,
  variables: Record<string, unknown>,
  code: string,
  message?: RegExp,
): Promise<void> {
  const before = await counts(stack);
  const result = await stack.query('support', query, variables);
  expect(result.errors?.[0]?.extensions?.code).toBe(code);
  if (message) expect(result.errors?.[0]?.message).toMatch(message);
  expect(await counts(stack)).toEqual(before);
}

/** Counts after minus counts before, leaving out tables that did not change. */
export function delta(
  before: Record<string, number>,
  after: Record<string, number>,
): Record<string, number> {
  return Object.fromEntries(
    Object.entries(after)
      .map(([table, n]) => [table, n - (before[table] ?? 0)] as const)
      .filter(([, d]) => d !== 0),
  );
}
