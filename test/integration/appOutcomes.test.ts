import pino from 'pino';
import type { PublishedEvent } from '../../subgraphs/shared/events/eventBus';
import {
  allFunctionDayKeys,
  refreshFunctionDays,
} from '../../subgraphs/engagement/src/modules/outcomes/functionDays';
import { outcomesConsumer } from '../../subgraphs/engagement/src/modules/outcomes/outcomesConsumer';
import { startTestStack, type TestStack } from '../harness/startTestStack';

/** A deterministic pseudo-random sequence (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FUNCTIONS = ['changePlan', 'payBill', 'downloadBill'];
const CHANNELS = ['PHONE', 'WEBSITE', 'CHAT', 'MOBILE_APP'];
const PLATFORMS = ['IOS', 'ANDROID', 'WEB'];
const START = Date.parse('2025-03-01T00:00:00Z');
const WINDOW_MS = 24 * 3_600_000;

interface Session {
  id: string;
  customer: string;
  platform: string;
  start: number;
  end: number | null;
}
interface Screen {
  session: string;
  seq: number;
  fn: string | null;
  ok: boolean | null;
  at: number;
}
interface Contact {
  id: string;
  customer: string;
  channel: string;
  at: number;
  subject: string;
}

/** Sessions, screens and contacts with a realistic spread of outcomes, whole seconds. */
function generate(customers: number, seed: number) {
  const next = random(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  const sessions: Session[] = [];
  const screens: Screen[] = [];
  const contacts: Contact[] = [];
  for (let c = 1; c <= customers; c++) {
    const customer = `cus-gen-${c}`;
    for (let k = 0; k < 1 + Math.floor(next() * 4); k++) {
      const start = START + Math.floor(next() * 30 * 86_400) * 1000;
      const id = `ses-gen-${c}-${k}`;
      let at = start;
      const count = 1 + Math.floor(next() * 5);
      for (let seq = 1; seq <= count; seq++) {
        at += (5 + Math.floor(next() * 300)) * 1000;
        const fn = next() < 0.8 ? pick(FUNCTIONS) : null;
        const roll = next();
        const ok = fn === null ? null : roll < 0.55 ? true : roll < 0.75 ? false : null;
        screens.push({ session: id, seq, fn, ok, at });
      }
      const end = next() < 0.9 ? at + 60_000 : null;
      sessions.push({ id, customer, platform: pick(PLATFORMS), start, end });
      if (next() < 0.4) {
        const cid = `evt-gen-${c}-${k}`;
        contacts.push({
          id: cid,
          customer,
          channel: pick(CHANNELS),
          at: at + Math.floor(next() * 30 * 3600) * 1000,
          subject: `int-gen-${c}-${k}`,
        });
      }
    }
  }
  return { sessions, screens, contacts };
}

/** The figures computed straight from the raw rows, independently of the SQL. */
function directFigures(data: ReturnType<typeof generate>) {
  const contactsOf = new Map<string, Contact[]>();
  for (const c of data.contacts)
    contactsOf.set(c.customer, [...(contactsOf.get(c.customer) ?? []), c]);
  const figures = new Map<
    string,
    {
      attempts: number;
      successes: number;
      failures: number;
      abandonments: number;
      followed: number;
      seconds: number[];
    }
  >();
  for (const s of data.sessions) {
    const mine = data.screens.filter((x) => x.session === s.id);
    for (const fn of new Set(mine.filter((x) => x.fn).map((x) => x.fn!))) {
      const visits = mine.filter((x) => x.fn === fn).sort((a, b) => a.seq - b.seq);
      const results = visits.filter((v) => v.ok !== null);
      const result = results.at(-1)?.ok ?? null;
      const lastAt = Math.max(...visits.map((v) => v.at));
      const f = figures.get(fn) ?? {
        attempts: 0,
        successes: 0,
        failures: 0,
        abandonments: 0,
        followed: 0,
        seconds: [],
      };
      figures.set(fn, f);
      f.attempts++;
      const outcome = result === true ? 'S' : result === false ? 'F' : s.end !== null ? 'A' : null;
      if (outcome === 'S') {
        f.successes++;
        const success = visits.filter((v) => v.ok === true).at(-1)!;
        f.seconds.push(Math.round((success.at - s.start) / 1000));
      }
      if (outcome === 'F') f.failures++;
      if (outcome === 'A') f.abandonments++;
      if (outcome === 'F' || outcome === 'A') {
        const follows = (contactsOf.get(s.customer) ?? []).some(
          (c) => c.channel !== 'MOBILE_APP' && c.at >= lastAt && c.at <= lastAt + WINDOW_MS,
        );
        if (follows) f.followed++;
      }
    }
  }
  return figures;
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

const OUTCOMES = /* GraphQL */ `
  query Outcomes($since: DateTime!, $until: DateTime!) {
    appFunctionOutcomes(since: $since, until: $until) {
      functions {
        function
        attempts
        successes
        failures
        abandonments
        medianSecondsToSuccess
        followedByContact
        failureDemand
      }
      days {
        day
        figures {
          function
          attempts
        }
      }
    }
  }
`;

const shuffle = <T>(xs: readonly T[], seed: number): T[] => {
  const next = random(seed);
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
};

describe('appFunctionOutcomes: the incremental table against the raw rows', () => {
  let stack: TestStack;
  let ownerToken: string;
  const logger = pino({ level: 'silent' });
  beforeAll(async () => {
    stack = await startTestStack({ seedCustomers: 5, gatewayEnv: { CACHE: 'off' } });
    ownerToken = await stack.tokenFor({ sub: 'agt-cx-ana', role: 'agent', scopes: ['cx:read'] });
  });
  afterAll(() => stack.stop());

  const ask = async (since: string, until: string) => {
    const res = await stack.gatewayQuery<{
      appFunctionOutcomes: {
        functions: Record<string, unknown>[];
        days: { day: string; figures: { attempts: number } }[];
      };
    }>(OUTCOMES, { since, until }, { authorization: `Bearer ${ownerToken}` });
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data!.appFunctionOutcomes;
  };

  it('equals a direct computation for generated data, whatever the order and however often events come', async () => {
    const data = generate(250, 22);
    const db = stack.database.db;
    await db.query(
      `INSERT INTO engagement.app_session (id, customer_id, device_id, platform, started_at, ended_at)
       SELECT id, c, 'dev', p, to_timestamp(s / 1000.0), to_timestamp(e / 1000.0)
         FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::bigint[]) AS x(id, c, p, s, e)`,
      [
        data.sessions.map((s) => s.id),
        data.sessions.map((s) => s.customer),
        data.sessions.map((s) => s.platform),
        data.sessions.map((s) => s.start),
        data.sessions.map((s) => s.end),
      ],
    );
    await db.query(
      `INSERT INTO engagement.screen_visit (session_id, seq, screen, function_name, succeeded, at)
       SELECT s, q, 'screen/' || q, f, o, to_timestamp(a / 1000.0)
         FROM unnest($1::text[], $2::int[], $3::text[], $4::boolean[], $5::bigint[]) AS x(s, q, f, o, a)`,
      [
        data.screens.map((x) => x.session),
        data.screens.map((x) => x.seq),
        data.screens.map((x) => x.fn),
        data.screens.map((x) => x.ok),
        data.screens.map((x) => x.at),
      ],
    );
    const sessionEvents: PublishedEvent[] = data.sessions.map((s) => ({
      id: `evt-end-${s.id}`,
      customerId: s.customer,
      type: 'app.session_ended',
      subject: { typename: 'AppSession', id: s.id },
      summary: 'ended',
      channel: 'MOBILE_APP',
      actor: 'customer',
      payload: {},
      occurredAt: new Date(s.end ?? s.start).toISOString(),
      source: 'engagement',
    }));
    const contactEvents: PublishedEvent[] = data.contacts.map((c) => ({
      id: c.id,
      customerId: c.customer,
      type: 'interaction.recorded',
      subject: { typename: 'Interaction', id: c.subject },
      summary: 'contact',
      channel: c.channel,
      actor: 'customer',
      payload: { direction: 'INBOUND' },
      occurredAt: new Date(c.at).toISOString(),
      source: 'support',
    }));
    const since = '2025-03-01T00:00:00Z';
    const until = '2025-04-02T00:00:00Z';
    // Contacts first (late session events), in batches as the bus would hand them over.
    const all = [...contactEvents, ...sessionEvents];
    for (let i = 0; i < all.length; i += 100)
      await outcomesConsumer.handleBatch!(all.slice(i, i + 100), db, logger);
    const first = await ask(since, until);

    const direct = directFigures(data);
    expect(first.functions.map((f) => f['function']).sort()).toEqual([...direct.keys()].sort());
    for (const f of first.functions) {
      const d = direct.get(f['function'] as string)!;
      expect(f).toMatchObject({
        attempts: d.attempts,
        successes: d.successes,
        failures: d.failures,
        abandonments: d.abandonments,
        medianSecondsToSuccess: median(d.seconds),
        followedByContact: d.followed,
      });
      expect(d.followed).toBeGreaterThan(0);
      expect(f['failureDemand']).toBeCloseTo(d.followed / (d.failures + d.abandonments), 10);
    }
    const perDay = first.days.reduce((n, d) => n + d.figures.attempts, 0);
    expect(perDay).toBe([...direct.values()].reduce((n, d) => n + d.attempts, 0));

    // Replayed in another order, one by one, twice: nothing changes.
    const table = () =>
      db.query(
        `SELECT * FROM engagement.app_function_day WHERE day < '2025-06-01' ORDER BY day, function, platform`,
      );
    const before = await table();
    for (const event of shuffle([...all, ...all], 7))
      await outcomesConsumer.handle(event, db, logger);
    expect(await table()).toEqual(before);
    // And a full rebuild from the rows agrees with what the events built.
    await refreshFunctionDays(db, await allFunctionDayKeys(db), 24);
    expect(await table()).toEqual(before);
  }, 240_000);

  it('answers 10,000 customers x 90 days from the table with ONE statement per call', async () => {
    const db = stack.database.db;
    // 10,000 customers, each with a session somewhere in 90 days (set-based).
    await db.query(
      `INSERT INTO engagement.app_session (id, customer_id, device_id, platform, started_at, ended_at)
       SELECT 'ses-big-' || c, 'cus-big-' || c, 'dev', (ARRAY['IOS','ANDROID','WEB'])[1 + (c / 90) % 3],
              timestamptz '2024-01-01' + make_interval(days => c % 90, secs => c % 3600),
              timestamptz '2024-01-01' + make_interval(days => c % 90, secs => c % 3600 + 600)
         FROM generate_series(1, 10000) c`,
    );
    await db.query(
      `INSERT INTO engagement.screen_visit (session_id, seq, screen, function_name, succeeded, at)
       SELECT s.id, 1, 'x', (ARRAY['changePlan','payBill','downloadBill'])[1 + abs(hashtext(s.id)) % 3],
              CASE abs(hashtext(s.id)) % 4 WHEN 0 THEN false WHEN 1 THEN NULL ELSE true END,
              s.started_at + make_interval(secs => 10 + abs(hashtext(s.id)) % 300)
         FROM engagement.app_session s WHERE s.id LIKE 'ses-big-%'`,
    );
    const [expected] = await db.query<{ days: number }>(
      `SELECT count(DISTINCT ((s.started_at AT TIME ZONE 'UTC')::date, v.function_name))::int AS days
         FROM engagement.app_session s JOIN engagement.screen_visit v ON v.session_id = s.id
        WHERE s.id LIKE 'ses-big-%'`,
    );
    await refreshFunctionDays(db, await allFunctionDayKeys(db), 24);
    const since = '2024-01-01T00:00:00Z';
    const until = '2024-03-31T00:00:00Z';
    for (let call = 0; call < 3; call++) {
      const before = await stack.statements('engagement');
      const answer = await ask(since, until);
      expect((await stack.statements('engagement')) - before).toBe(1);
      expect(answer.functions.reduce((n, f) => n + (f['attempts'] as number), 0)).toBe(10_000);
      expect(answer.days.length).toBe(expected!.days);
    }
    // Building the table from 10,000 customers' rows is heavy on the embedded engine
    // under a loaded machine; the answer itself is one statement.
  }, 600_000);
});
