import {
  customerTag,
  customerUnreadTag,
  customerViewsByTag,
  customerViewsTag,
} from '../../../lib/cacheTags';
import { SUBGRAPHS } from '../../../subgraphs/registry';
import {
  generatedCustomerId,
  OFFERING,
  PERSONA,
  PERSONA_ORDER,
  PERSONA_SUPPORT,
} from '../../../subgraphs/shared/seedIds';
import { startTestSubgraphs, type TestSubgraphs } from '../../harness/startTestSubgraphs';
import { postTo, type SubgraphAnswer } from './contractSupport';

/*
 * Mutations are never cacheable and name every customer whose data they changed in
 * `extensions.invalidatedTags` (the customer of each domain event they recorded, and of
 * the few changes that record none), so the gateway that carried the change evicts at
 * once. A change that changes nothing (a replay, a rejection) invalidates nothing.
 */

const PREFERENCES = /* GraphQL */ `
  mutation ($input: UpdatePreferencesInput!) {
    updatePreferences(input: $input) {
      id
      preferences {
        language
      }
    }
  }
`;

const customer = (n: number): string => generatedCustomerId(n);

/** What every mutation answer must look like, with the customers it changed. */
function expectChanged(answer: SubgraphAnswer, customers: string[]): void {
  expect(answer.errors).toEqual([]);
  expect(answer.cacheControl).toBe('no-store');
  expect(answer.extensions.invalidatedTags).toEqual(customers.map(customerTag).sort());
}

describe('subgraph cache contract: mutations', () => {
  let stack: TestSubgraphs;
  beforeAll(async () => {
    stack = await startTestSubgraphs(SUBGRAPHS, { seedCustomers: 6 });
  });
  afterAll(() => stack?.stop());

  it('crm: invalidates the customer whose preferences changed; a replay invalidates nothing', async () => {
    const input = { customerId: customer(1), language: 'fr-ca', preferredChannel: 'EMAIL' };
    const first = await postTo(stack, 'crm', PREFERENCES, { input });
    expectChanged(first, [customer(1)]);
    // The answer was read from the customer's rows too.
    expect(first.extensions.cacheTags).toEqual([customerTag(customer(1))]);
    const again = await postTo(stack, 'crm', PREFERENCES, { input });
    expectChanged(again, []);
  });

  it('crm: a rejected mutation is no-store and invalidates nothing', async () => {
    const input = { customerId: 'cus-nobody', language: 'en-US' };
    const answer = await postTo(stack, 'crm', PREFERENCES, { input });
    expect(answer.errors).toHaveLength(1);
    expect(answer.cacheControl).toBe('no-store');
    expect(answer.extensions.invalidatedTags).toEqual([]);
  });

  it('orders: replacing an order invalidates its customer once, for both events', async () => {
    const answer = await postTo(
      stack,
      'orders',
      /* GraphQL */ `
        mutation ($input: ReplaceOrderInput!) {
          replaceOrder(input: $input) {
            id
            replaces {
              id
            }
          }
        }
      `,
      {
        input: {
          idempotencyKey: 'cache-replace',
          orderId: PERSONA_ORDER.danaMove,
          channel: 'PHONE',
          items: [
            { offeringId: OFFERING.internet300, quantity: 1, deliveryMethod: 'TECHNICIAN_INSTALL' },
          ],
          reason: 'cache contract test',
        },
      },
    );
    expectChanged(answer, [PERSONA.dana]);
    const events = await stack.database.db.query<{ customer_id: string }>(
      `SELECT customer_id FROM orders.outbox WHERE subject_id IN ($1, $2)
          AND occurred_at > now() - interval '1 minute'`,
      [PERSONA_ORDER.danaMove, (answer.data?.['replaceOrder'] as { id: string }).id],
    );
    expect(events.map((e) => e.customer_id)).toEqual([PERSONA.dana, PERSONA.dana]);
  });

  it('provisioning: booking a visit invalidates the customer it is for', async () => {
    const from = new Date(Date.now() + 3 * 86_400_000).toISOString();
    const slots = await postTo(
      stack,
      'provisioning',
      `{ availableSlots(input: { jobType: REPAIR, requiredSkills: [REPAIR], from: "${from}", days: 2 }) {
          window { start end } technician { id } } }`,
    );
    const [slot] = slots.data?.['availableSlots'] as {
      window: { start: string; end: string };
      technician: { id: string };
    }[];
    const answer = await postTo(
      stack,
      'provisioning',
      /* GraphQL */ `
        mutation ($input: ScheduleAppointmentInput!) {
          scheduleAppointment(input: $input) {
            id
          }
        }
      `,
      {
        input: {
          idempotencyKey: 'cache-book',
          customerId: customer(2),
          jobType: 'REPAIR',
          requiredSkills: ['REPAIR'],
          window: slot!.window,
          technicianId: slot!.technician.id,
        },
      },
    );
    expectChanged(answer, [customer(2)]);
  });

  it('support: starting a conversation invalidates the customer, logging a view only what the view log feeds', async () => {
    const started = await postTo(
      stack,
      'support',
      /* GraphQL */ `
        mutation ($input: StartConversationInput!) {
          startConversation(input: $input) {
            id
          }
        }
      `,
      {
        input: {
          idempotencyKey: 'cache-conv',
          customerId: customer(3),
          channel: 'CHAT',
          topic: 'plan change',
        },
      },
    );
    expectChanged(started, [customer(3)]);
    const viewed = await postTo(
      stack,
      'support',
      /* GraphQL */ `
        mutation ($input: RecordCustomerViewInput!) {
          recordCustomerView(input: $input) {
            viewedAt
          }
        }
      `,
      { input: { customerId: customer(4), agentId: PERSONA_SUPPORT.careRep } },
    );
    // Not the customer: every rep read logs a view, and would empty every cache of them.
    expect(viewed.errors).toEqual([]);
    expect(viewed.cacheControl).toBe('no-store');
    expect(viewed.extensions.invalidatedTags).toEqual([
      customerUnreadTag(customer(4), PERSONA_SUPPORT.careRep),
      customerViewsTag(customer(4)),
      customerViewsByTag(customer(4), PERSONA_SUPPORT.careRep),
    ]);
  });

  it('engagement: opening the app, a screen and closing it each invalidate', async () => {
    const started = await postTo(
      stack,
      'engagement',
      /* GraphQL */ `
        mutation ($input: StartAppSessionInput!) {
          startAppSession(input: $input) {
            id
          }
        }
      `,
      {
        input: {
          idempotencyKey: 'cache-app',
          customerId: customer(5),
          deviceId: 'ios-cache',
          platform: 'IOS',
        },
      },
    );
    expectChanged(started, [customer(5)]);
    const sessionId = (started.data?.['startAppSession'] as { id: string }).id;
    const screen = await postTo(
      stack,
      'engagement',
      `mutation { recordScreen(sessionId: "${sessionId}", screen: "plans") { position } }`,
    );
    expectChanged(screen, [customer(5)]);
    const ended = await postTo(
      stack,
      'engagement',
      `mutation { endAppSession(sessionId: "${sessionId}") { endedAt } }`,
    );
    expectChanged(ended, [customer(5)]);
  });

  it('a query names no invalidated tags', async () => {
    const answer = await postTo(stack, 'crm', `{ customer(id: "${PERSONA.sam}") { id } }`);
    expect(answer.extensions).toEqual({ cacheTags: [customerTag(PERSONA.sam)] });
  });
});
