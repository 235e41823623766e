import { customerContext, codes } from '../harness/customerContext';
import { eventually } from '../harness/eventually';
import { subscribeOverWebSocket } from '../harness/liveClients';
import { startTestStack, type TestStack } from '../harness/startTestStack';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const LIVE = readFileSync(
  join(__dirname, '..', '..', 'schema', 'operations', 'LiveCustomerContext.graphql'),
  'utf8',
);

const SAM = 'cus-sam-okafor';

const ACTIVITY = /* GraphQL */ `
  query Activity($id: ID!) {
    customer(id: $id) {
      id
      recentAppActivity(first: 10) {
        function
        outcome
        stoppedAt
        path
        secondsInApp
        nextChannel
        handled
        session {
          id
        }
      }
    }
  }
`;

const MARK = /* GraphQL */ `
  mutation Mark($input: MarkAppAttemptHandledInput!) {
    markAppAttemptHandled(input: $input) {
      function
      outcome
      handled
      session {
        id
      }
    }
  }
`;

const OUTCOMES = /* GraphQL */ `
  query Outcomes($since: DateTime!, $until: DateTime!) {
    appFunctionOutcomes(since: $since, until: $until) {
      functions {
        function
        attempts
        successes
        failures
        abandonments
        medianSecondsToSuccess
      }
    }
  }
`;

describe('the mobile customer through the gateway (#22)', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack({ seedCustomers: 30, gatewayEnv: { CACHE: 'off' } });
  });
  afterAll(() => stack.stop());

  it("raises APP_ATTEMPT_FAILED for Sam's stopped plan change, naming function, screen and when", async () => {
    const sam = await customerContext(stack, 'APP_DEVICE', 'ios-7f3a9c21');
    expect(codes(sam)).toContain('APP_ATTEMPT_FAILED');
    const flag = sam.attention.find((f) => f.code === 'APP_ATTEMPT_FAILED')!;
    expect(flag.message).toMatch(
      /^Tried change plan in the app (1 hour|\d+ minutes) ago, stopped at confirm$/,
    );
    expect(flag.subject).toMatchObject({ __typename: 'AppSession', id: 'ses-sam-plan-change' });
  });

  it('lists what Sam tried, for staff and for Sam himself, and for no other customer', async () => {
    const staff = await stack.gatewayQuery<{
      customer: { recentAppActivity: Record<string, unknown>[] };
    }>(ACTIVITY, { id: SAM });
    expect(staff.errors).toBeUndefined();
    expect(staff.data!.customer.recentAppActivity[0]).toMatchObject({
      function: 'changePlan',
      session: { id: 'ses-sam-now' },
      outcome: 'IN_PROGRESS',
    });
    expect(staff.data!.customer.recentAppActivity[1]).toMatchObject({
      function: 'changePlan',
      outcome: 'ABANDONED',
      stoppedAt: 'plan-change/confirm',
      path: ['home', 'plan-change/choose', 'plan-change/confirm'],
      secondsInApp: 300,
      handled: false,
    });
    const samToken = await stack.tokenFor({ sub: SAM, role: 'customer', scopes: [] });
    const own = await stack.gatewayQuery<{ customer: { recentAppActivity: unknown[] } | null }>(
      ACTIVITY,
      { id: SAM },
      { authorization: `Bearer ${samToken}` },
    );
    expect(own.data?.customer?.recentAppActivity.length).toBeGreaterThan(1);
    const dana = await stack.tokenFor({ sub: 'cus-dana-reyes', role: 'customer', scopes: [] });
    const other = await stack.gatewayQuery<{ customer: unknown }>(
      ACTIVITY,
      { id: SAM },
      { authorization: `Bearer ${dana}` },
    );
    expect(other.data?.customer ?? null).toBeNull();
  });

  it('clears the flag when a rep marks it handled: staff only, idempotent, another customer FORBIDDEN', async () => {
    expect(codes(await customerContext(stack, 'APP_DEVICE', 'ios-7f3a9c21'))).toContain(
      'APP_ATTEMPT_FAILED',
    );
    const input = { customerId: SAM, sessionId: 'ses-sam-plan-change', function: 'changePlan' };
    const samToken = await stack.tokenFor({ sub: SAM, role: 'customer', scopes: [] });
    const bySam = await stack.gatewayQuery(
      MARK,
      { input },
      { authorization: `Bearer ${samToken}` },
    );
    expect(bySam.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const wrong = await stack.gatewayQuery(MARK, {
      input: { ...input, customerId: 'cus-dana-reyes' },
    });
    const unknown = await stack.gatewayQuery(MARK, {
      input: { ...input, sessionId: 'ses-nobody' },
    });
    expect(wrong.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    expect(wrong.errors?.[0]?.message).toBe(unknown.errors?.[0]?.message);
    const first = await stack.gatewayQuery(MARK, { input });
    expect(first.errors).toBeUndefined();
    expect(first.data).toMatchObject({
      markAppAttemptHandled: { handled: true, outcome: 'ABANDONED' },
    });
    const again = await stack.gatewayQuery(MARK, { input });
    expect(again.data).toEqual(first.data);
    const [row] = await stack.database.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM engagement.outbox WHERE event_type = 'app.attempt_handled' AND actor = 'agt-care-jordan'`,
    );
    expect(row!.n).toBe(1);
    const sam = await customerContext(stack, 'APP_DEVICE', 'ios-7f3a9c21');
    expect(codes(sam)).not.toContain('APP_ATTEMPT_FAILED');
  });

  it('keeps staff without cx:read and every customer out of the outcome figures', async () => {
    const vars = { since: '2026-01-01T00:00:00Z', until: '2026-03-01T00:00:00Z' };
    const samToken = await stack.tokenFor({ sub: SAM, role: 'customer', scopes: ['cx:read'] });
    for (const authorization of [`Bearer ${samToken}`, '']) {
      const res = await stack.gatewayQuery(OUTCOMES, vars, { authorization });
      expect(res.data?.appFunctionOutcomes ?? null).toBeNull();
      expect(res.errors?.length).toBeGreaterThan(0);
    }
    const plain = await stack.gatewayQuery(OUTCOMES, vars);
    expect(plain.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const owner = await stack.tokenFor({ sub: 'agt-cx-ana', role: 'agent', scopes: ['cx:read'] });
    const ok = await stack.gatewayQuery(OUTCOMES, vars, { authorization: `Bearer ${owner}` });
    expect(ok.errors).toBeUndefined();
    const bad = await stack.gatewayQuery(
      OUTCOMES,
      { since: vars.until, until: vars.since },
      { authorization: `Bearer ${owner}` },
    );
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const long = await stack.gatewayQuery(
      OUTCOMES,
      { since: '2024-01-01T00:00:00Z', until: '2026-01-01T00:00:00Z' },
      { authorization: `Bearer ${owner}` },
    );
    expect(long.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('links a contact opened after a failed attempt through the event stream', async () => {
    const startedId = 'evt-test-contact-1';
    await stack.bus.publish([
      {
        id: startedId,
        customerId: 'cus-sam-okafor',
        type: 'interaction.recorded',
        subject: { typename: 'Interaction', id: 'int-sam-app-escalation' },
        summary: 'test',
        channel: 'WEBSITE',
        actor: 'customer',
        payload: { direction: 'INBOUND' },
        occurredAt: new Date().toISOString(),
        source: 'support',
      },
    ]);
    await eventually(async () => {
      const res = await stack.gatewayQuery<{
        interaction: { afterAppAttempt: { session: { id: string } } | null };
      }>(/* GraphQL */ `
        query {
          interaction(id: "int-sam-app-escalation") {
            id
            afterAppAttempt {
              function
              session {
                id
              }
            }
          }
        }
      `);
      expect(res.errors).toBeUndefined();
      expect(res.data!.interaction.afterAppAttempt?.session.id).toBe('ses-sam-plan-change');
    });
  });

  it("links Sam's seeded website contact to the plan change that failed in the app the evening before", async () => {
    // Seeded story: the confirm failed in the app at 20:37 two days ago; he resumed on
    // the website at 20:00 yesterday (support's interaction, reaching engagement as an
    // event), inside the 24 h window.
    await eventually(async () => {
      const res = await stack.gatewayQuery<{
        interaction: {
          channel: string;
          afterAppAttempt: { function: string; outcome: string; session: { id: string } } | null;
        };
      }>(/* GraphQL */ `
        query {
          interaction(id: "int-sam-website-resume") {
            channel
            afterAppAttempt {
              function
              outcome
              session {
                id
              }
            }
          }
        }
      `);
      expect(res.errors).toBeUndefined();
      expect(res.data!.interaction).toEqual({
        channel: 'WEBSITE',
        afterAppAttempt: {
          function: 'changePlan',
          outcome: 'FAILED',
          session: { id: 'ses-sam-earlier' },
        },
      });
    });
    const staff = await stack.gatewayQuery<{
      customer: { recentAppActivity: { session: { id: string }; nextChannel: string | null }[] };
    }>(ACTIVITY, { id: SAM });
    const earlier = staff.data!.customer.recentAppActivity.find(
      (a) => a.session.id === 'ses-sam-earlier',
    );
    expect(earlier?.nextChannel).toBe('WEBSITE');
  });

  it('shows failure demand in the seeded generated customers (sessions just before their contacts)', async () => {
    const owner = await stack.tokenFor({ sub: 'agt-cx-ana', role: 'agent', scopes: ['cx:read'] });
    await eventually(async () => {
      const res = await stack.gatewayQuery<{
        appFunctionOutcomes: {
          functions: {
            function: string;
            failures: number;
            abandonments: number;
            followedByContact: number;
            failureDemand: number | null;
          }[];
        };
      }>(
        /* GraphQL */ `
          query Demand($since: DateTime!, $until: DateTime!) {
            appFunctionOutcomes(since: $since, until: $until) {
              functions {
                function
                failures
                abandonments
                followedByContact
                failureDemand
              }
            }
          }
        `,
        { since: '2024-05-01T00:00:00Z', until: '2024-07-01T00:00:00Z' },
        { authorization: `Bearer ${owner}` },
      );
      expect(res.errors).toBeUndefined();
      const functions = res.data!.appFunctionOutcomes.functions;
      const withDemand = functions.filter((f) => (f.failureDemand ?? 0) > 0);
      expect(withDemand.length).toBeGreaterThan(0);
      for (const f of withDemand)
        expect(f.failureDemand).toBeCloseTo(f.followedByContact / (f.failures + f.abandonments));
    });
  });

  it('judges the window and words the time at read time (injectable instant)', async () => {
    const [visit] = await stack.database.db.query<{ at: Date }>(
      `SELECT at FROM engagement.screen_visit WHERE session_id = 'ses-sam-plan-change' AND seq = 3`,
    );
    const at = (ms: number) => new Date(visit!.at.getTime() + ms).toISOString();
    const flagsAt = async (instant: string) => {
      const res = await stack.query<{
        _entities: { engagementAttention: { message: string }[] }[];
      }>(
        'engagement',
        /* GraphQL */ `query ($at: DateTime) { _entities(representations: [{ __typename: "Customer", id: "${SAM}" }]) { ... on Customer { engagementAttention(at: $at) { message } } } }`,
        { at: instant },
      );
      expect(res.errors).toBeUndefined();
      return res.data!._entities[0]!.engagementAttention.map((f) => f.message);
    };
    // Handled by now (test above): the rule at an instant before the handling still
    // shows what was handled as handled, so judge Sam's older failure instead.
    const [older] = await stack.database.db.query<{ at: Date }>(
      `SELECT at FROM engagement.screen_visit WHERE session_id = 'ses-sam-earlier' AND seq = 3`,
    );
    const olderAt = (ms: number) => new Date(older!.at.getTime() + ms).toISOString();
    expect(await flagsAt(olderAt(12 * 60_000))).toEqual([
      'Tried change plan in the app 12 minutes ago, it failed at confirm',
    ]);
    expect(await flagsAt(olderAt(23 * 3_600_000))).toEqual([
      'Tried change plan in the app 23 hours ago, it failed at confirm',
    ]);
    expect(await flagsAt(olderAt(25 * 3_600_000))).toEqual([]);
    expect(await flagsAt(at(60_000))).toEqual([]);
  });

  it('shows the flag live when a function fails and clears it live when it later succeeds', async () => {
    const agent = await stack.tokenFor({
      sub: 'agt-care-jordan',
      role: 'agent',
      scopes: ['pii:read'],
    });
    const samToken = await stack.tokenFor({ sub: SAM, role: 'customer', scopes: [] });
    const asSam = (query: string, variables: Record<string, unknown>) =>
      stack.gatewayQuery<Record<string, { id?: string }>>(query, variables, {
        authorization: `Bearer ${samToken}`,
      });
    const live = subscribeOverWebSocket<{
      customerContext: { attention: { code: string; message: string }[] };
    }>(stack.gateway.url, agent, LIVE, { id: SAM });
    const failed = (r: {
      data?: { customerContext: { attention: { code: string; message: string }[] } } | null;
    }) => (r.data?.customerContext.attention ?? []).filter((f) => f.code === 'APP_ATTEMPT_FAILED');
    try {
      await live.next((r) => Boolean(r.data) && failed(r).length === 0);
      const started = await asSam(
        /* GraphQL */ `
          mutation ($input: StartAppSessionInput!) {
            startAppSession(input: $input) {
              id
            }
          }
        `,
        {
          input: {
            idempotencyKey: 'live-1',
            customerId: SAM,
            deviceId: 'dev-sam-iphone',
            platform: 'IOS',
          },
        },
      );
      const sessionId = started.data!['startAppSession']!.id!;
      const screen = (succeeded: boolean) =>
        asSam(
          /* GraphQL */ `
            mutation ($id: ID!, $ok: Boolean) {
              recordScreen(
                sessionId: $id
                screen: "bills/pay"
                function: "payBill"
                succeeded: $ok
              ) {
                position
              }
            }
          `,
          { id: sessionId, ok: succeeded },
        );
      expect((await screen(false)).errors).toBeUndefined();
      const shown = await live.next((r) => failed(r).length === 1);
      expect(failed(shown)[0]!.message).toMatch(
        /^Tried pay bill in the app (just now|1 minute ago), it failed at pay$/,
      );
      expect((await screen(true)).errors).toBeUndefined();
      await live.next((r) => Boolean(r.data) && failed(r).length === 0);
    } finally {
      await live.close();
    }
  });

  it('links a case opened on another channel, from support events, and ignores a repeat', async () => {
    const started = await stack.gatewayQuery<{ startConversation: { id: string } }>(
      /* GraphQL */ `
        mutation ($input: StartConversationInput!) {
          startConversation(input: $input) {
            id
          }
        }
      `,
      {
        input: {
          idempotencyKey: 'case-link-1',
          customerId: SAM,
          channel: 'PHONE',
          topic: 'plan-change',
        },
      },
    );
    expect(started.errors).toBeUndefined();
    const escalated = await stack.gatewayQuery<{ escalateToAgent: { id: string } }>(
      /* GraphQL */ `
        mutation ($input: EscalateToAgentInput!) {
          escalateToAgent(input: $input) {
            id
          }
        }
      `,
      {
        input: {
          idempotencyKey: 'case-link-1',
          conversationId: started.data!.startConversation.id,
          appContext: { screen: 'plan-change/confirm' },
        },
      },
    );
    expect(escalated.errors).toBeUndefined();
    const caseId = escalated.data!.escalateToAgent.id;
    await stack.flushOutboxes();
    const linked = async () => {
      const res = await stack.gatewayQuery<{
        case: { afterAppAttempt: { function: string; session: { id: string } } | null };
      }>(
        /* GraphQL */ `
          query ($id: ID!) {
            case(id: $id) {
              id
              afterAppAttempt {
                function
                session {
                  id
                }
              }
            }
          }
        `,
        { id: caseId },
      );
      expect(res.errors).toBeUndefined();
      return res.data!.case.afterAppAttempt;
    };
    await eventually(async () =>
      expect(await linked()).toMatchObject({
        function: 'changePlan',
        session: { id: 'ses-sam-plan-change' },
      }),
    );
    const [event] = await stack.database.db.query<{ id: string }>(
      `SELECT id FROM support.outbox WHERE event_type = 'case.opened' AND subject_id = $1`,
      [caseId],
    );
    const row = await stack.database.db.query(
      `SELECT * FROM engagement.customer_contact WHERE event_id = $1`,
      [event!.id],
    );
    expect(row).toHaveLength(1);
    // Dana may not see Sam's attempt through his case.
    const dana = await stack.tokenFor({ sub: 'cus-dana-reyes', role: 'customer', scopes: [] });
    const hidden = await stack.gatewayQuery<{ case: { afterAppAttempt: unknown } | null }>(
      /* GraphQL */ `
        query ($id: ID!) {
          case(id: $id) {
            afterAppAttempt {
              function
            }
          }
        }
      `,
      { id: caseId },
      { authorization: `Bearer ${dana}` },
    );
    expect(hidden.data?.case?.afterAppAttempt ?? null).toBeNull();
  });

  it('gives a customer token none of the figures, by any path', async () => {
    const samToken = await stack.tokenFor({ sub: SAM, role: 'customer', scopes: ['cx:read'] });
    const vars = { s: '2026-01-01T00:00:00Z', u: '2026-02-01T00:00:00Z' };
    const paths = [
      `query ($s: DateTime!, $u: DateTime!) { appFunctionOutcomes(since: $s, until: $u) { functions { function attempts } } }`,
      `query ($s: DateTime!, $u: DateTime!) { x: appFunctionOutcomes(since: $s, until: $u) { days { day } } }`,
      `query ($s: DateTime!, $u: DateTime!) { ...F } fragment F on Query { appFunctionOutcomes(since: $s, until: $u) { functions { attempts } } }`,
      `query ($s: DateTime!, $u: DateTime!) { ... on Query { appFunctionOutcomes(since: $s, until: $u) { functions { failureDemand } } } }`,
      `query ($s: DateTime!, $u: DateTime!) { customer(id: "${SAM}") { id } appFunctionOutcomes(since: $s, until: $u) { functions { attempts } } }`,
    ];
    for (const query of paths) {
      const res = await stack.gatewayQuery<Record<string, unknown>>(query, vars, {
        authorization: `Bearer ${samToken}`,
      });
      expect(JSON.stringify(res.data ?? {})).not.toMatch(/attempts|functions|days/);
      expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    // The subgraph refuses too, should anything reach it without the gateway's policy.
    const direct = await stack.query('engagement', paths[0]!, vars, {
      sub: SAM,
      role: 'customer',
      scopes: ['cx:read'],
    });
    expect(direct.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(direct.data ?? null).toBeNull();
    const subscription = await stack.gatewayQuery(
      `subscription ($s: DateTime!, $u: DateTime!) { appFunctionOutcomes(since: $s, until: $u) { functions { attempts } } }`,
      vars,
      { authorization: `Bearer ${samToken}` },
    );
    expect(subscription.data ?? null).toBeNull();
  });
});
