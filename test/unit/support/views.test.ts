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
