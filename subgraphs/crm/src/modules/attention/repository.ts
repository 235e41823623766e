import type { Queryable } from '../../../../shared/db';

/** What decides whether and how a customer may be contacted. */
export interface ContactRulesRow {
  customer_id: string;
  preferred_channel: string | null;
  quiet_start: string | null;
  quiet_end: string | null;
  quiet_time_zone: string | null;
  /** The MARKETING consent: null when the customer never decided. */
  marketing_granted: boolean | null;
}

/** Contact rules of many customers in one statement; unknown ids have no row. */
export function contactRulesByCustomerIds(
  db: Queryable,
  customerIds: readonly string[],
): Promise<ContactRulesRow[]> {
  return db.query<ContactRulesRow>(
    `SELECT c.id AS customer_id, p.preferred_channel, p.quiet_start, p.quiet_end,
            p.quiet_time_zone, m.granted AS marketing_granted
       FROM crm.customer c
       LEFT JOIN crm.preferences p ON p.customer_id = c.id
       LEFT JOIN crm.consent m ON m.customer_id = c.id AND m.purpose = 'MARKETING'
      WHERE c.id = ANY($1::text[])`,
    [customerIds],
  );
}
