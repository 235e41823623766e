import type { Queryable } from '../../subgraphs/shared/db';

/**
 * The agent assigned to an open case of `customerId` that has notes by someone else:
 * a rep whose UNREAD_NOTES flag a seeded customer shows until that rep opens them.
 * Throws when the customer has none (the seed changed).
 */
export async function assigneeWithUnreadNotes(db: Queryable, customerId: string): Promise<string> {
  const [open] = await db.query<{ assigned_to: string }>(
    `SELECT c.assigned_to FROM support."case" c
      WHERE c.customer_id = $1 AND c.assigned_to IS NOT NULL
        AND EXISTS (SELECT 1 FROM support.note n
                     WHERE n.subject_type = 'CASE' AND n.subject_id = c.id
                       AND n.author_id <> c.assigned_to)
        AND c.status NOT IN ('RESOLVED', 'CLOSED', 'REJECTED', 'CANCELLED')`,
    [customerId],
  );
  if (!open) throw new Error(`${customerId} has no open case with another's notes`);
  return open.assigned_to;
}
