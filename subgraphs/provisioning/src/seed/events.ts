import type { Queryable } from '../../../shared/db';
import type { DomainEvent } from '../../../shared/outbox';
import { PERSONA, PERSONA_PROVISIONING as P, daysFrom } from '../../../shared/seedIds';
import { describeWindow } from '../modules/scheduling/validation';
import { DANA_OUTCOME, PRIYA_APPOINTMENT, PRIYA_OUTCOME } from './stories/personaStories';

/** An event a seed writes: fixed id and story time, so re-seeding adds nothing. */
export type SeedEvent = DomainEvent & { id: string; occurredAt: Date };

const appointment = (id: string) => ({ typename: 'Appointment', id });

/**
 * The persona stories' history as events, timed like the rows in personaStories.ts:
 * Dana's first visit booked, failed, and the second visit booked; Priya's visit
 * booked, rescheduled and completed, and her service activated.
 */
export function personaEvents(anchor: Date): SeedEvent[] {
  const at = (day: number, hour = 0) => daysFrom(anchor, day + hour / 24);
  const window = (day: number) => ({ start: at(day, 8), end: at(day, 12) });
  const dana = { customerId: PERSONA.dana, actor: 'system' };
  const priya = { customerId: PERSONA.priya, actor: 'system' };
  return [
    {
      ...dana,
      id: 'evt-apt-dana-first-visit-booked',
      type: 'appointment.booked',
      subject: appointment(P.danaFirstVisit),
      summary: `INSTALL visit booked for ${describeWindow(window(-2))} with Ava Kim`,
      channel: 'WEBSITE',
      payload: { technicianId: P.installer, serviceOrderId: P.danaServiceOrder },
      occurredAt: at(-5, 10),
    },
    {
      ...dana,
      id: 'evt-apt-dana-first-visit-failed',
      type: 'appointment.failed',
      subject: appointment(P.danaFirstVisit),
      summary: `Install visit failed: ${DANA_OUTCOME}`,
      channel: 'FIELD_TECHNICIAN',
      actor: P.installer,
      payload: { technicianId: P.installer, outcome: DANA_OUTCOME },
      occurredAt: at(-2, 11),
    },
    {
      ...dana,
      id: 'evt-apt-dana-second-visit-booked',
      type: 'appointment.booked',
      subject: appointment(P.danaSecondVisit),
      summary: `INSTALL visit booked for ${describeWindow(window(2))} with Ava Kim (rebooked after the failed visit)`,
      channel: null,
      payload: { technicianId: P.installer, serviceOrderId: P.danaServiceOrder },
      occurredAt: at(-2, 13),
    },
    ...priyaEvents(priya, at, window),
  ];
}

type At = (day: number, hour?: number) => Date;

function priyaEvents(
  base: { customerId: string; actor: string },
  at: At,
  window: (day: number) => { start: Date; end: Date },
): SeedEvent[] {
  const subject = appointment(PRIYA_APPOINTMENT);
  return [
    {
      ...base,
      id: 'evt-apt-priya-install-booked',
      type: 'appointment.booked',
      subject,
      summary: `INSTALL visit booked for ${describeWindow(window(-4))} with Carla Mendes`,
      channel: 'WEBSITE',
      payload: { technicianId: 'tec-carla-mendes', serviceOrderId: P.priyaServiceOrder },
      occurredAt: at(-5, 10),
    },
    {
      ...base,
      id: 'evt-apt-priya-install-rescheduled',
      type: 'appointment.rescheduled',
      subject,
      summary: `Visit moved from ${describeWindow(window(-4))} to ${describeWindow(window(-3))}: the customer asked for a day later`,
      channel: null,
      payload: { from: window(-4), to: window(-3) },
      occurredAt: at(-5, 15),
    },
    {
      ...base,
      id: 'evt-apt-priya-install-completed',
      type: 'appointment.completed',
      subject,
      summary: `Install visit completed: ${PRIYA_OUTCOME}`,
      channel: 'FIELD_TECHNICIAN',
      actor: 'tec-carla-mendes',
      payload: { technicianId: 'tec-carla-mendes', outcome: PRIYA_OUTCOME },
      occurredAt: at(-3, 11),
    },
    {
      ...base,
      id: 'evt-svc-priya-internet-activated',
      type: 'service.activated',
      subject: { typename: 'Service', id: P.priyaInternet },
      summary: 'Internet 300 activated (300 Mbit/s; the order asked for Internet 1000)',
      channel: null,
      payload: { serviceId: P.priyaInternet, offeringId: 'off-internet-300', downloadMbps: 300 },
      occurredAt: at(-3, 12),
    },
  ];
}

/**
 * One `appointment.booked` per generated appointment (id `evt-<appointment>-booked`),
 * at its INITIALIZED status change. Set-based: one statement however many customers.
 */
export async function seedGeneratedEvents(tx: Queryable, count: number): Promise<void> {
  if (count === 0) return;
  const ids = `ARRAY(SELECT 'apt-' || lpad(i::text, 6, '0') || '-1' FROM generate_series(1, $1::int) AS i WHERE i % 4 = 0)`;
  const time = (column: string, format: string) =>
    `to_char(a.${column} AT TIME ZONE 'UTC', '${format}')`;
  await tx.query(
    `INSERT INTO provisioning.outbox
       (id, customer_id, event_type, subject_type, subject_id, summary, channel, actor, payload, occurred_at)
     SELECT 'evt-' || a.id || '-booked', a.customer_id, 'appointment.booked', 'Appointment', a.id,
            a.job_type || ' visit booked for ' || ${time('window_start', 'YYYY-MM-DD HH24:MI')} || '–'
              || ${time('window_end', 'HH24:MI')} || ' UTC with ' || t.name,
            NULL, 'system', jsonb_build_object('technicianId', a.technician_id, 'serviceOrderId', NULL),
            date_trunc('milliseconds', a.window_start - interval '10 days')
       FROM provisioning.appointment a
       JOIN provisioning.technician t ON t.id = a.technician_id
      WHERE a.id = ANY(${ids})
     ON CONFLICT (id) DO NOTHING`,
    [count],
  );
}
