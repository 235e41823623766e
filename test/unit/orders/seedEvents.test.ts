import { ordersSubgraph } from '../../../subgraphs/orders/src';
import { PERSONA, PERSONA_ORDER, daysFrom, storyAnchor } from '../../../subgraphs/shared/seedIds';
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

describe.each(oneEngine())('orders seed events on %s', (engine) => {
  let stack: TestSubgraphs;
  const rows = async (): Promise<OutboxRow[]> =>
    stack.database.db.query<OutboxRow>(
      `SELECT id, customer_id, event_type, subject_type, subject_id, summary, channel, actor,
              occurred_at, published_at
         FROM orders.outbox ORDER BY id`,
    );
  beforeAll(async () => {
    stack = await startTestSubgraphs([ordersSubgraph], { engine, seedCustomers: CUSTOMERS });
  });
  afterAll(() => stack.stop());

  it("writes Dana's order history as placed and status-changed events at story times", async () => {
    const at = (days: number) => daysFrom(storyAnchor(SEED_NOW), days).getTime();
    const dana = (await rows()).filter((row) => row.subject_id === PERSONA_ORDER.danaMove);
    expect(
      dana.map((row) => [
        row.id,
        row.event_type,
        row.occurred_at.getTime(),
        row.channel,
        row.actor,
      ]),
    ).toEqual([
      ['evt-ord-dana-move-placed', 'order.placed', at(-6 + 8 / 24), 'WEBSITE', 'customer'],
      ['evt-ord-dana-move-status-2', 'order.status_changed', at(-6 + 9 / 24), null, 'system'],
      ['evt-ord-dana-move-status-3', 'order.status_changed', at(-2 + 12 / 24), null, 'system'],
    ]);
    expect(dana.map((row) => row.summary)).toEqual([
      'Order placed on the website: Internet 300, TV Premium, Set-top box',
      'Order in progress',
      'Order held: installer could not wire the set-top box; rewiring needed',
    ]);
    expect(dana.every((row) => row.customer_id === PERSONA.dana)).toBe(true);
    expect(dana.every((row) => row.subject_type === 'Order')).toBe(true);
  });

  it('writes every persona event and one order.placed per generated order', async () => {
    const all = await rows();
    const persona = all.filter((row) => !/^evt-ord-\d{6}-/.test(row.id));
    expect(persona.map((row) => row.id)).toEqual([
      'evt-ord-dana-move-placed',
      'evt-ord-dana-move-status-2',
      'evt-ord-dana-move-status-3',
      'evt-ord-lee-internet-placed',
      'evt-ord-lee-internet-status-2',
      'evt-ord-lee-internet-status-3',
      'evt-ord-priya-gigabit-placed',
      'evt-ord-priya-gigabit-status-2',
      'evt-ord-sam-mobile-placed',
      'evt-ord-sam-mobile-status-2',
      'evt-ord-sam-mobile-status-3',
    ]);
    const generated = all.filter((row) => /^evt-ord-\d{6}-/.test(row.id));
    // Every customer's first order, plus a second order for every fourth customer.
    expect(generated).toHaveLength(CUSTOMERS + CUSTOMERS / 4);
    expect(generated.every((row) => row.event_type === 'order.placed')).toBe(true);
    const fourth = generated.filter((row) => row.customer_id === 'cus-000004');
    expect(fourth.map((row) => [row.id, row.subject_id, row.summary, row.channel])).toEqual([
      [
        'evt-ord-000004-1-placed',
        'ord-000004-1',
        'Order placed on the website: Internet 1000',
        'WEBSITE',
      ],
      [
        'evt-ord-000004-2-placed',
        'ord-000004-2',
        'Order placed in the mobile app: TV Streaming',
        'MOBILE_APP',
      ],
    ]);
    const placedAt = await stack.database.db.query<{ placed_at: Date }>(
      `SELECT placed_at FROM orders."order" WHERE id = 'ord-000004-1'`,
    );
    expect(fourth[0]?.occurred_at.getTime()).toBe(placedAt[0]?.placed_at.getTime());
  });

  it('seeding twice adds nothing and does not republish published events', async () => {
    await stack.flushOutboxes();
    const before = await rows();
    expect(before.every((row) => row.published_at !== null)).toBe(true);
    await ordersSubgraph.seed(stack.database.db, { customers: CUSTOMERS, now: SEED_NOW });
    expect(await rows()).toEqual(before);
    expect(before).toHaveLength(11 + CUSTOMERS + CUSTOMERS / 4);
  });
});
