import { provisioningSubgraph } from '../../../subgraphs/provisioning/src';
import {
  PERSONA,
  PERSONA_PROVISIONING as P,
  daysFrom,
  storyAnchor,
} from '../../../subgraphs/shared/seedIds';
import { startTestSubgraphs, type TestSubgraphs } from '../../harness/startTestSubgraphs';
import { oneEngine } from '../../harness/testDatabase';
import { SEED_NOW } from '../../harness/seedClock';

interface OutboxRow {
  id: string;
  customer_id: string;
  event_type: string;
  subject_type: string;
  subject_id: string;
  summary: string;
  channel: string | null;
  actor: string | null;
  occurred_at: Date;
  published_at: Date | null;
}

const CUSTOMERS = 8;
const at = (day: number, hour = 0) => daysFrom(storyAnchor(SEED_NOW), day + hour / 24).getTime();

describe.each(oneEngine())('provisioning seed events on %s', (engine) => {
  let stack: TestSubgraphs;
  const rows = async (): Promise<OutboxRow[]> =>
    stack.database.db.query<OutboxRow>(
      `SELECT id, customer_id, event_type, subject_type, subject_id, summary, channel, actor,
              occurred_at, published_at
         FROM provisioning.outbox ORDER BY occurred_at, id`,
    );
  beforeAll(async () => {
    stack = await startTestSubgraphs([provisioningSubgraph], { engine, seedCustomers: CUSTOMERS });
  });
  afterAll(() => stack.stop());

  it("tells Dana's visits: first booked, failed with the outcome, second booked", async () => {
    const dana = (await rows()).filter((row) => row.customer_id === PERSONA.dana);
    expect(
      dana.map((row) => [row.id, row.event_type, row.subject_id, row.occurred_at.getTime()]),
    ).toEqual([
      ['evt-apt-dana-first-visit-booked', 'appointment.booked', P.danaFirstVisit, at(-5, 10)],
      ['evt-apt-dana-first-visit-failed', 'appointment.failed', P.danaFirstVisit, at(-2, 11)],
      ['evt-apt-dana-second-visit-booked', 'appointment.booked', P.danaSecondVisit, at(-2, 13)],
    ]);
    expect(dana.every((row) => row.subject_type === 'Appointment')).toBe(true);
    const failed = dana[1];
    expect(failed?.summary).toBe(
      'Install visit failed: Could not wire the set-top box: the building needs rewiring. A rewiring specialist is required.',
    );
    expect([failed?.channel, failed?.actor]).toEqual(['FIELD_TECHNICIAN', P.installer]);
    const day = new Date(at(2)).toISOString().slice(0, 10);
    expect(dana[2]?.summary).toBe(
      `INSTALL visit booked for ${day} 08:00–12:00 UTC with Ava Kim (rebooked after the failed visit)`,
    );
  });

  it("tells Priya's install completed and her service activated", async () => {
    const priya = (await rows()).filter((row) => row.customer_id === PERSONA.priya);
    expect(
      priya.map((row) => [row.id, row.event_type, row.subject_type, row.occurred_at.getTime()]),
    ).toEqual([
      ['evt-apt-priya-install-booked', 'appointment.booked', 'Appointment', at(-5, 10)],
      ['evt-apt-priya-install-rescheduled', 'appointment.rescheduled', 'Appointment', at(-5, 15)],
      ['evt-apt-priya-install-completed', 'appointment.completed', 'Appointment', at(-3, 11)],
      ['evt-svc-priya-internet-activated', 'service.activated', 'Service', at(-3, 12)],
    ]);
    expect(priya[3]?.subject_id).toBe(P.priyaInternet);
    expect(priya[3]?.summary).toBe(
      'Internet 300 activated (300 Mbit/s; the order asked for Internet 1000)',
    );
  });

  it('writes one appointment.booked per generated appointment, at its booking', async () => {
    const generated = (await rows())
      .filter((row) => /^cus-\d{6}$/.test(row.customer_id))
      .sort((a, b) => a.id.localeCompare(b.id));
    expect(generated.map((row) => [row.id, row.customer_id, row.event_type])).toEqual([
      ['evt-apt-000004-1-booked', 'cus-000004', 'appointment.booked'],
      ['evt-apt-000008-1-booked', 'cus-000008', 'appointment.booked'],
    ]);
    const [booking] = await stack.database.db.query<{ at: Date; window_start: Date; name: string }>(
      `SELECT c.at, a.window_start, t.name
         FROM provisioning.appointment a
         JOIN provisioning.technician t ON t.id = a.technician_id
         JOIN provisioning.appointment_status_change c ON c.id = a.id || '-1'
        WHERE a.id = 'apt-000004-1'`,
    );
    expect(generated[0]?.occurred_at.getTime()).toBe(booking?.at.getTime());
    const day = booking?.window_start.toISOString().slice(0, 10);
    expect(generated[0]?.summary).toBe(
      `EQUIPMENT_SWAP visit booked for ${day} 08:00–12:00 UTC with ${booking?.name}`,
    );
  });

  it('seeding twice adds nothing and does not republish published events', async () => {
    await stack.flushOutboxes();
    const before = await rows();
    expect(before.every((row) => row.published_at !== null)).toBe(true);
    await provisioningSubgraph.seed(stack.database.db, { customers: CUSTOMERS, now: SEED_NOW });
    expect(await rows()).toEqual(before);
    expect(before).toHaveLength(7 + CUSTOMERS / 4);
  });
});
