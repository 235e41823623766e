import { randomUUID } from 'node:crypto';
import pino from 'pino';
import type { PublishedEvent } from '../../../subgraphs/shared/events/eventBus';
import { PERSONA } from '../../../subgraphs/shared/seedIds';
import { supportSubgraph } from '../../../subgraphs/support/src';
import { createViewsConsumer } from '../../../subgraphs/support/src/viewsConsumer';
import { eventually } from '../../harness/eventually';
import { startTestSubgraphs, type TestSubgraphs } from '../../harness/startTestSubgraphs';
import { testEngines } from '../../harness/testDatabase';

/** A `customer.viewed` event as crm's relay publishes it. */
function viewed(actor: string | null, customerId: string, occurredAt: string): PublishedEvent {
  return {
    id: randomUUID(),
    customerId,
    type: 'customer.viewed',
    subject: { typename: 'Customer', id: customerId },
    summary: `Opened by ${actor} (CustomerContext)`,
    channel: null,
    actor,
    payload: {},
    occurredAt,
    source: 'crm',
  };
}

/** A logger whose warnings the test can read. */
function capturingLogger(): { logger: pino.Logger; lines: () => Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const logger = pino(
    { level: 'warn' },
    { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) },
  );
  return { logger, lines: () => lines };
}

describe.each(testEngines())('support views consumer on %s', (engine) => {
  let stack: TestSubgraphs;
  beforeAll(async () => {
    stack = await startTestSubgraphs([supportSubgraph], { engine, seedCustomers: 5 });
  });
  afterAll(() => stack.stop());

  const viewsOf = (agentId: string, customerId: string) =>
    stack.database.db.query<{ viewed_at: Date }>(
      `SELECT viewed_at FROM support.customer_view WHERE agent_id = $1 AND customer_id = $2
        ORDER BY viewed_at`,
      [agentId, customerId],
    );

  it('records a view delivered on the bus, once however often it is redelivered, and keeps it off the timeline', async () => {
    const at = '2031-01-02T03:04:05.678Z';
    const event = viewed('agt-sales-morgan', PERSONA.dana, at);
    await stack.bus.publish([event]);
    await eventually(async () => {
      expect(
        (await viewsOf('agt-sales-morgan', PERSONA.dana)).map((v) => v.viewed_at),
      ).toContainEqual(new Date(at));
    });
    await stack.bus.publish([{ ...event, id: randomUUID() }]);
    const { logger } = capturingLogger();
    await createViewsConsumer().handle(event, stack.database.db, logger);
    const matching = (await viewsOf('agt-sales-morgan', PERSONA.dana)).filter(
      (v) => v.viewed_at.getTime() === new Date(at).getTime(),
    );
    expect(matching).toHaveLength(1);
    // The timeline consumer saw the same events and wrote nothing for them: once it has
    // handled an event published after them, none of them is on the timeline.
    const sentinel = { ...viewed('agt-sales-morgan', PERSONA.dana, at), type: 'case.noted' };
    await stack.bus.publish([sentinel]);
    await eventually(async () => {
      const rows = await stack.database.db.query(
        'SELECT 1 FROM support.timeline_entry WHERE event_id = $1',
        [sentinel.id],
      );
      expect(rows).toHaveLength(1);
    });
    const timeline = await stack.database.db.query(
      `SELECT 1 FROM support.timeline_entry WHERE event_type = 'customer.viewed'`,
    );
    expect(timeline).toEqual([]);
  });

  it('logs and skips a viewer who is not a support agent, without throwing', async () => {
    const { logger, lines } = capturingLogger();
    const consumer = createViewsConsumer();
    expect(consumer.group).toBe('support.views');
    await expect(
      consumer.handle(
        viewed('sup-unknown', PERSONA.sam, new Date().toISOString()),
        stack.database.db,
        logger,
      ),
    ).resolves.toBeUndefined();
    await consumer.handle(
      viewed(null, PERSONA.sam, new Date().toISOString()),
      stack.database.db,
      logger,
    );
    expect(await viewsOf('sup-unknown', PERSONA.sam)).toEqual([]);
    expect(lines().map((l) => l.actor ?? null)).toEqual(['sup-unknown', null]);
  });

  it('handles a batch as it would each event in turn: one view per agent, customer and instant, one view_logged each, unknown viewers logged', async () => {
    const { logger, lines } = capturingLogger();
    const at = '2032-05-06T07:08:09.123Z';
    const later = '2032-05-06T07:09:09.123Z';
    const first = viewed('agt-sales-morgan', PERSONA.priya, at);
    const batch = [
      first,
      { ...first, id: randomUUID() }, // the same view again (a redelivery under another id)
      viewed('sup-unknown', PERSONA.priya, at),
      viewed(null, PERSONA.priya, at),
      { ...viewed('agt-sales-morgan', PERSONA.priya, at), type: 'order.placed' },
      viewed('agt-sales-morgan', PERSONA.priya, later),
    ];
    const consumer = createViewsConsumer();
    await consumer.handleBatch!(batch, stack.database.db, logger);
    expect(
      (await viewsOf('agt-sales-morgan', PERSONA.priya))
        .map((v) => v.viewed_at.toISOString())
        .filter((t) => t.startsWith('2032')),
    ).toEqual([at, later]);
    const logged = () =>
      stack.database.db.query<{ view: string }>(
        `SELECT payload->>'viewEventId' AS view FROM support.outbox
          WHERE event_type = 'customer.view_logged' AND payload->>'viewEventId' = ANY($1)
          ORDER BY occurred_at, id`,
        [batch.map((e) => e.id)],
      );
    expect((await logged()).map((r) => r.view).sort()).toEqual([first.id, batch[5]!.id].sort());
    expect(lines().map((l) => l.actor ?? null)).toEqual(['sup-unknown', null]);
    // Delivered again (at least once): nothing more.
    await consumer.handleBatch!(batch, stack.database.db, logger);
    expect(
      (await viewsOf('agt-sales-morgan', PERSONA.priya)).filter((v) =>
        v.viewed_at.toISOString().startsWith('2032'),
      ),
    ).toHaveLength(2);
    expect(await logged()).toHaveLength(2);
  });

  it('ignores every other event type', async () => {
    const { logger, lines } = capturingLogger();
    const before = await stack.database.db.query('SELECT 1 FROM support.customer_view');
    await createViewsConsumer().handle(
      {
        ...viewed('agt-sales-morgan', PERSONA.lee, new Date().toISOString()),
        type: 'order.placed',
      },
      stack.database.db,
      logger,
    );
    expect(await stack.database.db.query('SELECT 1 FROM support.customer_view')).toHaveLength(
      before.length,
    );
    expect(lines()).toEqual([]);
  });
});
