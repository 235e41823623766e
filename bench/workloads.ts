import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PERSONA, PERSONA_SUPPORT, generatedCustomerId } from '../subgraphs/shared/seedIds';
import { timelineCursor } from './bigTimeline';
import { OVERHEAD_QUERY } from './overhead/overheadSubgraphs';

/** A workload the bench can drive: one operation and how its variables rotate. */
export interface Workload {
  /** Letter from issue 7: `a`, `c`, ... (`b-own`: a second variant of `b`). */
  id: string;
  name: string;
  /** The operation, as registered (trusted documents) and sent. */
  query: string;
  operationName: string;
  /**
   * `off`: measured on `ours` with CACHE=off; the rotation spans every generated
   * customer and the warm-up starts elsewhere in it. `warm`: measured on `ours-cached`
   * (CACHE=memory); the rotation spans only the warm set (`--warm-set`, first
   * {@link WARM_SET} generated customers by default), each read once before the warm-up.
   */
  caches: 'off' | 'warm';
  /**
   * Who `ours` and `ours-cached` are called as: `reps`, one of `--reps` distinct care reps
   * in turn (request n as rep n mod reps), as production traffic is; `agent`, the one
   * bench agent (a write that names its actor); or each customer of the rotation as
   * themself. `baseline` and `limit` have no authentication and always call the subgraphs
   * as the bench agent.
   */
  caller: 'reps' | 'agent' | 'customer';
  /** Variables for the `n`-th request of a rotation over `generated` customers + the personas. */
  variables(n: number, generated: number): Record<string, unknown>;
  /**
   * A mutation: every request writes (a fresh idempotency key each), so contenders are
   * compared on what they wrote and on a retry with the same key, not on equal answers.
   */
  writes?: true;
  /** What the rotation covers, for the report, when it is not "every customer" or the warm set. */
  rotation?(generated: number): string;
  /**
   * Measured on (g)'s own in-memory subgraphs and supergraph (bench/overhead), not on
   * the domain's: what the gateway itself costs.
   */
  overhead?: true;
}

/** Entries of the long history workload (d) reads, beside what the seed wrote. */
export const BIG_TIMELINE_ENTRIES = 100_000;

/** The customer whose history is {@link BIG_TIMELINE_ENTRIES} long: generated customer 1. */
export const BIG_TIMELINE_CUSTOMER = generatedCustomerId(1);

/** Open case of generated customer `i` (every fifth has one, support's seed): `case-000005`. */
function generatedCaseId(i: number): string {
  return `case-${String(i).padStart(6, '0')}`;
}

/** Generated customers the warm-cache workloads rotate over by default (plus the personas). */
export const WARM_SET = 200;

/** Phones of the seeded personas (crm seed), in the order of {@link PERSONA_IDS}. */
const PERSONA_PHONES = ['+14155550134', '+442079460321', '+12125550187', '+61255501234'];
const PERSONA_IDS = [PERSONA.dana, PERSONA.sam, PERSONA.priya, PERSONA.lee];

/** Phone of generated customer `i` (1-based), as crm's seed writes it. */
export function generatedPhone(i: number): string {
  return `+1212${200 + Math.floor(i / 10_000)}${String(i % 10_000).padStart(4, '0')}`;
}

/** How many distinct customers a rotation over `generated` customers covers: they, then the personas. */
export function rotationSize(generated: number): number {
  return generated + PERSONA_PHONES.length;
}

/** Place of request `n` in the rotation: k < customers is generated customer k + 1, then the personas. */
function rotationIndex(n: number, customers: number): number {
  return n % rotationSize(customers);
}

/** The `n`-th phone of the rotation: every generated customer, then the personas, again. */
export function rotatingPhone(n: number, customers: number): string {
  const k = rotationIndex(n, customers);
  return k < customers ? generatedPhone(k + 1) : PERSONA_PHONES[k - customers]!;
}

/** The `n`-th customer id of the same rotation as {@link rotatingPhone}. */
export function rotatingCustomerId(n: number, customers: number): string {
  const k = rotationIndex(n, customers);
  return k < customers ? generatedCustomerId(k + 1) : PERSONA_IDS[k - customers]!;
}

const manifest = JSON.parse(
  readFileSync(join(__dirname, '..', 'schema', 'trusted-documents.json'), 'utf8'),
) as { documents: Record<string, string> };

const customerContext = Object.values(manifest.documents).find((text) =>
  text.startsWith('query CustomerContext('),
);
if (!customerContext) throw new Error('CustomerContext is not in schema/trusted-documents.json');

/**
 * What a customer's own app shows of CustomerContext: the same selection without what
 * only staff may read (`@policy(staff)`: attention, case notes, handoffs, assignees),
 * by id rather than identifier.
 */
const myContext = /* GraphQL */ `
  query MyContext($id: ID!) {
    customer(id: $id) {
      id
      displayName
      status
      segment
      accountNumber
      contactPoints {
        kind
        value
        masked
        isPrimary
        verified
      }
      preferences {
        preferredChannel
        language
        quietHours {
          start
          end
          timeZone
        }
      }
      consents {
        purpose
        granted
        channels
      }
      addresses {
        id
        line1
        city
        postcode
        country
      }
      cases(openOnly: true) {
        id
        title
        status
        channel
        order {
          id
          status
        }
      }
      activeConversations: conversations(status: ACTIVE) {
        id
        topic
        currentStep
        totalSteps
        stepName
      }
      orders(first: 5) {
        edges {
          node {
            id
            status
            placedAt
            items {
              quantity
              deliveryMethod
              offering {
                id
                name
                category
                tier
              }
            }
            fulfilment {
              id
              status
            }
          }
        }
      }
      services {
        id
        status
        activatedAt
        offering {
          id
          name
          tier
          downloadMbps
        }
      }
      appointments(upcoming: true) {
        id
        status
        window {
          start
          end
        }
      }
    }
  }
`;

/** Workloads measured; the others are listed in {@link MEASURED_ELSEWHERE}. */
export const WORKLOADS: Readonly<Record<string, Workload>> = {
  a: {
    id: 'a',
    name: 'CustomerContext, uncached',
    query: customerContext,
    operationName: 'CustomerContext',
    caches: 'off',
    caller: 'reps',
    variables: (n, generated) => ({ kind: 'PHONE', value: rotatingPhone(n, generated) }),
  },
  b: {
    id: 'b',
    name: 'CustomerContext, warm caches',
    query: customerContext,
    operationName: 'CustomerContext',
    caches: 'warm',
    caller: 'reps',
    variables: (n, generated) => ({ kind: 'PHONE', value: rotatingPhone(n, generated) }),
  },
  'b-own': {
    id: 'b-own',
    name: "a customer's own context, warm caches",
    query: myContext,
    operationName: 'MyContext',
    caches: 'warm',
    caller: 'customer',
    variables: (n, generated) => ({ id: rotatingCustomerId(n, generated) }),
  },
  c: {
    id: 'c',
    name: 'identifier lookup',
    query: /* GraphQL */ `
      query IdentifierLookup($value: String!) {
        customerByIdentifier(kind: PHONE, value: $value) {
          id
          displayName
          status
          accountNumber
        }
      }
    `,
    operationName: 'IdentifierLookup',
    caches: 'off',
    caller: 'reps',
    variables: (n, generated) => ({ value: rotatingPhone(n, generated) }),
  },
  d: {
    id: 'd',
    name: `timeline page, ${BIG_TIMELINE_ENTRIES.toLocaleString('en-US')} entries`,
    query: /* GraphQL */ `
      query TimelinePage($id: ID!, $after: String) {
        customer(id: $id) {
          id
          timeline(first: 20, after: $after) {
            edges {
              cursor
              node {
                occurredAt
                kind
                channel
                actor
                summary
                subject {
                  __typename
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
    `,
    operationName: 'TimelinePage',
    caches: 'off',
    caller: 'reps',
    rotation: () =>
      `one customer (${BIG_TIMELINE_CUSTOMER}) with ${BIG_TIMELINE_ENTRIES.toLocaleString('en-US')} more entries: one request in ten the newest page, the others pages anywhere in the history (keyset cursors)`,
    // One request in ten the newest page, the others a page anywhere in the long history
    // (a stride that visits every page), as a rep scrolling back would ask.
    variables: (n) => ({
      id: BIG_TIMELINE_CUSTOMER,
      after:
        n % 10 === 0
          ? null
          : timelineCursor(BIG_TIMELINE_CUSTOMER, 21 + ((n * 7919) % (BIG_TIMELINE_ENTRIES - 21))),
    }),
  },
  e: {
    id: 'e',
    name: 'addNote mutations, events flowing',
    query: /* GraphQL */ `
      mutation AddNote($input: AddNoteInput!) {
        addNote(input: $input) {
          id
          body
          createdAt
          author {
            id
            name
          }
        }
      }
    `,
    operationName: 'AddNote',
    caches: 'off',
    caller: 'agent',
    writes: true,
    rotation: (generated) =>
      `a note on each of the ${Math.max(1, Math.floor(generated / 5))} open cases of the generated customers in turn, a fresh idempotency key per request; each note goes through support's outbox to the event bus and the timeline`,
    // The open cases of the rotation's generated customers (every fifth has one); each
    // note goes through support's outbox to the event bus and its timeline projection.
    variables: (n, generated) => {
      const cases = Math.max(1, Math.floor(generated / 5));
      return {
        input: {
          idempotencyKey: randomUUID(),
          subjectId: generatedCaseId(5 * (1 + (n % cases))),
          body: `Bench note ${n}: customer called back, the line still drops every evening.`,
          actor: PERSONA_SUPPORT.careRep,
        },
      };
    },
  },
  g: {
    id: 'g',
    name: 'gateway overhead: in-memory subgraphs, 16 fetches, ~87 KB answer',
    query: OVERHEAD_QUERY,
    operationName: 'Overhead',
    caches: 'off',
    caller: 'agent',
    overhead: true,
    rotation: () =>
      'one heavy query without variables (users and top products, two hops deep through reviews, authors and products: 16 subgraph fetches in its plan, an 87.5 KB answer) against four in-memory subgraphs (accounts, inventory, products, reviews; bench/overhead), every request as the one bench agent, as the public graphql-gateways-benchmark sends it',
    variables: () => ({}),
  },
};

/** Issue 7 workloads measured by their own command, printed with a pointer to it. */
export const MEASURED_ELSEWHERE: Readonly<Record<string, string>> = {
  f: '1,000 live-context subscribers, delivery p99: npm run bench:live',
};
