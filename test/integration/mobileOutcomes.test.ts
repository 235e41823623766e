import { customerContext, codes } from '../harness/customerContext';
import { eventually } from '../harness/eventually';
import { startTestStack, type TestStack } from '../harness/startTestStack';

const SAM = 'cus-sam-okafor';

const ACTIVITY = /* GraphQL */ `
  query Activity($id: ID!) {
    customer(id: $id) {
      id
      recentAppActivity(first: 10) {
        function outcome stoppedAt path secondsInApp nextChannel handled session { id }
      }
    }
  }
`;

const MARK = /* GraphQL */ `
  mutation Mark($input: MarkAppAttemptHandledInput!) {
    markAppAttemptHandled(input: $input) { function outcome handled session { id } }
  }
`;

const OUTCOMES = /* GraphQL */ `
  query Outcomes($since: DateTime!, $until: DateTime!) {
    appFunctionOutcomes(since: $since, until: $until) {
      functions { function attempts successes failures abandonments medianSecondsToSuccess }
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
    expect(flag.message).toMatch(/^Tried change plan in the app (1 hour|\d+ minutes) ago, stopped at confirm$/);
    expect(flag.subject).toMatchObject({ __typename: 'AppSession', id: 'ses-sam-plan-change' });
  });

  it('lists what Sam tried, for staff and for Sam himself, and for no other customer', async () => {
    const staff = await stack.gatewayQuery<{ customer: { recentAppActivity: Record<string, unknown>[] } }>(ACTIVITY, { id: SAM });
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
    const own = await stack.gatewayQuery<{ customer: { recentAppActivity: unknown[] } | null }>(ACTIVITY, { id: SAM }, { authorization: `Bearer ${samToken}` });
    expect(own.data?.customer?.recentAppActivity.length).toBeGreaterThan(1);
    const dana = await stack.tokenFor({ sub: 'cus-dana-reyes', role: 'customer', scopes: [] });
    const other = await stack.gatewayQuery<{ customer: unknown }>(ACTIVITY, { id: SAM }, { authorization: `Bearer ${dana}` });
    expect(other.data?.customer ?? null).toBeNull();
  });

  it('clears the flag when a rep marks it handled: staff only, idempotent, another customer FORBIDDEN', async () => {
    const input = { customerId: SAM, sessionId: 'ses-sam-plan-change', function: 'changePlan' };
    const samToken = await stack.tokenFor({ sub: SAM, role: 'customer', scopes: [] });
    const bySam = await stack.gatewayQuery(MARK, { input }, { authorization: `Bearer ${samToken}` });
    expect(bySam.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const wrong = await stack.gatewayQuery(MARK, { input: { ...input, customerId: 'cus-dana-reyes' } });
    const unknown = await stack.gatewayQuery(MARK, { input: { ...input, sessionId: 'ses-nobody' } });
    expect(wrong.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    expect(wrong.errors?.[0]?.message).toBe(unknown.errors?.[0]?.message);
    const first = await stack.gatewayQuery(MARK, { input });
    expect(first.errors).toBeUndefined();
    expect(first.data).toMatchObject({ markAppAttemptHandled: { handled: true, outcome: 'ABANDONED' } });
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
    const bad = await stack.gatewayQuery(OUTCOMES, { since: vars.until, until: vars.since }, { authorization: `Bearer ${owner}` });
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const long = await stack.gatewayQuery(OUTCOMES, { since: '2024-01-01T00:00:00Z', until: '2026-01-01T00:00:00Z' }, { authorization: `Bearer ${owner}` });
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
      const res = await stack.gatewayQuery<{ interaction: { afterAppAttempt: { session: { id: string } } | null } }>(
        /* GraphQL */ `query { interaction(id: "int-sam-app-escalation") { id afterAppAttempt { function session { id } } } }`,
      );
      expect(res.errors).toBeUndefined();
      expect(res.data!.interaction.afterAppAttempt?.session.id).toBe('ses-sam-plan-change');
    });
  });
});
