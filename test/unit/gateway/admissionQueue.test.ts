import { AdmissionQueue } from '../../../gateway/src/limits/admissionQueue';

const later = (ms = 60_000) => Date.now() + ms;
const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('AdmissionQueue', () => {
  it('works on at most maxConcurrent at once and admits the waiting ones in arrival order', async () => {
    const queue = new AdmissionQueue({ maxConcurrent: 2, maxQueued: 10 });
    const a = await queue.admit(later());
    const b = await queue.admit(later());
    expect(typeof a).toBe('function');
    expect(typeof b).toBe('function');
    expect(queue.inFlight).toBe(2);

    const order: string[] = [];
    const waiting = ['c', 'd', 'e'].map((name) =>
      queue.admit(later()).then((turn) => {
        order.push(name);
        return turn;
      }),
    );
    await tick();
    expect(queue.queued).toBe(3);
    expect(order).toEqual([]);

    (a as () => void)();
    await tick();
    expect(order).toEqual(['c']);
    expect(queue.inFlight).toBe(2);
    (b as () => void)();
    await tick();
    expect(order).toEqual(['c', 'd']);
    expect(queue.queued).toBe(1);
    const [c, d] = (await Promise.all(waiting.slice(0, 2))) as (() => void)[];
    c!();
    await tick();
    expect(order).toEqual(['c', 'd', 'e']);
    d!();
    ((await waiting[2]!) as () => void)();
    expect(queue.inFlight).toBe(0);
    expect(queue.queued).toBe(0);
  });

  it('refuses at once when maxQueued are waiting', async () => {
    const queue = new AdmissionQueue({ maxConcurrent: 1, maxQueued: 1 });
    const first = (await queue.admit(later())) as () => void;
    const second = queue.admit(later());
    expect(await queue.admit(later())).toBe('queue_full');
    first();
    const turn = await second;
    expect(typeof turn).toBe('function');
    (turn as () => void)();
    expect(queue.inFlight).toBe(0);
  });

  it('refuses a request whose deadline passes while it waits, and gives its turn to the next', async () => {
    const queue = new AdmissionQueue({ maxConcurrent: 1, maxQueued: 5 });
    const first = (await queue.admit(later())) as () => void;
    const hurried = queue.admit(Date.now() + 30);
    const patient = queue.admit(later());
    expect(await hurried).toBe('deadline');
    expect(queue.queued).toBe(1);
    first();
    const turn = await patient;
    expect(typeof turn).toBe('function');
    expect(queue.inFlight).toBe(1);
    (turn as () => void)();
    expect(queue.inFlight).toBe(0);
    // A deadline already past is refused without waiting, while others work.
    const busy = (await queue.admit(later())) as () => void;
    expect(await queue.admit(Date.now() - 1)).toBe('deadline');
    busy();
  });

  it('drops a waiter whose client left, and counts a turn ended twice once', async () => {
    const queue = new AdmissionQueue({ maxConcurrent: 1, maxQueued: 5 });
    const first = (await queue.admit(later())) as () => void;
    const left = new AbortController();
    const leaving = queue.admit(later(), left.signal);
    const staying = queue.admit(later());
    left.abort();
    expect(await leaving).toBe('gone');
    first();
    first();
    const turn = (await staying) as () => void;
    expect(queue.inFlight).toBe(1);
    turn();
    expect(queue.inFlight).toBe(0);
  });

  it('admits at once when there is room and no one waits', async () => {
    const queue = new AdmissionQueue({ maxConcurrent: 3, maxQueued: 0 });
    const turns = await Promise.all([1, 2, 3].map(() => queue.admit(later())));
    expect(turns.every((t) => typeof t === 'function')).toBe(true);
    expect(await queue.admit(later())).toBe('queue_full');
    for (const t of turns) (t as () => void)();
    expect(queue.inFlight).toBe(0);
  });

  it('rejects settings that cannot work', () => {
    expect(() => new AdmissionQueue({ maxConcurrent: 0, maxQueued: 1 })).toThrow(RangeError);
    expect(() => new AdmissionQueue({ maxConcurrent: 1, maxQueued: -1 })).toThrow(RangeError);
  });
});
