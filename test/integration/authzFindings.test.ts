import type { Claims } from '../../lib/claims';
import { PERSONA } from '../../subgraphs/shared/seedIds';
import { eventually } from '../harness/eventually';
import { subscribeOverSse, subscribeOverWebSocket } from '../harness/liveClients';
import { startTestStack, type TestStack } from '../harness/startTestStack';
import { postTo } from '../unit/subgraphs/contractSupport';
import type { GraphQLResponse } from '../harness/startTestSubgraphs';

jest.setTimeout(120_000);

/**
 * Finding 1 of issue 17: `type Note @policy(policies: [["staff"]])` must hold wherever a
 * Note is reached, including as a member of the `TimelineSubject` union selected by an
 * inline or a named fragment, over HTTP and over both live transports. Finding 12 (part):
 * a caller who sent no credentials is told to authenticate, not that they are forbidden.
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
  await stack.flushOutboxes();
  // What a rep sees: Dana's timeline holds notes, with bodies, and orders.
  noteBodies = await eventually(async () => {
    const asAgent = await stack.gatewayQuery<TimelineData>(INLINE, { id: PERSONA.dana });
    expect(asAgent.errors).toBeUndefined();
    const subjects = asAgent.data?.customer?.timeline.edges.map((e) => e.node.subject) ?? [];
    const bodies = subjects.flatMap((s) => (s?.__typename === 'Note' && s.body ? [s.body] : []));
    expect(bodies.length).toBeGreaterThan(0);
    expect(subjects.some((s) => s?.__typename === 'Order' && s.status)).toBe(true);
    return bodies;
  });
});
afterAll(() => stack.stop());

/**
 * The answer holds no note body, refuses any note with FORBIDDEN and still answers orders.
 * Two layers keep notes from Dana now: support leaves staff-only entries out of a
 * customer's timeline (finding 11), and the gateway refuses `Note`'s type rule on any
 * union member before planning (pinned without the first layer by
 * `test/unit/gateway/authzTypeRules.test.ts` and the conformance suite's planned-document
 * check), so this test asserts the outcome, not which layer produced it.
 */
function expectNotesRefusedOrdersServed(response: GraphQLResponse<TimelineData>): void {
  const text = JSON.stringify(response);
  for (const body of noteBodies) expect(text).not.toContain(body);
  const timeline = response.data?.customer ?? response.data?.customerContext;
  const subjects = timeline?.timeline.edges.map((e) => e.node.subject) ?? [];
  expect(subjects.some((s) => s?.__typename === 'Order' && typeof s.status === 'string')).toBe(
    true,
  );
  const refusals = (response.errors ?? []).filter((e) => e.message.includes('Note.'));
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

describe('a refusal says what the caller lacks', () => {
  const BY_PHONE = /* GraphQL */ `
    {
      customerByIdentifier(kind: PHONE, value: "+44 20 7946 0321") {
        displayName
      }
    }
  `;

  it('answers a request without credentials UNAUTHENTICATED', async () => {
    const response = await stack.gatewayQuery(BY_PHONE, {}, { authorization: '' });
    expect(response.data).toEqual({ customerByIdentifier: null });
    expect(response.errors).toEqual([
      expect.objectContaining({
        message: 'authentication is required to read Query.customerByIdentifier',
        path: ['customerByIdentifier'],
        extensions: expect.objectContaining({ code: 'UNAUTHENTICATED' }) as object,
      }),
    ]);
  });

  it('keeps FORBIDDEN for an authenticated caller without the right', async () => {
    const response = await stack.gatewayQuery(
      /* GraphQL */ `
        {
          case(id: "case-dana-move") {
            notes {
              body
            }
          }
        }
      `,
      {},
      { authorization: `Bearer ${danaToken}` },
    );
    expect(response.errors).toEqual([
      expect.objectContaining({
        message: 'not authorized to read Case.notes',
        path: ['case', 'notes'],
        extensions: expect.objectContaining({ code: 'FORBIDDEN' }) as object,
      }),
    ]);
  });
});

describe('the cache tags of refused data', () => {
  const SAM_READS = [
    ['crm', `{ customer(id: "${PERSONA.sam}") { displayName } }`],
    [
      'crm',
      `{ _entities(representations: [{ __typename: "Customer", id: "${PERSONA.sam}" }]) { ... on Customer { displayName } } }`,
    ],
    ['orders', `{ order(id: "ord-sam-mobile") { id status } }`],
  ] as const;

  it.each(SAM_READS)(
    'never name their owner to a refused customer (%s: %s)',
    async (subgraph, query) => {
      const answer = await postTo(stack, subgraph, query, {}, DANA);
      expect(JSON.stringify(answer.data ?? {})).not.toContain('Okafor');
      expect(JSON.stringify(answer.extensions)).not.toContain(PERSONA.sam);
    },
  );

  it('reach no client of the gateway at all', async () => {
    const response = await stack.gatewayQuery(
      `{ customer(id: "${PERSONA.sam}") { displayName } }`,
      {},
      { authorization: `Bearer ${danaToken}` },
    );
    expect(JSON.stringify(response)).not.toContain(PERSONA.sam);
    expect(JSON.stringify(response)).not.toContain('cacheTags');
  });
});
