import { supportSubgraph } from '../../../subgraphs/support/src';
import { storyAnchor } from '../../../subgraphs/shared/seedIds';
import { storyClock } from '../../../subgraphs/support/src/seed/stories/story';
import { startTestSubgraphs, type TestSubgraphs } from '../../harness/startTestSubgraphs';
import { oneEngine } from '../../harness/testDatabase';
import { SEED_NOW } from '../../harness/seedClock';

/** The ISO time `hh:mm` UTC on story day `day`, as the seed's story clock tells it. */
function storyTime(day: number, hh: number, mm: number): string {
  return storyClock(storyAnchor(SEED_NOW), SEED_NOW)(day, hh, mm).toISOString();
}

describe.each(oneEngine())('support subgraph personas on %s', (engine) => {
  let stack: TestSubgraphs;
  beforeAll(async () => {
    stack = await startTestSubgraphs([supportSubgraph], { engine, seedCustomers: 30 });
  });
  afterAll(() => stack.stop());

  it("shows Dana's open case with Jordan's notes newest first and the handoff to sales", async () => {
    const result = await stack.query(
      'support',
      /* GraphQL */ `
        {
          _entities(representations: [{ __typename: "Customer", id: "cus-dana-reyes" }]) {
            ... on Customer {
              cases(openOnly: true) {
                id
                status
                priority
                channel
                title
                order {
                  id
                }
                assignedTo {
                  id
                  name
                  team
                }
                team
                openedAt
                updatedAt
                notes {
                  id
                  author {
                    id
                    name
                    team
                  }
                  createdAt
                  subjectType
                  subjectId
                  body
                }
                latestHandoff {
                  fromAgent {
                    name
                  }
                  toAgent {
                    name
                  }
                  toTeam
                  summary
                  at
                }
                handoffs {
                  summary
                }
                statusHistory {
                  status
                  at
                  reason
                }
              }
            }
          }
        }
      `,
    );
    expect(result.errors).toBeUndefined();
    const [customer] = (result.data as { _entities: { cases: Record<string, unknown>[] }[] })
      ._entities;
    expect(customer!.cases).toHaveLength(1);
    const danaCase = customer!.cases[0]!;
    expect(danaCase).toMatchObject({
      id: 'case-dana-move',
      status: 'IN_PROGRESS',
      priority: 'HIGH',
      channel: 'PHONE',
      order: { id: 'ord-dana-move' },
      assignedTo: { id: 'agt-sales-morgan', name: 'Morgan Price', team: 'sales' },
      team: 'sales',
      openedAt: storyTime(0, 9, 5),
      updatedAt: storyTime(0, 9, 25),
      latestHandoff: {
        fromAgent: { name: 'Jordan Lee' },
        toAgent: { name: 'Morgan Price' },
        toTeam: 'sales',
        summary:
          'Replace TV package with streaming package; rebook install with rewiring specialist',
        at: storyTime(0, 9, 25),
      },
      handoffs: [
        {
          summary:
            'Replace TV package with streaming package; rebook install with rewiring specialist',
        },
      ],
      statusHistory: [
        {
          status: 'ACKNOWLEDGED',
          at: storyTime(0, 9, 5),
          reason: 'Opened during the call about the failed install',
        },
        { status: 'IN_PROGRESS', at: storyTime(0, 9, 10), reason: null },
      ],
    });
    const notes = danaCase.notes as {
      id: string;
      createdAt: string;
      body: string;
      author: unknown;
    }[];
    expect(notes.map((n) => [n.id, n.createdAt])).toEqual([
      ['note-dana-move-2', storyTime(0, 9, 20)],
      ['note-dana-move-1', storyTime(0, 9, 10)],
    ]);
    expect(notes[0]).toMatchObject({
      author: { id: 'agt-care-jordan', name: 'Jordan Lee', team: 'care' },
      subjectType: 'CASE',
      subjectId: 'case-dana-move',
    });
    expect(notes[0]!.body).toMatch(/does not support streaming/);
    expect(notes[1]!.body).toMatch(/rewiring specialist/);
  });

  it("shows Dana's social exchange before her call", async () => {
    const result = await stack.query(
      'support',
      /* GraphQL */ `
        {
          _entities(representations: [{ __typename: "Customer", id: "cus-dana-reyes" }]) {
            ... on Customer {
              interactions {
                edges {
                  node {
                    id
                    channel
                    direction
                    summary
                    topic
                    agent {
                      id
                    }
                    case {
                      id
                    }
                  }
                }
              }
            }
          }
        }
      `,
    );
    const edges = (result.data as { _entities: { interactions: { edges: { node: unknown }[] } }[] })
      ._entities[0]!.interactions.edges;
    expect(edges.map((e) => e.node)).toEqual([
      {
        id: 'int-dana-call',
        channel: 'PHONE',
        direction: 'INBOUND',
        summary: expect.stringMatching(/transferred to sales/),
        topic: 'order:ord-dana-move',
        agent: { id: 'agt-care-jordan' },
        case: { id: 'case-dana-move' },
      },
      {
        id: 'int-dana-social-reply',
        channel: 'SOCIAL',
        direction: 'OUTBOUND',
        summary: 'Told to call: social team cannot change orders',
        topic: 'order:ord-dana-move',
        agent: { id: 'agt-social-riley' },
        case: null,
      },
      {
        id: 'int-dana-social-ask',
        channel: 'SOCIAL',
        direction: 'INBOUND',
        summary: 'Asked whether streaming would avoid the rewiring',
        topic: 'order:ord-dana-move',
        agent: null,
        case: null,
      },
    ]);
  });

  it("shows Sam's inactive conversation at step 3 of 4 and the case's app context", async () => {
    const result = await stack.query(
      'support',
      /* GraphQL */ `
        {
          _entities(representations: [{ __typename: "Customer", id: "cus-sam-okafor" }]) {
            ... on Customer {
              conversations(status: INACTIVE) {
                id
                status
                topic
                startedOn
                lastChannel
                currentStep
                totalSteps
                stepName
                startedAt
                lastActivityAt
                steps {
                  step
                  name
                  channel
                  at
                  data {
                    name
                    value
                  }
                }
              }
              cases {
                id
                status
                channel
                conversation {
                  id
                }
                appContext {
                  screen
                  step
                  action
                  entities
                  fields {
                    name
                    value
                  }
                }
              }
              interactions {
                edges {
                  node {
                    channel
                    direction
                    appContext {
                      screen
                      step
                      action
                      entities
                    }
                    case {
                      id
                    }
                  }
                }
              }
            }
          }
        }
      `,
    );
    expect(result.errors).toBeUndefined();
    expect((result.data as { _entities: unknown[] })._entities[0]).toEqual({
      conversations: [
        {
          id: 'conv-sam-plan-change',
          status: 'INACTIVE',
          topic: 'plan-change',
          startedOn: 'MOBILE_APP',
          lastChannel: 'WEBSITE',
          currentStep: 3,
          totalSteps: 4,
          stepName: 'confirm-details',
          startedAt: storyTime(-2, 19, 0),
          lastActivityAt: storyTime(-1, 20, 0),
          steps: [
            {
              step: 1,
              name: 'choose-plan',
              channel: 'MOBILE_APP',
              at: storyTime(-2, 19, 0),
              data: [],
            },
            {
              step: 2,
              name: 'review-plan',
              channel: 'MOBILE_APP',
              at: storyTime(-2, 19, 3),
              data: [{ name: 'newPlan', value: 'off-mobile-plus' }],
            },
            {
              step: 3,
              name: 'confirm-details',
              channel: 'WEBSITE',
              at: storyTime(-1, 20, 0),
              data: [],
            },
          ],
        },
      ],
      cases: [
        {
          id: 'case-sam-plan-change',
          status: 'ACKNOWLEDGED',
          channel: 'MOBILE_APP',
          conversation: { id: 'conv-sam-plan-change' },
          appContext: {
            screen: 'plan-change/confirm',
            step: 3,
            action: 'request-agent',
            entities: ['off-mobile-plus'],
            fields: [{ name: 'newPlan', value: 'off-mobile-plus' }],
          },
        },
      ],
      interactions: {
        edges: [
          {
            node: {
              channel: 'MOBILE_APP',
              direction: 'INBOUND',
              appContext: {
                screen: 'plan-change/confirm',
                step: 3,
                action: 'request-agent',
                entities: ['off-mobile-plus'],
              },
              case: { id: 'case-sam-plan-change' },
            },
          },
          {
            node: {
              channel: 'WEBSITE',
              direction: 'INBOUND',
              appContext: null,
              case: null,
            },
          },
        ],
      },
    });
    const active = await stack.query(
      'support',
      /* GraphQL */ `
        {
          _entities(representations: [{ __typename: "Customer", id: "cus-sam-okafor" }]) {
            ... on Customer {
              conversations(status: ACTIVE) {
                id
              }
            }
          }
        }
      `,
    );
    expect(active.data).toEqual({ _entities: [{ conversations: [] }] });
  });

  it("shows Priya's three contacts in five days about the same order, and her open case", async () => {
    const result = await stack.query(
      'support',
      /* GraphQL */ `
        {
          _entities(representations: [{ __typename: "Customer", id: "cus-priya-nair" }]) {
            ... on Customer {
              interactions {
                edges {
                  node {
                    channel
                    direction
                    occurredAt
                    topic
                    summary
                  }
                }
              }
              cases(openOnly: true) {
                id
                status
                order {
                  id
                }
                notes {
                  author {
                    name
                  }
                  body
                }
              }
            }
          }
        }
      `,
    );
    const priya = (
      result.data as {
        _entities: {
          interactions: {
            edges: {
              node: {
                channel: string;
                direction: string;
                occurredAt: string;
                topic: string;
                summary: string;
              };
            }[];
          };
          cases: unknown[];
        }[];
      }
    )._entities[0]!;
    const nodes = priya.interactions.edges.map((e) => e.node);
    expect(nodes.map((n) => [n.channel, n.direction, n.occurredAt, n.topic])).toEqual([
      ['CHAT', 'INBOUND', storyTime(-1, 16, 30), 'order:ord-priya-gigabit'],
      ['PHONE', 'INBOUND', storyTime(-3, 14, 0), 'order:ord-priya-gigabit'],
      ['CHAT', 'INBOUND', storyTime(-5, 11, 0), 'order:ord-priya-gigabit'],
    ]);
    for (const node of nodes)
      expect(node.summary).toMatch(/300 Mbit\/s instead of the 1 Gbit\/s ordered/);
    expect(priya.cases).toEqual([
      {
        id: 'case-priya-speed',
        status: 'IN_PROGRESS',
        order: { id: 'ord-priya-gigabit' },
        notes: [
          { author: { name: 'Sasha Ivanova' }, body: expect.stringMatching(/300 Mbit\/s profile/) },
        ],
      },
    ]);
  });

  it("keeps Lee's resolved case out of openOnly and in the full list", async () => {
    const result = await stack.query(
      'support',
      /* GraphQL */ `
        {
          _entities(representations: [{ __typename: "Customer", id: "cus-lee-chen" }]) {
            ... on Customer {
              open: cases(openOnly: true) {
                id
              }
              all: cases {
                id
                status
                statusHistory {
                  status
                }
              }
              interactions {
                edges {
                  node {
                    id
                    case {
                      id
                      status
                    }
                  }
                }
              }
            }
          }
        }
      `,
    );
    expect(result.data).toEqual({
      _entities: [
        {
          open: [],
          all: [
            {
              id: 'case-lee-router',
              status: 'RESOLVED',
              statusHistory: [
                { status: 'ACKNOWLEDGED' },
                { status: 'IN_PROGRESS' },
                { status: 'RESOLVED' },
              ],
            },
          ],
          interactions: {
            edges: [
              { node: { id: 'int-lee-call', case: { id: 'case-lee-router', status: 'RESOLVED' } } },
            ],
          },
        },
      ],
    });
  });

  it('answers the root queries by id, and null for unknown ids', async () => {
    const result = await stack.query(
      'support',
      /* GraphQL */ `
        {
          case(id: "case-priya-speed") {
            id
            customer {
              id
            }
          }
          conversation(id: "conv-sam-plan-change") {
            id
            customer {
              id
            }
          }
          interaction(id: "int-dana-social-ask") {
            id
            customer {
              id
            }
          }
          note(id: "note-dana-move-1") {
            id
            author {
              name
            }
          }
          unknownCase: case(id: "case-nope") {
            id
          }
          unknownConversation: conversation(id: "conv-nope") {
            id
          }
          unknownInteraction: interaction(id: "int-nope") {
            id
          }
          unknownNote: note(id: "note-nope") {
            id
          }
        }
      `,
    );
    expect(result).toEqual({
      data: {
        case: { id: 'case-priya-speed', customer: { id: 'cus-priya-nair' } },
        conversation: { id: 'conv-sam-plan-change', customer: { id: 'cus-sam-okafor' } },
        interaction: { id: 'int-dana-social-ask', customer: { id: 'cus-dana-reyes' } },
        note: { id: 'note-dana-move-1', author: { name: 'Jordan Lee' } },
        unknownCase: null,
        unknownConversation: null,
        unknownInteraction: null,
        unknownNote: null,
      },
      // Every customer the answer was read from, and no one else.
      extensions: {
        cacheTags: [
          'customer:cus-dana-reyes',
          'customer:cus-priya-nair',
          'customer:cus-sam-okafor',
        ],
      },
    });
  });

  it('records the view log: Morgan viewed Dana before the notes were written, Jordan at the call', async () => {
    const rows = await stack.database.db.query<{ agent_id: string; viewed_at: Date }>(
      `SELECT agent_id, viewed_at FROM support.customer_view WHERE customer_id = 'cus-dana-reyes' ORDER BY viewed_at`,
    );
    expect(rows.map((r) => [r.agent_id, r.viewed_at.toISOString()])).toEqual([
      ['agt-sales-morgan', storyTime(-1, 10, 0)],
      ['agt-care-jordan', storyTime(0, 9, 0)],
    ]);
  });
});
