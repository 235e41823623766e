import type { Claims } from '../../lib/claims';
import { PERSONA } from '../../subgraphs/shared/seedIds';
import { subscribeOverSse, subscribeOverWebSocket } from '../harness/liveClients';
import { startTestStack, type TestStack } from '../harness/startTestStack';
import type { GraphQLResponse } from '../harness/startTestSubgraphs';

jest.setTimeout(120_000);

/**
 * Finding 1 of issue 17: `type Note @policy(policies: [["staff"]])` must hold wherever a
 * Note is reached, including as a member of the `TimelineSubject` union selected by an
 * inline or a named fragment, over HTTP and over both live transports.
 */
const DANA: Claims = { sub: PERSONA.dana, role: 'customer', scopes: [] };

const INLINE = /* GraphQL */ `
  query Timeline($id: ID!) {
    customer(id: $id) {
      timeline(first: 50) {
        edges {
          node {
            kind
            subject {
              __typename
              ... on Note {
                id
                body
                author {
                  name
                }
              }
              ... on Order {
                id
                status
              }
            }
          }
        }
      }
    }
  }
`;

const NAMED = /* GraphQL */ `
  query Timeline($id: ID!) {
    customer(id: $id) {
      timeline(first: 50) {
        edges {
          node {
            kind
            subject {
              __typename
              ...NoteBits
              ...OrderBits
            }
          }
        }
      }
    }
  }
  fragment NoteBits on Note {
    id
    body
    author {
      name
    }
  }
  fragment OrderBits on Order {
    id
    status
  }
`;

interface Subject {
  __typename?: string;
  id?: string | null;
  body?: string | null;
  status?: string | null;
}
interface TimelineData {
  customer?: { timeline: { edges: { node: { kind: string; subject: Subject | null } }[] } };
  customerContext?: TimelineData['customer'];
}

let stack: TestStack;
let danaToken: string;
let noteBodies: string[];
beforeAll(async () => {
  stack = await startTestStack();
  danaToken = await stack.tokenFor(DANA);
  // What a rep sees: Dana's timeline holds notes, with bodies.
  const asAgent = await stack.gatewayQuery<TimelineData>(INLINE, { id: PERSONA.dana });
  expect(asAgent.errors).toBeUndefined();
  const subjects = asAgent.data?.customer?.timeline.edges.map((e) => e.node.subject) ?? [];
  noteBodies = subjects.flatMap((s) => (s?.__typename === 'Note' && s.body ? [s.body] : []));
  expect(noteBodies.length).toBeGreaterThan(0);
  expect(subjects.some((s) => s?.__typename === 'Order' && s.status)).toBe(true);
});
afterAll(() => stack.stop());

/** The answer holds no note body, refuses each note with FORBIDDEN and still answers orders. */
function expectNotesRefusedOrdersServed(response: GraphQLResponse<TimelineData>): void {
  const text = JSON.stringify(response);
  for (const body of noteBodies) expect(text).not.toContain(body);
  const timeline = response.data?.customer ?? response.data?.customerContext;
  const subjects = timeline?.timeline.edges.map((e) => e.node.subject) ?? [];
  expect(subjects.some((s) => s?.__typename === 'Order' && typeof s.status === 'string')).toBe(
    true,
  );
  const refusals = (response.errors ?? []).filter((e) => e.message.includes('Note.'));
  expect(refusals.length).toBeGreaterThan(0);
  for (const error of refusals) expect(error.extensions?.code).toBe('FORBIDDEN');
}

describe('a union member with a type rule, reached through a fragment', () => {
  it.each([
    ['inline fragment', INLINE],
    ['named fragment', NAMED],
  ])('refuses Dana the notes in her timeline by %s, answers the rest', async (_how, query) => {
    const response = await stack.gatewayQuery<TimelineData>(
      query,
      { id: PERSONA.dana },
      { authorization: `Bearer ${danaToken}` },
    );
    expectNotesRefusedOrdersServed(response);
  });

  it.each([
    ['WebSocket', subscribeOverWebSocket],
    ['SSE', subscribeOverSse],
  ])('refuses them over %s too', async (_transport, subscribe) => {
    const live = INLINE.replace('query Timeline', 'subscription Timeline').replace(
      'customer(id: $id)',
      'customerContext(id: $id)',
    );
    const subscription = subscribe<TimelineData>(stack.gateway.url, danaToken, live, {
      id: PERSONA.dana,
    });
    try {
      const first = await subscription.next(() => true);
      expectNotesRefusedOrdersServed(first);
    } finally {
      await subscription.close();
    }
  });
});
