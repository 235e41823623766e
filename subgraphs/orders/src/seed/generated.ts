import type { Queryable } from '../../../shared/db';
import { OFFERING, generatedCustomerIdSql, generatedPlaceIdSql } from '../../../shared/seedIds';

/** SQL expression for order `n` (1 or 2) of generated customer `i`, e.g. `ord-000042-1`. */
export function generatedOrderIdSql(i: string, n: 1 | 2): string {
  return `'ord-' || lpad((${i})::text, 6, '0') || '-${n}'`;
}

export const SERIES = 'FROM generate_series(1, $1::int) AS i';
/** Every generated customer's first order: completed internet on the website. */
export const FIRST_PLACED = `timestamptz '2024-02-01T00:00:00Z' + i * interval '1 minute'`;
/** Every fourth generated customer's second order: TV streaming, still in progress. */
export const SECOND_PLACED = `timestamptz '2025-06-01T00:00:00Z' + i * interval '1 minute'`;

/**
 * Orders of generated customers `cus-000001`…: each has order `-1`, a COMPLETED
 * internet order (Internet 300 for odd i, Internet 1000 for even) on the website;
 * every customer with i % 4 = 0 also has order `-2`, an IN_PROGRESS TV Streaming
 * order from the app. Set-based: one statement per table whatever the count.
 */
export async function seedGeneratedOrders(tx: Queryable, count: number): Promise<void> {
  if (count === 0) return;
  const customer = generatedCustomerIdSql('i');
  const place = generatedPlaceIdSql('i');
  const first = generatedOrderIdSql('i', 1);
  const second = generatedOrderIdSql('i', 2);
  await tx.query(
    `INSERT INTO orders."order" (id, customer_id, channel, status, place_id, placed_at, updated_at)
     SELECT ${first}, ${customer}, 'WEBSITE', 'COMPLETED', ${place}, ${FIRST_PLACED},
            ${FIRST_PLACED} + interval '3 days' ${SERIES}
     UNION ALL
     SELECT ${second}, ${customer}, 'MOBILE_APP', 'IN_PROGRESS', ${place}, ${SECOND_PLACED},
            ${SECOND_PLACED} + interval '1 hour' ${SERIES} WHERE i % 4 = 0
     ON CONFLICT (id) DO NOTHING`,
    [count],
  );
  await tx.query(
    `INSERT INTO orders.order_item (id, order_id, position, offering_id, quantity, action, delivery_method)
     SELECT ${first} || '-item-1', ${first}, 1,
            CASE WHEN i % 2 = 1 THEN $2 ELSE $3 END, 1, 'ADD',
            CASE WHEN i % 2 = 1 THEN 'SELF_INSTALL' ELSE 'TECHNICIAN_INSTALL' END ${SERIES}
     UNION ALL
     SELECT ${second} || '-item-1', ${second}, 1, $4, 1, 'ADD', 'STREAMING' ${SERIES} WHERE i % 4 = 0
     ON CONFLICT (id) DO NOTHING`,
    [count, OFFERING.internet300, OFFERING.internet1000, OFFERING.tvStreamingPackage],
  );
  await tx.query(
    `INSERT INTO orders.order_status_change (order_id, position, status, at)
     SELECT ${first}, s.position, s.status, ${FIRST_PLACED} + s.after ${SERIES}
       CROSS JOIN (VALUES (1, 'ACKNOWLEDGED', interval '0'), (2, 'IN_PROGRESS', interval '1 hour'),
                          (3, 'COMPLETED', interval '3 days')) AS s(position, status, after)
     UNION ALL
     SELECT ${second}, s.position, s.status, ${SECOND_PLACED} + s.after ${SERIES}
       CROSS JOIN (VALUES (1, 'ACKNOWLEDGED', interval '0'), (2, 'IN_PROGRESS', interval '1 hour'))
            AS s(position, status, after)
      WHERE i % 4 = 0
     ON CONFLICT DO NOTHING`,
    [count],
  );
}
