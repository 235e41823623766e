import type { Queryable } from '../../../shared/db';
import { OFFERING, generatedCustomerIdSql, generatedPlaceIdSql } from '../../../shared/seedIds';

/**
 * Generated customer `i` gets one active internet service at home (300 Mbit/s when `i`
 * is odd, 1 Gbit/s when even) with a router, and every fourth customer a confirmed
 * equipment swap 1–7 days after `anchor` (the seed's day). Set-based SQL: one statement
 * per table, however many customers there are.
 */
export async function seedGenerated(
  tx: Queryable,
  count: number,
  technicianIds: readonly string[],
  anchor: Date,
): Promise<void> {
  if (count === 0) return;
  const customer = generatedCustomerIdSql('i');
  const place = generatedPlaceIdSql('i');
  const service = `'svc-' || lpad(i::text, 6, '0') || '-1'`;
  const appointment = `'apt-' || lpad(i::text, 6, '0') || '-1'`;
  const series = 'FROM generate_series(1, $1::int) AS i';
  const base = `timestamptz '2024-01-01T00:00:00Z' + i * interval '1 minute'`;
  await tx.query(
    `INSERT INTO provisioning.service (id, customer_id, place_id, offering_id, status, delivery_method,
                                       activated_at, service_order_id, created_at)
     SELECT ${service}, ${customer}, ${place}, CASE WHEN i % 2 = 1 THEN $2 ELSE $3 END, 'ACTIVE',
            'TECHNICIAN_INSTALL', ${base} + interval '3 days', NULL, ${base}
     ${series} ON CONFLICT (id) DO NOTHING`,
    [count, OFFERING.internet300, OFFERING.internet1000],
  );
  await tx.query(
    `INSERT INTO provisioning.equipment (serial_number, service_id, kind, model)
     SELECT 'RT-' || lpad(i::text, 8, '0'), ${service}, 'ROUTER',
            CASE WHEN i % 2 = 1 THEN 'Nokia Beacon 6' ELSE 'Nokia Beacon 24' END
     ${series} ON CONFLICT (serial_number) DO NOTHING`,
    [count],
  );
  // "Upcoming" must stay upcoming on every fresh start, so these windows follow the
  // seed's day (its clock, not the database's: SeedOptions.now).
  const day = `$3::timestamptz + ((i % 7) + 1) * interval '1 day'`;
  await tx.query(
    `INSERT INTO provisioning.appointment (id, customer_id, place_id, service_order_id, window_start,
                                           window_end, job_type, required_skills, technician_id, status)
     SELECT ${appointment}, ${customer}, ${place}, NULL, ${day} + interval '8 hours', ${day} + interval '12 hours',
            'EQUIPMENT_SWAP', ARRAY['INSTALL'], ($2::text[])[1 + i % cardinality($2::text[])], 'CONFIRMED'
     ${series} WHERE i % 4 = 0 ON CONFLICT (id) DO NOTHING`,
    [count, technicianIds, anchor],
  );
  await tx.query(
    `INSERT INTO provisioning.appointment_status_change (id, appointment_id, status, at, reason, window_start, window_end)
     SELECT a.id || '-' || s.n, a.id, s.status, a.window_start - s.before, s.reason,
            CASE WHEN s.n = 1 THEN a.window_start END, CASE WHEN s.n = 1 THEN a.window_end END
       FROM provisioning.appointment a
      CROSS JOIN (VALUES (1, 'INITIALIZED', interval '10 days', 'Booked to replace an older router'),
                         (2, 'CONFIRMED', interval '9 days', 'Confirmed with the customer')) AS s(n, status, before, reason)
      WHERE a.id = ANY(ARRAY(SELECT ${appointment} ${series} WHERE i % 4 = 0))
     ON CONFLICT (id) DO NOTHING`,
    [count],
  );
}
