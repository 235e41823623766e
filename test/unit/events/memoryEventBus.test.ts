import { createLogger } from '../../../lib/logger';
import type { PublishedEvent } from '../../../subgraphs/shared/events/eventBus';
import { MemoryEventBus } from '../../../subgraphs/shared/events/memoryEventBus';
import { eventually } from '../../harness/eventually';

const logger = createLogger({ name: 'test', level: 'silent' });

function event(id: string): PublishedEvent {
  return {
    id,
    customerId: 'cus-1',
    type: 'order.placed',
    subject: { typename: 'Order', id: `ord-${id}` },
    summary: `event ${id}`,
    occurredAt: new Date(0).toISOString(),
    source: 'orders',
  };
}

describe('MemoryEventBus', () => {
  it('gives every group every event, published before or after it subscribed, in order', async () => {
    const bus = new MemoryEventBus(logger);
    await bus.publish([event('1'), event('2')]);
    const a: string[] = [];
    const b: string[] = [];
    const subA = bus.subscribe('a', async (e) => void a.push(e.id));
    const subB = bus.subscribe('b', async (e) => void b.push(e.id));
    await bus.publish([event('3')]);
    await eventually(async () => {
      expect(a).toEqual(['1', '2', '3']);
      expect(b).toEqual(['1', '2', '3']);
    });
    await subA.stop();
    await subB.stop();
    await bus.close();
  });

  it('delivers an event again after its handler failed, and skips nothing', async () => {
    const bus = new MemoryEventBus(logger, { retryMs: 10 });
    const seen: string[] = [];
    let failures = 0;
    const sub = bus.subscribe('flaky', async (e) => {
      if (e.id === '2' && failures < 2) {
        failures += 1;
        throw new Error('database busy');
      }
      seen.push(e.id);
    });
    await bus.publish([event('1'), event('2'), event('3')]);
    await eventually(async () => expect(seen).toEqual(['1', '2', '3']));
    expect(failures).toBe(2);
    await sub.stop();
    await bus.close();
  });

  it('hands waiting events to the batch handler together, in order, and a lone one to the event handler', async () => {
    const bus = new MemoryEventBus(logger);
    await bus.publish(['1', '2', '3', '4', '5'].map(event));
    const calls: string[][] = [];
    const sub = bus.subscribe('views', async (e) => void calls.push([e.id]), {
      batch: async (events) => void calls.push(events.map((e) => e.id)),
      maxBatch: 3,
    });
    await eventually(async () =>
      expect(calls).toEqual([
        ['1', '2', '3'],
        ['4', '5'],
      ]),
    );
    await bus.publish([event('6')]);
    await eventually(async () => expect(calls.at(-1)).toEqual(['6']));
    await sub.stop();
    await bus.close();
  });

  it('after a failed batch handles its events one by one, so one bad event holds no other back', async () => {
    const bus = new MemoryEventBus(logger, { retryMs: 10 });
    await bus.publish(['1', '2', '3', '4'].map(event));
    const handled: string[] = [];
    let badTries = 0;
    const sub = bus.subscribe(
      'views',
      async (e) => {
        if (e.id === '3' && badTries++ < 1) throw new Error('bad event');
        handled.push(e.id);
      },
      {
        batch: async (events) => {
          if (events.some((e) => e.id === '3')) throw new Error('bad event in the batch');
          handled.push(...events.map((e) => e.id));
        },
      },
    );
    await eventually(async () => expect(handled).toEqual(['1', '2', '3', '4']));
    expect(badTries).toBe(2);
    await sub.stop();
    await bus.close();
  });

  it('refuses a second subscription of the same group in one process', () => {
    const bus = new MemoryEventBus(logger);
    bus.subscribe('g', async () => undefined);
    expect(() => bus.subscribe('g', async () => undefined)).toThrow(/already subscribed/);
  });
});
