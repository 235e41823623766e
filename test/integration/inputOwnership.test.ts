import { randomUUID } from 'node:crypto';
import type { Claims } from '../../lib/claims';
import { PERSONA_SESSION } from '../../subgraphs/engagement/src/seed';
import { PRIYA_APPOINTMENT } from '../../subgraphs/provisioning/src/personaStories';
import { SUBGRAPHS } from '../../subgraphs/registry';
import {
  OFFERING,
  PERSONA,
  PERSONA_ORDER,
  PERSONA_PLACE,
  PERSONA_PROVISIONING,
  PERSONA_SUPPORT,
  daysFrom,
  storyAnchor,
} from '../../subgraphs/shared/seedIds';
import { eventually } from '../harness/eventually';
import {
  mutationDocument,
  mutationIdFields,
  withValueAt,
  type MutationShape,
} from '../harness/mutationIdFields';
import { startTestStack, type TestStack } from '../harness/startTestStack';
import type { GraphQLResponse } from '../harness/startTestSubgraphs';
import { testEngines } from '../harness/testDatabase';

/**
 * Ownership of every id in every input: for each `ID` argument or input field of every
 * mutation in the subgraph SDLs, Dana (a customer) sends the mutation with another
 * customer's id there and her own everywhere else. She must get FORBIDDEN, exactly as
 * for an id that does not exist, nothing may be written, and nothing of the other
 * customer may come back. A new `ID` input field fails this test until it is mapped here.
 */

const DANA: Claims = { sub: PERSONA.dana, role: 'customer', scopes: [] };
const AGENT: Claims = { sub: 'agt-care-jordan', role: 'agent', team: 'care', scopes: ['pii:read'] };

/**
 * Seeded ids of customers other than Dana, by input field name: Sam's, or Priya's where
 * Sam has none (service orders, visits), so one input holds one other customer's ids.
 */
const OTHER_CUSTOMERS_ID: Record<string, string> = {
  customerId: PERSONA.sam,
  placeId: PERSONA_PLACE.sam,
  serviceOrderId: PERSONA_PROVISIONING.priyaServiceOrder,
  orderId: PERSONA_ORDER.samMobile,
  appointmentId: PRIYA_APPOINTMENT,
  conversationId: PERSONA_SUPPORT.samConversation,
  sessionId: PERSONA_SESSION.samNow,
  caseId: PERSONA_SUPPORT.samCase,
  subjectId: PERSONA_SUPPORT.samCase,
};

/** Input id fields that name nothing a customer owns, with the reason. */
const NOT_CUSTOMER_OWNED: Record<string, string> = {
  offeringId: 'a catalogue entry: public, the same for every customer',
  technicianId: 'a technician: company staff, chosen from availableSlots',
  to: 'an agent: company staff (transferCase is staff-only)',
  agentId: 'an agent: company staff (recordCustomerView is staff-only)',
};

/** Strings of Sam's and Priya's that must never come back to Dana. */
const OTHERS = ['Okafor', 'Nair', 'Brick Lane', PERSONA.sam, PERSONA.priya];

/** Dana's conversation, started in `beforeAll` (the seed gives her none). */
let danaConversation = '';

const anchor = storyAnchor();
const window = (day: number) => ({
  start: daysFrom(anchor, day + 8 / 24).toISOString(),
  end: daysFrom(anchor, day + 10 / 24).toISOString(),
});
const item = {
  offeringId: OFFERING.internet300,
  quantity: 1,
  deliveryMethod: 'TECHNICIAN_INSTALL',
};

/**
 * Each mutation's variables with Dana's own ids (fresh idempotency keys each call);
 * `staffOnly` mutations refuse every customer whatever the ids.
 */
const DANA_VARIABLES: Record<string, { staffOnly?: true; variables: () => object }> = {
  updatePreferences: {
    variables: () => ({ input: { customerId: PERSONA.dana, language: 'en-US' } }),
  },
  updateConsent: {
    variables: () => ({ input: { customerId: PERSONA.dana, purpose: 'SURVEYS', granted: true } }),
  },
  addContactPoint: {
    variables: () => ({
      input: {
        idempotencyKey: randomUUID(),
        customerId: PERSONA.dana,
        kind: 'EMAIL',
        value: `dana.${randomUUID().slice(0, 8)}@example.com`,
      },
    }),
  },
  placeOrder: {
    variables: () => ({
      input: {
        idempotencyKey: randomUUID(),
        customerId: PERSONA.dana,
        channel: 'WEBSITE',
        placeId: PERSONA_PLACE.danaNewHome,
        items: [item],
      },
    }),
  },
  cancelOrder: {
    variables: () => ({ input: { orderId: PERSONA_ORDER.danaMove, reason: 'Changed my mind' } }),
  },
  replaceOrder: {
    variables: () => ({
      input: {
        idempotencyKey: randomUUID(),
        orderId: PERSONA_ORDER.danaMove,
        channel: 'WEBSITE',
        items: [item],
        reason: 'Streaming instead',
      },
    }),
  },
  scheduleAppointment: {
    variables: () => ({
      input: {
        idempotencyKey: randomUUID(),
        customerId: PERSONA.dana,
        serviceOrderId: PERSONA_PROVISIONING.danaServiceOrder,
        placeId: PERSONA_PLACE.danaNewHome,
        jobType: 'REWIRING',
        requiredSkills: ['REWIRING'],
        window: window(40),
        technicianId: PERSONA_PROVISIONING.rewiringSpecialist,
      },
    }),
  },
  rescheduleAppointment: {
    variables: () => ({
      input: { appointmentId: PERSONA_PROVISIONING.danaSecondVisit, window: window(41) },
    }),
  },
  cancelAppointment: {
    variables: () => ({ input: { appointmentId: PERSONA_PROVISIONING.danaSecondVisit } }),
  },
  assignTechnician: {
    variables: () => ({
      input: {
        appointmentId: PERSONA_PROVISIONING.danaSecondVisit,
        technicianId: PERSONA_PROVISIONING.rewiringSpecialist,
      },
    }),
  },
  startConversation: {
    variables: () => ({
      input: {
        idempotencyKey: randomUUID(),
        customerId: PERSONA.dana,
        channel: 'MOBILE_APP',
        topic: 'Streaming',
      },
    }),
  },
  recordStep: {
    variables: () => ({
      input: { conversationId: danaConversation, step: 2, name: 'Pick', channel: 'MOBILE_APP' },
    }),
  },
  pauseConversation: { variables: () => ({ conversationId: danaConversation }) },
  resumeConversation: {
    variables: () => ({ input: { conversationId: danaConversation, channel: 'WEBSITE' } }),
  },
  closeConversation: { variables: () => ({ conversationId: danaConversation }) },
  escalateToAgent: {
    variables: () => ({
      input: {
        idempotencyKey: randomUUID(),
        conversationId: danaConversation,
        appContext: { screen: 'plan' },
      },
    }),
  },
  addNote: {
    staffOnly: true,
    variables: () => ({
      input: { idempotencyKey: randomUUID(), subjectId: PERSONA_SUPPORT.danaCase, body: 'Hi' },
    }),
  },
  transferCase: {
    staffOnly: true,
    variables: () => ({
      input: { caseId: PERSONA_SUPPORT.danaCase, toTeam: 'sales', summary: 'Sell streaming' },
    }),
  },
  recordCustomerView: {
    staffOnly: true,
    variables: () => ({ input: { customerId: PERSONA.dana, agentId: AGENT.sub } }),
  },
  startAppSession: {
    variables: () => ({
      input: {
        idempotencyKey: randomUUID(),
        customerId: PERSONA.dana,
        deviceId: 'ios-dana',
        platform: 'IOS',
      },
    }),
  },
  recordScreen: {
    variables: () => ({ sessionId: PERSONA_SESSION.danaAppointment, screen: 'home' }),
  },
  endAppSession: { variables: () => ({ sessionId: PERSONA_SESSION.danaAppointment }) },
};

const { mutations, fields } = mutationIdFields(SUBGRAPHS);
const byName = new Map(mutations.map((m) => [m.name, m]));
const ownedFields = fields.filter((field) => OTHER_CUSTOMERS_ID[field.name] !== undefined);
const CASES = ownedFields.map((field) => ({
  ...field,
  label: `${field.subgraph} ${field.mutation}(${field.path.join('.')})`,
}));

describe('every ID in every mutation input is accounted for', () => {
  it('has a mapping for each ID field and Dana’s variables for each mutation', () => {
    const unmapped = fields
      .filter((f) => !OTHER_CUSTOMERS_ID[f.name] && !NOT_CUSTOMER_OWNED[f.name])
      .map((f) => `${f.subgraph} ${f.mutation}(${f.path.join('.')})`);
    expect({
      unmapped,
      hint: 'add the field name to OTHER_CUSTOMERS_ID with Sam’s or Priya’s seeded id of that entity (subgraphs/shared/seedIds.ts), or to NOT_CUSTOMER_OWNED with the reason',
    }).toEqual(expect.objectContaining({ unmapped: [] }));
    const untemplated = mutations.filter((m) => !DANA_VARIABLES[m.name]).map((m) => m.name);
    expect({
      untemplated,
      hint: 'add the mutation to DANA_VARIABLES with a valid input holding Dana’s own ids',
    }).toEqual(expect.objectContaining({ untemplated: [] }));
    expect(CASES.length).toBeGreaterThan(10);
  });
});

describe.each(testEngines())('a customer cannot use another customer’s ids, on %s', (engine) => {
  let stack: TestStack;
  let dana: string;
  let tables: string[];
  beforeAll(async () => {
    stack = await startTestStack({ engine, seedCustomers: 5 });
    dana = `Bearer ${await stack.tokenFor(DANA)}`;
    const started = await stack.gatewayQuery<{ startConversation: { id: string } }>(
      `mutation ($input: StartConversationInput!) { startConversation(input: $input) { id } }`,
      DANA_VARIABLES.startConversation!.variables() as Record<string, unknown>,
      { authorization: dana },
    );
    danaConversation = started.data!.startConversation.id;
    const rows = await stack.database.db.query<{ name: string }>(
      `SELECT format('%I.%I', table_schema, table_name) AS name FROM information_schema.tables
        WHERE table_schema = ANY($1::text[]) AND table_type = 'BASE TABLE' ORDER BY 1`,
      [SUBGRAPHS.map((s) => s.name)],
    );
    tables = rows.map((row) => row.name);
    // Background work (the timeline recording seed events) settles before rows are counted.
    await stack.flushOutboxes();
    let last = '';
    await eventually(
      async () => {
        const now = JSON.stringify(await rowCounts());
        const settled = now === last;
        last = now;
        if (!settled) throw new Error('rows still changing');
      },
      30_000,
      200,
    );
  });
  afterAll(() => stack.stop());

  /** Rows in every table of every subgraph, by table. */
  async function rowCounts(): Promise<Record<string, number>> {
    const union = tables.map((t) => `SELECT '${t}' AS name, count(*)::int AS n FROM ${t}`);
    const rows = await stack.database.db.query<{ name: string; n: number }>(
      union.join(' UNION ALL '),
    );
    return Object.fromEntries(rows.map((row) => [row.name, row.n]));
  }

  async function send(
    mutation: string,
    variables: object,
    authorization: string,
  ): Promise<GraphQLResponse<{ result: unknown }>> {
    const shape = byName.get(mutation) as MutationShape;
    return stack.gatewayQuery(mutationDocument(shape), variables as Record<string, unknown>, {
      authorization,
    });
  }

  const refusal = (response: GraphQLResponse) =>
    response.errors?.map((error) => ({ code: error.extensions?.code, message: error.message }));

  /**
   * The error codes of `response` but those of state: an order or visit an earlier case
   * already changed may now be in a state that forbids the change (no authorization
   * decision, and no sign of a bad input).
   */
  const stateless = (response: GraphQLResponse): unknown[] =>
    (refusal(response) ?? [])
      .filter(
        (error) => !['INVALID_STATE_TRANSITION', 'SLOT_UNAVAILABLE'].includes(String(error.code)),
      )
      .map((error) =>
        error.code === 'FORBIDDEN' ? error.code : `${String(error.code)}: ${error.message}`,
      );

  it.each(CASES)('$label: FORBIDDEN as for an unknown id, nothing written or echoed', async (c) => {
    const template = DANA_VARIABLES[c.mutation]!.variables();
    const before = await rowCounts();
    const foreign = await send(
      c.mutation,
      withValueAt(template, c.path, OTHER_CUSTOMERS_ID[c.name]!) as object,
      dana,
    );
    expect(await rowCounts()).toEqual(before);
    expect(foreign.data?.result ?? null).toBeNull();
    expect(refusal(foreign)?.[0]?.code).toBe('FORBIDDEN');
    for (const text of OTHERS) expect(JSON.stringify(foreign)).not.toContain(text);

    const unknown = await send(
      c.mutation,
      withValueAt(template, c.path, 'zz-no-such-id') as object,
      dana,
    );
    expect(refusal(unknown)).toEqual(refusal(foreign));
    expect(await rowCounts()).toEqual(before);
  });

  it.each(CASES)(
    '$label: not refused with Dana’s own ids (so the refusal above is the id’s)',
    async (c) => {
      const { staffOnly, variables } = DANA_VARIABLES[c.mutation]!;
      const codes = stateless(await send(c.mutation, variables(), dana));
      expect(codes).toEqual(staffOnly ? ['FORBIDDEN'] : []);
    },
  );

  const PLACE_ORDER = /* GraphQL */ `
    mutation ($input: PlaceOrderInput!) {
      placeOrder(input: $input) {
        id
        place {
          id
          line1
          city
          postcode
        }
      }
    }
  `;
  const SCHEDULE = /* GraphQL */ `
    mutation ($input: ScheduleAppointmentInput!) {
      scheduleAppointment(input: $input) {
        id
        status
      }
    }
  `;
  const count = async (table: string): Promise<number> =>
    (await stack.database.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0]!.n;

  it('the reported order: Dana cannot have an order delivered to Sam’s home', async () => {
    const orders = await count('orders."order"');
    const input = (DANA_VARIABLES.placeOrder!.variables() as { input: object }).input;
    const response = await stack.gatewayQuery(
      PLACE_ORDER,
      { input: { ...input, placeId: PERSONA_PLACE.sam } },
      { authorization: dana },
    );
    expect(response.errors?.[0]?.extensions).toMatchObject({
      code: 'FORBIDDEN',
      argument: 'input.placeId',
    });
    expect(JSON.stringify(response)).not.toMatch(/Brick Lane|London|E1 6PU/);
    expect(await count('orders."order"')).toBe(orders);
  });

  it('Dana’s own order at her home is placed once per key, with her address', async () => {
    const orders = await count('orders."order"');
    const variables = DANA_VARIABLES.placeOrder!.variables() as Record<string, unknown>;
    const first = await stack.gatewayQuery<{ placeOrder: { id: string; place: { id: string } } }>(
      PLACE_ORDER,
      variables,
      { authorization: dana },
    );
    expect(first.errors).toBeUndefined();
    expect(first.data?.placeOrder.place.id).toBe(PERSONA_PLACE.danaNewHome);
    const replay = await stack.gatewayQuery<{ placeOrder: { id: string } }>(
      PLACE_ORDER,
      variables,
      { authorization: dana },
    );
    expect(replay.data?.placeOrder.id).toBe(first.data?.placeOrder.id);
    expect(await count('orders."order"')).toBe(orders + 1);
  });

  it('the reported visit: Dana cannot book on Priya’s service order at Priya’s home', async () => {
    const visits = await count('provisioning.appointment');
    const input = (DANA_VARIABLES.scheduleAppointment!.variables() as { input: object }).input;
    const response = await stack.gatewayQuery(
      SCHEDULE,
      {
        input: {
          ...input,
          serviceOrderId: PERSONA_PROVISIONING.priyaServiceOrder,
          placeId: PERSONA_PLACE.priya,
        },
      },
      { authorization: dana },
    );
    expect(response.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(response.data ?? null).toBeNull();
    expect(await count('provisioning.appointment')).toBe(visits);
  });

  it('an agent books Priya’s visit on her service order at her home, and orders for Sam', async () => {
    const agent = `Bearer ${await stack.tokenFor(AGENT)}`;
    const input = (DANA_VARIABLES.scheduleAppointment!.variables() as { input: object }).input;
    const visit = await stack.gatewayQuery<{ scheduleAppointment: { status: string } }>(
      SCHEDULE,
      {
        input: {
          ...input,
          customerId: PERSONA.priya,
          serviceOrderId: PERSONA_PROVISIONING.priyaServiceOrder,
          placeId: PERSONA_PLACE.priya,
          window: window(45),
        },
      },
      { authorization: agent },
    );
    expect(visit.errors).toBeUndefined();
    expect(visit.data?.scheduleAppointment.status).toBe('CONFIRMED');
    const order = (DANA_VARIABLES.placeOrder!.variables() as { input: object }).input;
    const placed = await stack.gatewayQuery<{ placeOrder: { place: { line1: string } } }>(
      PLACE_ORDER,
      { input: { ...order, customerId: PERSONA.sam, placeId: PERSONA_PLACE.sam } },
      { authorization: agent },
    );
    expect(placed.errors).toBeUndefined();
    expect(placed.data?.placeOrder.place.line1).toBe('21 Brick Lane');
  });

  const WITH_OWNED_IDS = [...new Set(CASES.map((c) => c.mutation))];
  it.each(WITH_OWNED_IDS)('%s: an agent may use the other customers’ ids', async (mutation) => {
    const agent = `Bearer ${await stack.tokenFor(AGENT)}`;
    let variables = DANA_VARIABLES[mutation]!.variables();
    for (const c of CASES.filter((each) => each.mutation === mutation)) {
      variables = withValueAt(variables, c.path, OTHER_CUSTOMERS_ID[c.name]!) as object;
    }
    expect(stateless(await send(mutation, variables, agent))).toEqual([]);
  });
});
