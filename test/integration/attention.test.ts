import { codes, customerContext } from '../harness/customerContext';
import { startTestStack, type TestStack } from '../harness/startTestStack';

/** Sends a mutation through the gateway as Morgan, the sales rep, and fails loudly on any error. */
async function mutate(
  stack: TestStack,
  query: string,
  variables: Record<string, unknown>,
): Promise<void> {
  const morgan = await stack.tokenFor({
    sub: 'agt-sales-morgan',
    role: 'agent',
    team: 'sales',
    scopes: ['pii:read'],
  });
  const result = await stack.gatewayQuery(query, variables, { authorization: `Bearer ${morgan}` });
  if (result.errors) throw new Error(JSON.stringify(result.errors));
}

describe('attention flags through the gateway, from the personas of DOMAIN.md', () => {
  let stack: TestStack;
  beforeAll(async () => {
    // One step below fixes data with SQL behind the subgraphs' back (there is no API to
    // activate a service): no domain event, so no cache could know. Flags are the subject
    // here; caching has its own suites (liveContext, cacheContract).
    stack = await startTestStack({ seedCustomers: 10, gatewayEnv: { CACHE: 'off' } });
  });
  afterAll(() => stack.stop());

  it("shows Dana's day four: wrong technician, wrong delivery, held order, deflected on social, unread notes", async () => {
    const dana = await customerContext(stack, 'PHONE', '(415) 555-0134');
    expect(codes(dana)).toEqual([
      'CHANNEL_CANNOT_COMPLETE',
      'INCOMPATIBLE_DELIVERY',
      'OPEN_CASE_ON_ACTIVE_ORDER',
      'ORDER_IN_JEOPARDY',
      'ORDER_IN_JEOPARDY',
      'REPEAT_CONTACT',
      'SKILL_MISMATCH',
      'UNREAD_NOTES',
    ]);
    const skill = dana.attention.find((flag) => flag.code === 'SKILL_MISMATCH')!;
    expect(skill.subject).toMatchObject({ __typename: 'Appointment', id: 'apt-dana-second-visit' });
    expect(skill.message).toMatch(/REWIRING.*Ava Kim/);
    expect(dana.attention.find((flag) => flag.code === 'UNREAD_NOTES')!.message).toMatch(
      /Morgan Price/,
    );
    expect(dana.cases[0]!.latestHandoff!.summary).toMatch(/streaming/);
  });

  it("shows Sam's plan change, resumable at step 3, and the app context the agent sees", async () => {
    const sam = await customerContext(stack, 'APP_DEVICE', 'ios-7f3a9c21');
    expect(codes(sam)).toEqual([
      'APP_ATTEMPT_FAILED',
      'CONTACT_RESTRICTED',
      'RESUMABLE_CONVERSATION',
    ]);
    expect(sam.resumableConversations).toEqual([
      expect.objectContaining({
        id: 'conv-sam-plan-change',
        currentStep: 3,
        lastChannel: 'WEBSITE',
      }),
    ]);
    expect(sam.cases[0]!.appContext).toMatchObject({ screen: 'plan-change/confirm', step: 3 });
  });

  it("shows Priya's slower line, repeat contacts and the case on her order in flight", async () => {
    const priya = await customerContext(stack, 'EMAIL', 'PRIYA.NAIR@example.com');
    expect(codes(priya)).toEqual(
      expect.arrayContaining([
        'DELIVERED_BELOW_ORDERED',
        'OPEN_CASE_ON_ACTIVE_ORDER',
        'REPEAT_CONTACT',
      ]),
    );
    expect(priya.attention[0]).toMatchObject({
      code: 'DELIVERED_BELOW_ORDERED',
      severity: 'CRITICAL',
    });
    expect(priya.attention.find((f) => f.code === 'REPEAT_CONTACT')!.message).toMatch(
      /^3 contacts in 5 days/,
    );
  });

  it("shows Lee's contact restrictions", async () => {
    const lee = await customerContext(stack, 'PHONE', '+61 2 5550 1234');
    expect(new Set(codes(lee))).toEqual(new Set(['CONTACT_RESTRICTED']));
    expect(lee.attention.map((f) => f.message).join(' ')).toMatch(/No marketing consent/);
    expect(lee.attention.map((f) => f.message).join(' ')).toMatch(
      /Quiet hours 21:00–08:00 Australia\/Sydney/,
    );
  });

  it('clears each flag when the data under it is fixed, through the API', async () => {
    // Dana: the rewiring specialist takes the visit; the order is replaced by streaming;
    // the sales rep opens her record.
    await mutate(
      stack,
      /* GraphQL */ `
        mutation ($input: AssignTechnicianInput!) {
          assignTechnician(input: $input) {
            id
          }
        }
      `,
      {
        input: {
          appointmentId: 'apt-dana-second-visit',
          technicianId: 'tec-rewiring-ben',
        },
      },
    );
    await mutate(
      stack,
      /* GraphQL */ `
        mutation ($input: ReplaceOrderInput!) {
          replaceOrder(input: $input) {
            id
          }
        }
      `,
      {
        input: {
          idempotencyKey: 'dana-replace-1',
          orderId: 'ord-dana-move',
          channel: 'PHONE',
          reason: 'Streaming package avoids the rewiring',
          items: [
            { offeringId: 'off-internet-300', quantity: 1, deliveryMethod: 'TECHNICIAN_INSTALL' },
            { offeringId: 'off-tv-streaming', quantity: 1, deliveryMethod: 'STREAMING' },
          ],
        },
      },
    );
    await mutate(
      stack,
      /* GraphQL */ `
        mutation ($input: RecordCustomerViewInput!) {
          recordCustomerView(input: $input) {
            viewedAt
          }
        }
      `,
      {
        input: { customerId: 'cus-dana-reyes', agentId: 'agt-sales-morgan' },
      },
    );
    const dana = await customerContext(stack, 'PHONE', '(415) 555-0134');
    // What stays is true: the service order is still held, and she did contact twice.
    expect(codes(dana)).toEqual(['ORDER_IN_JEOPARDY', 'REPEAT_CONTACT']);
    expect(dana.attention.find((f) => f.code === 'ORDER_IN_JEOPARDY')!.subject!.__typename).toBe(
      'ServiceOrder',
    );

    // Sam resumes his plan change on the website.
    await mutate(
      stack,
      /* GraphQL */ `
        mutation ($input: ResumeConversationInput!) {
          resumeConversation(input: $input) {
            id
          }
        }
      `,
      {
        input: { conversationId: 'conv-sam-plan-change', channel: 'WEBSITE' },
      },
    );
    // The rep who helped him records that the stopped app attempt was dealt with.
    await mutate(
      stack,
      /* GraphQL */ `
        mutation ($input: MarkAppAttemptHandledInput!) {
          markAppAttemptHandled(input: $input) {
            handled
          }
        }
      `,
      {
        input: {
          customerId: 'cus-sam-okafor',
          sessionId: 'ses-sam-plan-change',
          function: 'changePlan',
        },
      },
    );
    expect(codes(await customerContext(stack, 'APP_DEVICE', 'ios-7f3a9c21'))).toEqual([
      'CONTACT_RESTRICTED',
    ]);

    // Lee grants marketing consent and lifts her quiet hours.
    await mutate(
      stack,
      /* GraphQL */ `
        mutation ($input: UpdateConsentInput!) {
          updateConsent(input: $input) {
            id
          }
        }
      `,
      {
        input: {
          customerId: 'cus-lee-chen',
          purpose: 'MARKETING',
          granted: true,
          channels: ['SMS'],
        },
      },
    );
    await mutate(
      stack,
      /* GraphQL */ `
        mutation ($input: UpdatePreferencesInput!) {
          updatePreferences(input: $input) {
            id
          }
        }
      `,
      {
        input: {
          customerId: 'cus-lee-chen',
          preferredChannel: 'SMS',
          language: 'en-AU',
          quietHours: null,
        },
      },
    );
    expect(codes(await customerContext(stack, 'PHONE', '+61 2 5550 1234'))).toEqual([]);

    // Priya: provisioning activates the tier she ordered (the owner's data is fixed).
    await stack.database.db.query(
      `UPDATE provisioning.service SET offering_id = 'off-internet-1000' WHERE id = 'svc-priya-internet'`,
    );
    expect(codes(await customerContext(stack, 'EMAIL', 'priya.nair@example.com'))).not.toContain(
      'DELIVERED_BELOW_ORDERED',
    );
  });
});
