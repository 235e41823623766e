import type { Claims } from '../../lib/claims';
import { audienceOfEvent } from '../../subgraphs/support/src/modules/timeline/audience';
import { eventually } from '../harness/eventually';
import { subscribeOverSse, subscribeOverWebSocket } from '../harness/liveClients';
import { startTestStack, type TestStack } from '../harness/startTestStack';
import { timelineCaughtUp } from '../harness/timelineCaughtUp';

const DANA: Claims = { sub: 'cus-dana-reyes', role: 'customer', scopes: [] };

const TIMELINE = /* GraphQL */ `
  query Timeline($id: ID!, $first: Int, $after: String, $filter: TimelineFilter) {
    customer(id: $id) {
      timeline(first: $first, after: $after, filter: $filter) {
        edges {
          cursor
          node {
            id
            kind
            audience
            summary
          }
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  }
`;

const LIVE_TIMELINE = /* GraphQL */ `
  subscription LiveTimeline($id: ID!) {
    customerContext(id: $id) {
      timeline(first: 100) {
        edges {
          node {
            id
            kind
            audience
            summary
          }
        }
      }
    }
  }
`;

interface Entry {
  id: string;
  kind: string;
  audience: string;
  summary: string;
}
interface Page {
  customer: {
    timeline: {
      edges: { cursor: string; node: Entry }[];
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
    };
  } | null;
}

/** Kinds whose entries quote what only staff may read (`Case.handoffs`, `Note`). */
const STAFF_KINDS = ['CASE_HANDED_OFF', 'NOTE_ADDED'];

describe('who may read a timeline entry, through the gateway', () => {
  let stack: TestStack;
  let dana: string;
  beforeAll(async () => {
    stack = await startTestStack({ seedCustomers: 5 });
    // Every test below compares reads of Dana's timeline: her whole seeded history first.
    await timelineCaughtUp(stack, 'cus-dana-reyes');
    dana = await stack.tokenFor(DANA);
  });
  afterAll(() => stack.stop());

  const page = async (variables: Record<string, unknown>, token?: string) => {
    const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
    const result = await stack.gatewayQuery<Page>(TIMELINE, variables, headers);
    expect(result.errors).toBeUndefined();
    return result.data!.customer!.timeline;
  };

  it('gives each seeded entry the audience of its event type', async () => {
    await eventually(async () => {
      const staff = await page({ id: 'cus-dana-reyes', first: 100 });
      expect(staff.edges.map((e) => e.node.kind)).toEqual(
        expect.arrayContaining(['CASE_HANDED_OFF', 'NOTE_ADDED', 'ORDER_PLACED']),
      );
    });
    const rows = await stack.database.db.query<{ event_type: string; audience: string }>(
      'SELECT DISTINCT event_type, audience FROM support.timeline_entry ORDER BY event_type',
    );
    expect(rows.length).toBeGreaterThan(5);
    for (const row of rows) expect(row.audience).toBe(audienceOfEvent(row.event_type));
    expect(rows).toEqual(
      expect.arrayContaining([
        { event_type: 'case.handed_off', audience: 'staff' },
        { event_type: 'note.added', audience: 'staff' },
        { event_type: 'order.placed', audience: 'everyone' },
      ]),
    );
  });

  it("shows a rep Dana's handoffs and notes, marked STAFF, and Dana none of them, page by page", async () => {
    const staff = await page({ id: 'cus-dana-reyes', first: 100 });
    const handoff = staff.edges.find((e) => e.node.kind === 'CASE_HANDED_OFF')!.node;
    expect(handoff).toMatchObject({
      audience: 'STAFF',
      summary: expect.stringMatching(/^Handed off to /),
    });
    const visibleToDana = staff.edges
      .map((e) => e.node)
      .filter((node) => node.audience === 'EVERYONE')
      .map((node) => node.id);
    expect(visibleToDana.length).toBeLessThan(staff.edges.length);

    // Dana pages through her timeline two entries at a time: every page is full until
    // the last, and the pages hold exactly the entries for everyone, in order.
    const seen: Entry[] = [];
    let after: string | null = null;
    for (let pages = 0; pages < 50; pages++) {
      const current = await page({ id: 'cus-dana-reyes', first: 2, after }, dana);
      seen.push(...current.edges.map((e) => e.node));
      if (!current.pageInfo.hasNextPage) break;
      expect(current.edges).toHaveLength(2);
      after = current.pageInfo.endCursor;
    }
    expect(seen.map((e) => e.id)).toEqual(visibleToDana);
    expect(seen.every((e) => e.audience === 'EVERYONE')).toBe(true);
    expect(seen.filter((e) => STAFF_KINDS.includes(e.kind))).toEqual([]);
    expect(JSON.stringify(seen)).not.toContain('Handed off');

    // Filtering on a staff-only kind finds nothing, and says nothing follows.
    const filtered = await page(
      { id: 'cus-dana-reyes', first: 5, filter: { kinds: STAFF_KINDS } },
      dana,
    );
    expect(filtered).toEqual({ edges: [], pageInfo: { hasNextPage: false, endCursor: null } });
  });

  it('leaves staff-only entries out of Dana’s live timeline over WebSocket and SSE', async () => {
    for (const subscribe of [subscribeOverWebSocket, subscribeOverSse]) {
      const live = subscribe<{
        customerContext: { timeline: { edges: { node: Entry }[] } } | null;
      }>(stack.gateway.url, dana, LIVE_TIMELINE, { id: 'cus-dana-reyes' });
      try {
        const first = await live.next((r) => Boolean(r.data?.customerContext));
        expect(first.errors).toBeUndefined();
        const entries = first.data!.customerContext!.timeline.edges.map((e) => e.node);
        expect(entries.length).toBeGreaterThan(0);
        expect(entries.filter((e) => e.audience !== 'EVERYONE')).toEqual([]);
        expect(JSON.stringify(entries)).not.toContain('Handed off');
      } finally {
        await live.close();
      }
    }
  });
});
