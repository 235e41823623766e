import { supportSubgraph } from '../../../subgraphs/support/src';
import { generatedCustomerId } from '../../../subgraphs/shared/seedIds';
import { startTestSubgraphs, type TestSubgraphs } from '../../harness/startTestSubgraphs';
import { oneEngine } from '../../harness/testDatabase';
import { RERUN_CLOCKS } from '../../harness/seedClock';

interface InteractionPage {
  edges: { cursor: string; node: { id: string; occurredAt: string } }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

const customers = (ids: string[]) => ids.map((id) => ({ __typename: 'Customer', id }));

describe.each(oneEngine())('support subgraph batching and paging on %s', (engine) => {
  let stack: TestSubgraphs;
  beforeAll(async () => {
    stack = await startTestSubgraphs([supportSubgraph], { engine, seedCustomers: 30 });
  });
  afterAll(() => stack.stop());

  const interactionsOf = async (id: string, first: number | null, after: string | null) => {
    const result = await stack.query<{ _entities: { interactions: InteractionPage }[] }>(
      'support',
      /* GraphQL */ `
        query ($reps: [_Any!]!, $first: Int, $after: String) {
          _entities(representations: $reps) {
            ... on Customer {
              interactions(first: $first, after: $after) {
                edges {
                  cursor
                  node {
                    id
                    occurredAt
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
      `,
      { reps: customers([id]), first, after },
    );
    expect(result.errors).toBeUndefined();
    return result.data!._entities[0]!.interactions;
  };

  it('pages through interactions newest first with stable cursors', async () => {
    const page1 = await interactionsOf('cus-priya-nair', 2, null);
    expect(page1.edges.map((e) => e.node.id)).toEqual(['int-priya-chat-2', 'int-priya-call']);
    expect(page1.pageInfo).toEqual({ hasNextPage: true, endCursor: page1.edges[1]!.cursor });
    const page2 = await interactionsOf('cus-priya-nair', 2, page1.pageInfo.endCursor);
    expect(page2.edges.map((e) => e.node.id)).toEqual(['int-priya-chat-1']);
    expect(page2.pageInfo.hasNextPage).toBe(false);
    const empty = await interactionsOf('cus-priya-nair', 0, null);
    expect(empty).toEqual({ edges: [], pageInfo: { hasNextPage: true, endCursor: null } });
    const defaults = await interactionsOf('cus-priya-nair', null, null);
    expect(defaults.edges).toHaveLength(3);
    expect(defaults.pageInfo.hasNextPage).toBe(false);
  });

  it('rejects bad page sizes and cursors with BAD_USER_INPUT', async () => {
    for (const [first, after, pattern] of [
      [-1, null, /0 or more/],
      [101, null, /at most 100/],
      [5, 'nonsense', /not a cursor/],
    ] as const) {
      const result = await stack.query(
        'support',
        /* GraphQL */ `
          query ($first: Int, $after: String) {
            _entities(representations: [{ __typename: "Customer", id: "cus-dana-reyes" }]) {
              ... on Customer {
                interactions(first: $first, after: $after) {
                  edges {
                    cursor
                  }
                }
              }
            }
          }
        `,
        { first, after },
      );
      expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(result.errors?.[0]?.message).toMatch(pattern);
    }
    const badEnum = await stack.query(
      'support',
      /* GraphQL */ `
        {
          _entities(representations: [{ __typename: "Customer", id: "cus-sam-okafor" }]) {
            ... on Customer {
              conversations(status: PAUSED) {
                id
              }
            }
          }
        }
      `,
    );
    expect(badEnum.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('resolves entity references of each type in key order, one statement per type', async () => {
    const before = await stack.statements('support');
    const result = await stack.query<{ _entities: ({ id: string } | null)[] }>(
      'support',
      /* GraphQL */ `
        query ($reps: [_Any!]!) {
          _entities(representations: $reps) {
            ... on Case {
              id
              title
            }
            ... on Note {
              id
              subjectId
            }
            ... on Interaction {
              id
              channel
            }
            ... on Conversation {
              id
              currentStep
            }
          }
        }
      `,
      {
        reps: [
          { __typename: 'Case', id: 'case-priya-speed' },
          { __typename: 'Case', id: 'case-unknown' },
          { __typename: 'Case', id: 'case-dana-move' },
          { __typename: 'Note', id: 'note-dana-move-2' },
          { __typename: 'Note', id: 'note-unknown' },
          { __typename: 'Interaction', id: 'int-000003' },
          { __typename: 'Interaction', id: 'int-dana-call' },
          { __typename: 'Conversation', id: 'conv-unknown' },
          { __typename: 'Conversation', id: 'conv-sam-plan-change' },
        ],
      },
    );
    expect(result.data?._entities).toEqual([
      { id: 'case-priya-speed', title: 'Getting 300 Mbit/s instead of the 1 Gbit/s ordered' },
      null,
      { id: 'case-dana-move', title: expect.stringMatching(/rewiring/) },
      { id: 'note-dana-move-2', subjectId: 'case-dana-move' },
      null,
      { id: 'int-000003', channel: 'MOBILE_APP' },
      { id: 'int-dana-call', channel: 'PHONE' },
      null,
      { id: 'conv-sam-plan-change', currentStep: 3 },
    ]);
    expect((await stack.statements('support')) - before).toBe(4);
  });

  it('answers N case references in exactly one statement', async () => {
    const before = await stack.statements('support');
    const result = await stack.query<{ _entities: ({ id: string; status: string } | null)[] }>(
      'support',
      /* GraphQL */ `
        query ($reps: [_Any!]!) {
          _entities(representations: $reps) {
            ... on Case {
              id
              status
            }
          }
        }
      `,
      {
        reps: ['case-000010', 'case-missing', 'case-000005', 'case-000014-closed'].map((id) => ({
          __typename: 'Case',
          id,
        })),
      },
    );
    expect(result.data?._entities).toEqual([
      { id: 'case-000010', status: 'ACKNOWLEDGED' },
      null,
      { id: 'case-000005', status: 'IN_PROGRESS' },
      { id: 'case-000014-closed', status: 'RESOLVED' },
    ]);
    expect((await stack.statements('support')) - before).toBe(1);
  });

  it('loads open cases, their notes and authors for 25 customers in three statements', async () => {
    const ids = Array.from({ length: 25 }, (_, n) => generatedCustomerId(n + 1));
    const before = await stack.statements('support');
    const result = await stack.query<{
      _entities: {
        id: string;
        open: { id: string; notes: { id: string; author: { id: string } }[] }[];
      }[];
    }>(
      'support',
      /* GraphQL */ `
        query ($reps: [_Any!]!) {
          _entities(representations: $reps) {
            ... on Customer {
              id
              open: cases(openOnly: true) {
                id
                notes {
                  id
                  author {
                    id
                    name
                  }
                }
              }
            }
          }
        }
      `,
      { reps: customers(ids) },
    );
    expect(result.errors).toBeUndefined();
    expect((await stack.statements('support')) - before).toBe(3);
    const withCases = result.data!._entities.filter((c) => c.open.length > 0);
    expect(withCases.map((c) => c.id)).toEqual([
      'cus-000005',
      'cus-000010',
      'cus-000015',
      'cus-000020',
      'cus-000025',
    ]);
    expect(withCases[1]!.open).toEqual([
      {
        id: 'case-000010',
        notes: [
          { id: 'case-000010-note-2', author: { id: 'agt-000006', name: 'Frankie Agent' } },
          { id: 'case-000010-note-1', author: { id: 'agt-000003', name: 'Cameron Agent' } },
        ],
      },
    ]);
  });

  it('filters closed cases per customer and loads interactions and conversations in one statement each', async () => {
    const ids = ['cus-000007', 'cus-000014', 'cus-000035', 'cus-sam-okafor', 'cus-lee-chen'];
    const before = await stack.statements('support');
    const result = await stack.query<{
      _entities: {
        open: { id: string }[];
        all: { id: string }[];
        conversations: { id: string }[];
        interactions: { edges: { node: { id: string } }[] };
      }[];
    }>(
      'support',
      /* GraphQL */ `
        query ($reps: [_Any!]!) {
          _entities(representations: $reps) {
            ... on Customer {
              open: cases(openOnly: true) {
                id
              }
              all: cases {
                id
              }
              conversations {
                id
              }
              interactions(first: 5) {
                edges {
                  node {
                    id
                  }
                }
              }
            }
          }
        }
      `,
      { reps: customers(ids) },
    );
    expect(result.errors).toBeUndefined();
    expect((await stack.statements('support')) - before).toBe(3);
    expect(result.data!._entities.map((c) => [c.open.length, c.all.map((x) => x.id)])).toEqual([
      [0, ['case-000007-closed']],
      [0, ['case-000014-closed']],
      [0, []],
      [1, ['case-sam-plan-change']],
      [0, ['case-lee-router']],
    ]);
    expect(result.data!._entities.map((c) => c.conversations.length)).toEqual([0, 0, 0, 1, 0]);
    expect(result.data!._entities.map((c) => c.interactions.edges.map((e) => e.node.id))).toEqual([
      ['int-000007'],
      ['int-000014'],
      [],
      ['int-sam-app-escalation', 'int-sam-website-resume'],
      ['int-lee-call'],
    ]);
  });

  it('seeds idempotently: a rerun adds nothing, at once, an hour or a day later', async () => {
    const tables = [
      'agent',
      'interaction',
      'conversation',
      'conversation_step',
      '"case"',
      'note',
      'handoff',
      'case_status_change',
      'customer_view',
    ];
    const count = async () => {
      const counts: Record<string, number> = {};
      for (const table of tables) {
        const rows = await stack.database.db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM support.${table}`,
        );
        counts[table] = rows[0]!.n;
      }
      return counts;
    };
    const before = await count();
    // A restart an hour or a day later tells the stories at other times (storyClock):
    // rows with fixed ids stay as they are, and the story's views are not added twice.
    for (const now of RERUN_CLOCKS) {
      await supportSubgraph.seed(stack.database.db, { customers: 30, now });
      expect(await count()).toEqual(before);
    }
    expect(before).toEqual({
      agent: 5 + 8,
      interaction: 9 + 30,
      conversation: 1,
      conversation_step: 3,
      '"case"': 4 + 6 + 4,
      note: 3 + 6 * 2,
      handoff: 1,
      case_status_change: 2 + 1 + 2 + 3 + (3 * 1 + 3 * 2) + 4 * 2,
      customer_view: 2,
    });
  });
});
