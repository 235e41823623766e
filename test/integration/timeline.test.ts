import { eventually } from '../harness/eventually';
import { startTestRedis, type TestRedis } from '../harness/redisServer';
import { startTestStack, type TestStack } from '../harness/startTestStack';

const TIMELINE = /* GraphQL */ `
  query Timeline($id: ID!, $first: Int, $after: String, $filter: TimelineFilter) {
    customer(id: $id) {
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
              ... on Order {
                id
                status
                placedAt
              }
              ... on Appointment {
                id
                jobType
                technician {
                  name
                }
              }
              ... on Note {
                id
                body
              }
              ... on Case {
                id
                title
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
`;

interface Entry {
  id: string;
  kind: string;
  channel: string | null;
  summary: string;
  subject: {
    __typename: string;
    id: string;
    status?: string;
    body?: string;
    technician?: { name: string };
  } | null;
}
interface TimelineResult {
  customer: {
    timeline: {
      edges: { cursor: string; node: Entry }[];
      pageInfo: { hasNextPage: boolean; endCursor: string };
    };
  };
}

async function timeline(stack: TestStack, variables: Record<string, unknown>): Promise<Entry[]> {
  const result = await stack.gatewayQuery<TimelineResult>(TIMELINE, variables);
  if (result.errors) throw new Error(JSON.stringify(result.errors));
  return result.data!.customer.timeline.edges.map((edge) => edge.node);
}

const ADD_NOTE = /* GraphQL */ `
  mutation AddNote($input: AddNoteInput!) {
    addNote(input: $input) {
      id
      body
    }
  }
`;

describe('the timeline through the gateway', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack({ seedCustomers: 10 });
    await stack.flushOutboxes();
  });
  afterAll(() => stack.stop());

  it("tells Dana's story across every subgraph, with each subject's fields from its owner", async () => {
    const entries = await eventually(async () => {
      const page = await timeline(stack, { id: 'cus-dana-reyes', first: 50 });
      expect(page.map((e) => e.kind)).toEqual(
        expect.arrayContaining(['ORDER_PLACED', 'APPOINTMENT_FAILED', 'CASE_HANDED_OFF']),
      );
      return page;
    });
    const placed = entries.find((e) => e.kind === 'ORDER_PLACED')!;
    expect(placed).toMatchObject({
      channel: 'WEBSITE',
      subject: { __typename: 'Order', id: 'ord-dana-move', status: 'HELD' },
    });
    const failed = entries.find((e) => e.kind === 'APPOINTMENT_FAILED')!;
    expect(failed.subject).toMatchObject({
      __typename: 'Appointment',
      id: 'apt-dana-first-visit',
      technician: { name: 'Ava Kim' },
    });
    const kinds = new Set(entries.map((e) => e.kind));
    for (const kind of [
      'INTERACTION',
      'CASE_OPENED',
      'NOTE_ADDED',
      'ORDER_STATUS_CHANGED',
      'APPOINTMENT_BOOKED',
    ]) {
      expect(kinds).toContain(kind);
    }
  });

  it('puts a note added through the gateway at the top, once, and pages stably around it', async () => {
    const before = await timeline(stack, { id: 'cus-priya-nair', first: 3 });
    const input = {
      idempotencyKey: 'priya-note-1',
      subjectId: 'case-priya-speed',
      body: 'Line test booked to confirm 300 Mbit/s; upgrade to 1 Gbit/s requested from provisioning.',
    };
    const added = await stack.gatewayQuery<{ addNote: { id: string } }>(ADD_NOTE, { input });
    expect(added.errors).toBeUndefined();
    // A retry of the same request is the same note: still one entry.
    await stack.gatewayQuery(ADD_NOTE, { input });
    const after = await eventually(async () => {
      const page = await timeline(stack, { id: 'cus-priya-nair', first: 3 });
      expect(page[0]).toMatchObject({
        kind: 'NOTE_ADDED',
        subject: { __typename: 'Note', id: added.data!.addNote.id },
      });
      return page;
    });
    expect(after.slice(1).map((e) => e.id)).toEqual(before.slice(0, 2).map((e) => e.id));
    const notes = await timeline(stack, {
      id: 'cus-priya-nair',
      first: 50,
      filter: { kinds: ['NOTE_ADDED'] },
    });
    expect(notes.filter((e) => e.subject?.id === added.data!.addNote.id)).toHaveLength(1);
  });
});

// Needs a private redis-server it can stop; runs whenever the real servers are in play.
const describeWithRedis = process.env.REDIS_URL ? describe : describe.skip;

describeWithRedis('the timeline while Redis stops and starts (a private redis-server)', () => {
  let redis: TestRedis;
  let stack: TestStack;
  beforeAll(async () => {
    redis = await startTestRedis();
    stack = await startTestStack({ seedCustomers: 5, redisUrl: redis.url });
    await stack.flushOutboxes();
  });
  afterAll(async () => {
    await stack.stop();
    await redis.destroy();
  });

  it('delivers every event to the timeline exactly once', async () => {
    const bodies: string[] = [];
    const addNote = async (n: number): Promise<void> => {
      const body = `Outage note ${n}`;
      bodies.push(body);
      const result = await stack.gatewayQuery(ADD_NOTE, {
        input: {
          idempotencyKey: `outage-${n}`,
          subjectId: 'case-dana-move',
          body,
          actor: 'agt-care-jordan',
        },
      });
      expect(result.errors).toBeUndefined();
    };
    for (let n = 0; n < 5; n++) await addNote(n);
    await redis.stop();
    // The graph keeps taking changes while Redis is down; their events wait in the outbox.
    for (let n = 5; n < 15; n++) await addNote(n);
    await redis.start();
    for (let n = 15; n < 20; n++) await addNote(n);

    await eventually(async () => {
      const entries = await timeline(stack, {
        id: 'cus-dana-reyes',
        first: 100,
        filter: { kinds: ['NOTE_ADDED'] },
      });
      const outage = entries
        .map((e) => e.subject?.body)
        .filter((body) => body?.startsWith('Outage note'));
      expect([...outage].sort()).toEqual([...bodies].sort());
    }, 30_000);
  });
});
