import pino from 'pino';
import { customerTag } from '../../../lib/cacheTags';
import { supportSubgraph } from '../../../subgraphs/support/src';
import { timelineConsumer } from '../../../subgraphs/support/src/timelineConsumer';
import type { PublishedEvent } from '../../../subgraphs/shared/events/eventBus';
import { generatedCustomerId, PERSONA } from '../../../subgraphs/shared/seedIds';
import { eventually } from '../../harness/eventually';
import {
  startTestSubgraphs,
  TEST_SERVICE_CLAIMS,
  type TestSubgraphs,
} from '../../harness/startTestSubgraphs';
import { timelineLatency } from '../../../bench/timelineAtSubgraph';
import { serverTimingMs } from '../../../lib/http/serverTiming';
import { signRequest } from '../../../lib/signedClaims';
import { oneEngine } from '../../harness/testDatabase';
import { SEED_NOW } from '../../harness/seedClock';

interface Entry {
  id: string;
  occurredAt: string;
  kind: string;
  channel: string | null;
  actor: string | null;
  summary: string;
  subject: { __typename: string; id: string; title?: string; body?: string } | null;
}

interface TimelinePage {
  edges: { cursor: string; node: Entry }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

const TIMELINE = /* GraphQL */ `
  query ($reps: [_Any!]!, $first: Int, $after: String, $filter: TimelineFilter) {
    _entities(representations: $reps) {
      ... on Customer {
        timeline(first: $first, after: $after, filter: $filter) {
          edges {
            cursor
            node {
              id
              occurredAt
              kind
              channel
              actor
              summary
              subject {
                __typename
                ... on Case {
                  id
                  title
                }
                ... on Note {
                  id
                  body
                }
                ... on Interaction {
                  id
                }
                ... on Conversation {
                  id
                }
                ... on Order {
                  id
                }
                ... on Appointment {
                  id
                }
                ... on Service {
                  id
                }
                ... on ServiceOrder {
                  id
                }
                ... on Customer {
                  id
                }
              }
            }
          }
          pageInfo {
            hasNextPage
            endCursor
          }
        }
      }
    }
  }
`;

const DANA_HISTORY = [
  'evt-hof-dana-move-1',
  'evt-note-dana-move-2',
  'evt-note-dana-move-1',
  'evt-case-dana-move-status-2',
  'evt-case-dana-move-opened',
  'evt-int-dana-call',
  'evt-int-dana-social-reply',
  'evt-int-dana-social-ask',
];

const event = (overrides: Partial<PublishedEvent> & { id: string }): PublishedEvent => ({
  customerId: PERSONA.lee,
  type: 'order.placed',
  subject: { typename: 'Order', id: 'ord-test' },
  summary: 'Test event',
  channel: 'WEBSITE',
  actor: 'customer',
  payload: {},
  occurredAt: new Date().toISOString(),
  source: 'test',
  ...overrides,
});

describe.each(oneEngine())('support timeline on %s', (engine) => {
  let stack: TestSubgraphs;
  beforeAll(async () => {
    stack = await startTestSubgraphs([supportSubgraph], { engine, seedCustomers: 30 });
    await stack.flushOutboxes();
    await eventually(async () => expect(await entryCount()).toBe(await outboxCount()));
  });
  afterAll(() => stack.stop());

  const count = async (sql: string, params: unknown[] = []) =>
    Number((await stack.database.db.query<{ n: number }>(sql, params))[0]!.n);
  const entryCount = () => count('SELECT count(*)::int AS n FROM support.timeline_entry');
  // Events that are customer history (not `timeline: false`): one entry each.
  const outboxCount = () =>
    count(
      `SELECT count(*)::int AS n FROM support.outbox
        WHERE payload->'timeline' IS DISTINCT FROM 'false'::jsonb`,
    );

  const request = (ids: string[], variables: Record<string, unknown> = {}) =>
    stack.query<{ _entities: { timeline: TimelinePage }[] }>('support', TIMELINE, {
      reps: ids.map((id) => ({ __typename: 'Customer', id })),
      ...variables,
    });
  const timelineOf = async (id: string, variables: Record<string, unknown> = {}) => {
    const result = await request([id], variables);
    expect(result.errors).toBeUndefined();
    return result.data!._entities[0]!.timeline;
  };
  const idsOf = (page: TimelinePage) => page.edges.map((e) => e.node.id);

  it("shows Dana's seeded support history newest first, with kinds, channels and actors", async () => {
    const page = await timelineOf(PERSONA.dana);
    expect(idsOf(page)).toEqual(DANA_HISTORY);
    expect(page.edges.map((e) => e.node.kind)).toEqual([
      'CASE_HANDED_OFF',
      'NOTE_ADDED',
      'NOTE_ADDED',
      'CASE_STATUS_CHANGED',
      'CASE_OPENED',
      'INTERACTION',
      'INTERACTION',
      'INTERACTION',
    ]);
    const [handoff] = page.edges.map((e) => e.node);
    expect(handoff).toMatchObject({
      channel: 'PHONE',
      actor: 'agt-care-jordan',
      summary:
        'Handed off to sales: Replace TV package with streaming package; rebook install with rewiring specialist',
    });
    const times = page.edges.map((e) => Date.parse(e.node.occurredAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect(page.pageInfo.hasNextPage).toBe(false);
  });

  it('answers each subject with the right typename and id', async () => {
    const nodes = (await timelineOf(PERSONA.dana)).edges.map((e) => e.node);
    const subject = (id: string) => nodes.find((n) => n.id === id)!.subject;
    expect(subject('evt-hof-dana-move-1')).toEqual({
      __typename: 'Case',
      id: 'case-dana-move',
      title: 'Install failed: rewiring needed; TV package to be replaced with streaming',
    });
    expect(subject('evt-note-dana-move-1')).toMatchObject({
      __typename: 'Note',
      id: 'note-dana-move-1',
    });
    expect(subject('evt-note-dana-move-1')!.body).toMatch(/^Customer moved to 1450 Valencia St/);
    expect(subject('evt-int-dana-call')).toEqual({
      __typename: 'Interaction',
      id: 'int-dana-call',
    });
    const sam = (await timelineOf(PERSONA.sam)).edges.map((e) => [e.node.kind, e.node.subject]);
    expect(sam).toContainEqual([
      'CONVERSATION_PAUSED',
      { __typename: 'Conversation', id: 'conv-sam-plan-change' },
    ]);
    expect(sam.map(([kind]) => kind)).toEqual(
      expect.arrayContaining([
        'CONVERSATION_STARTED',
        'CONVERSATION_STEP',
        'CONVERSATION_ESCALATED',
      ]),
    );
  });

  it('filters by channel, kind, since (inclusive) and until (exclusive)', async () => {
    const all = (await timelineOf(PERSONA.dana)).edges.map((e) => e.node);
    const social = await timelineOf(PERSONA.dana, { filter: { channels: ['SOCIAL'] } });
    expect(idsOf(social)).toEqual(['evt-int-dana-social-reply', 'evt-int-dana-social-ask']);
    const notes = await timelineOf(PERSONA.dana, { filter: { kinds: ['NOTE_ADDED'] } });
    expect(idsOf(notes)).toEqual(['evt-note-dana-move-2', 'evt-note-dana-move-1']);
    const both = { channels: ['PHONE'], kinds: ['INTERACTION', 'CASE_OPENED'] };
    expect(idsOf(await timelineOf(PERSONA.dana, { filter: both }))).toEqual([
      'evt-case-dana-move-opened',
      'evt-int-dana-call',
    ]);
    const at = (id: string) => all.find((n) => n.id === id)!.occurredAt;
    const window = { since: at('evt-note-dana-move-1'), until: at('evt-hof-dana-move-1') };
    expect(idsOf(await timelineOf(PERSONA.dana, { filter: window }))).toEqual([
      'evt-note-dana-move-2',
      'evt-note-dana-move-1',
      'evt-case-dana-move-status-2',
    ]);
    const none = await timelineOf(PERSONA.dana, { filter: { channels: [] } });
    expect(none.edges).toEqual([]);
  });

  it('rejects bad page sizes, cursors and windows with BAD_USER_INPUT', async () => {
    const since = '2026-01-02T00:00:00.000Z';
    for (const variables of [
      { first: -1 },
      { first: 101 },
      { after: 'not-a-cursor' },
      { filter: { since, until: since } },
      { filter: { since, until: '2026-01-01T00:00:00.000Z' } },
    ]) {
      const result = await request([PERSONA.dana], variables);
      expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
  });

  it('pages with keyset cursors that stay stable while a new event arrives', async () => {
    const page1 = await timelineOf(PERSONA.priya, { first: 2 });
    expect(idsOf(page1)).toEqual(['evt-int-priya-chat-2', 'evt-case-priya-speed-status-2']);
    expect(page1.pageInfo).toEqual({ hasNextPage: true, endCursor: page1.edges[1]!.cursor });
    await stack.bus.publish([
      event({ id: 'evt-test-priya-new', customerId: PERSONA.priya, type: 'service.activated' }),
    ]);
    await eventually(async () =>
      expect(idsOf(await timelineOf(PERSONA.priya, { first: 1 }))).toEqual(['evt-test-priya-new']),
    );
    const page2 = await timelineOf(PERSONA.priya, { first: 2, after: page1.pageInfo.endCursor });
    expect(idsOf(page2)).toEqual(['evt-note-priya-speed-1', 'evt-case-priya-speed-opened']);
    const page3 = await timelineOf(PERSONA.priya, { first: 2, after: page2.pageInfo.endCursor });
    expect(idsOf(page3)).toEqual(['evt-int-priya-call', 'evt-int-priya-chat-1']);
    expect(page3.pageInfo.hasNextPage).toBe(false);
    expect(await timelineOf(PERSONA.priya, { first: 0 })).toEqual({
      edges: [],
      pageInfo: { hasNextPage: true, endCursor: null },
    });
  });

  it('records an event delivered twice once, and keeps unknown types as OTHER', async () => {
    const twice = event({ id: 'evt-test-twice', occurredAt: '2026-03-01T10:00:00.123Z' });
    const unknown = event({
      id: 'evt-test-unknown',
      type: 'loyalty.points_awarded',
      subject: { typename: 'LoyaltyAccount', id: 'loy-1' },
      summary: 'Awarded 500 loyalty points',
      channel: 'CARRIER_PIGEON',
      actor: 'system',
      occurredAt: '2026-03-01T09:00:00.000Z',
    });
    await stack.bus.publish([twice, twice]);
    await stack.bus.publish([twice, unknown]);
    const only = (id: string) =>
      count('SELECT count(*)::int AS n FROM support.timeline_entry WHERE event_id = $1', [id]);
    await eventually(async () => expect(await only('evt-test-unknown')).toBe(1));
    expect(await only('evt-test-twice')).toBe(1);
    const nodes = (await timelineOf(PERSONA.lee)).edges.map((e) => e.node);
    expect(nodes.filter((n) => n.id === 'evt-test-twice')).toEqual([
      expect.objectContaining({
        occurredAt: '2026-03-01T10:00:00.123Z',
        kind: 'ORDER_PLACED',
        subject: { __typename: 'Order', id: 'ord-test' },
      }),
    ]);
    expect(nodes.find((n) => n.id === 'evt-test-unknown')).toEqual({
      id: 'evt-test-unknown',
      occurredAt: '2026-03-01T09:00:00.000Z',
      kind: 'OTHER',
      channel: null,
      actor: 'system',
      summary: 'Awarded 500 loyalty points',
      subject: null,
    });
  });

  it('records one timeline.entry_added per new entry, none on redelivery, and keeps `timeline: false` events off the timeline', async () => {
    const added = (eventId: string) =>
      stack.database.db.query<{ customer_id: string; subject_type: string; payload: unknown }>(
        `SELECT customer_id, subject_type, payload FROM support.outbox
          WHERE event_type = 'timeline.entry_added' AND subject_id = $1`,
        [eventId],
      );
    const entries = (eventId: string) =>
      count('SELECT count(*)::int AS n FROM support.timeline_entry WHERE event_id = $1', [eventId]);
    const fresh = event({ id: 'evt-test-added', customerId: PERSONA.sam, type: 'case.noted' });
    await stack.bus.publish([fresh]);
    await eventually(async () => expect(await added(fresh.id)).toHaveLength(1));
    // Redelivered on the bus and handed to the consumer again: nothing more.
    await stack.bus.publish([fresh, fresh]);
    await timelineConsumer.handle(fresh, stack.database.db, pino({ level: 'silent' }));
    const notHistory = [
      event({ id: 'evt-test-screen', type: 'app.screen_recorded', payload: { timeline: false } }),
      event({ id: 'evt-test-marked', type: 'order.placed', payload: { timeline: false } }),
      event({ id: 'evt-test-viewed', type: 'customer.viewed', payload: { invalidates: [] } }),
    ];
    await stack.bus.publish(notHistory);
    for (const skipped of notHistory) {
      await timelineConsumer.handle(skipped, stack.database.db, pino({ level: 'silent' }));
    }
    // The timeline.entry_added events themselves reach the consumer too; once it has
    // handled an event published after all of them, none is on the timeline.
    await stack.flushOutboxes();
    const sentinel = event({ id: 'evt-test-sentinel', customerId: PERSONA.sam });
    await stack.bus.publish([sentinel]);
    await eventually(async () => expect(await added(sentinel.id)).toHaveLength(1));

    expect(await entries(fresh.id)).toBe(1);
    expect(await added(fresh.id)).toEqual([
      {
        customer_id: PERSONA.sam,
        subject_type: 'TimelineEntry',
        payload: { invalidates: [customerTag(PERSONA.sam)], timeline: false },
      },
    ]);
    for (const skipped of notHistory) {
      expect(await entries(skipped.id)).toBe(0);
      expect(await added(skipped.id)).toEqual([]);
    }
    expect(
      await count(
        `SELECT count(*)::int AS n FROM support.timeline_entry t
           JOIN support.outbox o ON o.id = t.event_id
          WHERE o.payload->'timeline' = 'false'::jsonb OR t.event_type = 'timeline.entry_added'`,
      ),
    ).toBe(0);
  });

  it('answers the timelines of 25 customers in one statement', async () => {
    const ids = Array.from({ length: 25 }, (_, i) => generatedCustomerId(i + 1));
    const before = await stack.statements('support');
    const result = await stack.query<{
      _entities: { timeline: { edges: { node: { id: string } }[] } }[];
    }>(
      'support',
      /* GraphQL */ `
        query ($reps: [_Any!]!) {
          _entities(representations: $reps) {
            ... on Customer {
              timeline(first: 5) {
                edges {
                  node {
                    id
                    kind
                    summary
                  }
                }
              }
            }
          }
        }
      `,
      { reps: ids.map((id) => ({ __typename: 'Customer', id })) },
    );
    expect(result.errors).toBeUndefined();
    expect(await stack.statements('support')).toBe(before + 1);
    expect(result.data!._entities.map((c) => c.timeline.edges.map((e) => e.node.id))).toEqual(
      ids.map((_, i) => [`evt-int-${String(i + 1).padStart(6, '0')}`]),
    );
    const withSubjects = await stack.statements('support');
    const again = await request(ids, { first: 5 });
    expect(again.errors).toBeUndefined();
    expect(await stack.statements('support')).toBeLessThanOrEqual(withSubjects + 2);
    expect(again.data!._entities[6]!.timeline.edges[0]!.node.subject).toEqual({
      __typename: 'Interaction',
      id: 'int-000007',
    });
  });

  it("reports its own time in Server-Timing, which the bench's (d)-at-the-subgraph figures read", async () => {
    const url = `${stack.subgraphs.support!.url}/graphql`;
    const body = JSON.stringify({
      query: TIMELINE,
      variables: { reps: [{ __typename: 'Customer', id: PERSONA.dana }], first: 5 },
    });
    const started = performance.now();
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...signRequest(TEST_SERVICE_CLAIMS, stack.secret, { subgraph: 'support', body }),
      },
      body,
    });
    expect(((await response.json()) as { errors?: unknown }).errors).toBeUndefined();
    const elapsed = performance.now() - started;
    const header = response.headers.get('server-timing');
    expect(header).toMatch(/^graphql;dur=\d+\.\d{3}$/);
    // Its own clock covers part of what the client waited, and some work.
    const own = serverTimingMs(header)!;
    expect(own).toBeGreaterThan(0);
    expect(own).toBeLessThanOrEqual(elapsed);

    const figures = await timelineLatency(
      url,
      stack.secret,
      TEST_SERVICE_CLAIMS,
      { representations: [{ __typename: 'Customer', id: PERSONA.dana }] },
      20,
      2,
    );
    expect(figures.server.p50).toBeGreaterThan(0);
    expect(figures.server.p50).toBeLessThanOrEqual(figures.p50);
    expect(figures.server.max).toBeLessThanOrEqual(figures.max);
  });

  it('adds nothing when seeded again', async () => {
    const before = [await outboxCount(), await entryCount()];
    await supportSubgraph.seed(stack.database.db, { customers: 30, now: SEED_NOW });
    await stack.flushOutboxes();
    expect([await outboxCount(), await entryCount()]).toEqual(before);
  });
});
