import { supportSubgraph } from '../../../subgraphs/support/src';
import { markIdleConversations } from '../../../subgraphs/support/src/modules/conversations/idleConversations';
import { PERSONA, PERSONA_SUPPORT } from '../../../subgraphs/shared/seedIds';
import { startTestSubgraphs, type TestSubgraphs } from '../../harness/startTestSubgraphs';
import { testEngines } from '../../harness/testDatabase';
import { counts, delta, eventsAbout, expectRejected, send } from './mutationsSupport';

interface Conversation {
  id: string;
  status: string;
  topic: string;
  startedOn: string;
  lastChannel: string;
  currentStep: number;
  totalSteps: number | null;
  stepName: string | null;
  customer: { id: string };
  steps: { step: number; name: string; channel: string; data: { name: string; value: string }[] }[];
}

const CONV = `id status topic startedOn lastChannel currentStep totalSteps stepName customer { id }
  steps { step name channel data { name value } }`;
const START = `mutation ($input: StartConversationInput!) { startConversation(input: $input) { ${CONV} } }`;
const STEP = `mutation ($input: RecordStepInput!) { recordStep(input: $input) { ${CONV} } }`;
const PAUSE = `mutation ($id: ID!) { pauseConversation(conversationId: $id) { ${CONV} } }`;
const RESUME = `mutation ($input: ResumeConversationInput!) { resumeConversation(input: $input) { ${CONV} } }`;
const CLOSE = `mutation ($id: ID!) { closeConversation(conversationId: $id) { ${CONV} } }`;
const ESCALATE = `mutation ($input: EscalateToAgentInput!) { escalateToAgent(input: $input) {
  id status team channel title assignedTo { id } customer { id } statusHistory { status reason }
  appContext { screen step action entities fields { name value } }
  conversation { id currentStep steps { step name channel data { name value } } } } }`;

const startInput = (key: string, overrides: Record<string, unknown> = {}) => ({
  idempotencyKey: key,
  customerId: PERSONA.sam,
  channel: 'MOBILE_APP',
  topic: 'plan-change',
  totalSteps: 3,
  stepName: 'choose-plan',
  context: [{ name: 'newPlan', value: 'off-mobile-plus' }],
  ...overrides,
});

describe.each(testEngines())('support conversation mutations on %s', (engine) => {
  let stack: TestSubgraphs;
  beforeAll(async () => {
    stack = await startTestSubgraphs([supportSubgraph], { engine, seedCustomers: 5 });
  });
  afterAll(() => stack.stop());

  const start = async (key: string, overrides: Record<string, unknown> = {}) => {
    const result = await send<{ startConversation: Conversation }>(stack, START, {
      input: startInput(key, overrides),
    });
    expect(result.errors).toBeUndefined();
    return result.data!.startConversation;
  };

  it('starts an ACTIVE conversation at step 1 with one conversation.started event', async () => {
    const before = await counts(stack);
    const conv = await start('start-ok');
    expect(conv).toMatchObject({
      status: 'ACTIVE',
      topic: 'plan-change',
      startedOn: 'MOBILE_APP',
      lastChannel: 'MOBILE_APP',
      currentStep: 1,
      totalSteps: 3,
      stepName: 'choose-plan',
      customer: { id: PERSONA.sam },
      steps: [
        {
          step: 1,
          name: 'choose-plan',
          channel: 'MOBILE_APP',
          data: [{ name: 'newPlan', value: 'off-mobile-plus' }],
        },
      ],
    });
    expect(conv.id).toMatch(/^conv-/);
    expect(delta(before, await counts(stack))).toEqual({
      conversation: 1,
      conversation_step: 1,
      outbox: 1,
      idempotency: 1,
    });
    expect(await eventsAbout(stack, conv.id)).toEqual([
      {
        customer_id: PERSONA.sam,
        event_type: 'conversation.started',
        subject_type: 'Conversation',
        subject_id: conv.id,
        summary: 'Conversation "plan-change" started in the mobile app',
        channel: 'MOBILE_APP',
        actor: 'customer',
      },
    ]);
  });

  it('replays startConversation with the same key: same conversation, nothing written', async () => {
    const first = await start('start-replay');
    const before = await counts(stack);
    const again = await start('start-replay');
    expect(again).toEqual(first);
    expect(await counts(stack)).toEqual(before);
  });

  it('rejects a reused key with different input, and bad input, writing nothing', async () => {
    await start('start-reuse');
    await expectRejected(
      stack,
      START,
      { input: startInput('start-reuse', { topic: 'other' }) },
      'IDEMPOTENCY_KEY_REUSED',
    );
    await expectRejected(
      stack,
      START,
      { input: startInput('start-blank', { topic: ' ' }) },
      'BAD_USER_INPUT',
      /topic/,
    );
    await expectRejected(
      stack,
      START,
      { input: startInput('start-zero', { totalSteps: 0 }) },
      'BAD_USER_INPUT',
      /totalSteps/,
    );
    await expectRejected(
      stack,
      START,
      { input: startInput('', {}) },
      'BAD_USER_INPUT',
      /idempotencyKey/,
    );
  });

  it('starts on MOBILE_APP, pauses, and resumes on WEBSITE at the same step with its data', async () => {
    const conv = await start('journey');
    const step2 = await send<{ recordStep: Conversation }>(stack, STEP, {
      input: {
        conversationId: conv.id,
        step: 2,
        name: 'review-plan',
        channel: 'MOBILE_APP',
        data: [{ name: 'contract', value: '24m' }],
      },
    });
    expect(step2.errors).toBeUndefined();
    expect(step2.data?.recordStep).toMatchObject({ currentStep: 2, stepName: 'review-plan' });
    const paused = await send<{ pauseConversation: Conversation }>(stack, PAUSE, { id: conv.id });
    expect(paused.data?.pauseConversation).toMatchObject({ status: 'INACTIVE', currentStep: 2 });
    const before = await counts(stack);
    const resumed = await send<{ resumeConversation: Conversation }>(stack, RESUME, {
      input: { conversationId: conv.id, channel: 'WEBSITE' },
    });
    expect(resumed.errors).toBeUndefined();
    expect(resumed.data?.resumeConversation).toEqual({
      ...conv,
      status: 'ACTIVE',
      startedOn: 'MOBILE_APP',
      lastChannel: 'WEBSITE',
      currentStep: 2,
      stepName: 'review-plan',
      steps: [
        conv.steps[0],
        {
          step: 2,
          name: 'review-plan',
          channel: 'MOBILE_APP',
          data: [{ name: 'contract', value: '24m' }],
        },
      ],
    });
    expect(delta(before, await counts(stack))).toEqual({ outbox: 1 });
    const events = await eventsAbout(stack, conv.id);
    expect(events.map((e) => e.event_type)).toEqual([
      'conversation.started',
      'conversation.step_recorded',
      'conversation.paused',
      'conversation.resumed',
    ]);
    expect(events[3]).toMatchObject({
      channel: 'WEBSITE',
      summary:
        'Conversation "plan-change" resumed on the website at step 2 (started in the mobile app)',
    });
  });

  it('replaces the current step, rejects skipped steps, and rejects steps past the flow', async () => {
    const conv = await start('steps');
    const replaced = await send<{ recordStep: Conversation }>(stack, STEP, {
      input: {
        conversationId: conv.id,
        step: 1,
        name: 'choose-plan',
        channel: 'WEBSITE',
        data: [{ name: 'newPlan', value: 'off-mobile-basic' }],
      },
    });
    expect(replaced.data?.recordStep.steps).toEqual([
      {
        step: 1,
        name: 'choose-plan',
        channel: 'WEBSITE',
        data: [{ name: 'newPlan', value: 'off-mobile-basic' }],
      },
    ]);
    const skip = { conversationId: conv.id, step: 3, name: 'confirm', channel: 'WEBSITE' };
    await expectRejected(
      stack,
      STEP,
      { input: skip },
      'INVALID_STATE_TRANSITION',
      /at step 1; step must be 1 \(replace\) or 2/,
    );
    await expectRejected(
      stack,
      STEP,
      { input: { ...skip, conversationId: 'conv-nope', step: 1 } },
      'NOT_FOUND',
    );
    await expectRejected(
      stack,
      STEP,
      { input: { ...skip, step: 2, name: '' } },
      'BAD_USER_INPUT',
      /name/,
    );
    const short = await start('steps-short', { totalSteps: 1 });
    await expectRejected(
      stack,
      STEP,
      { input: { ...skip, conversationId: short.id, step: 2 } },
      'BAD_USER_INPUT',
      /past the flow's 1 steps/,
    );
  });

  it('rejects pausing an INACTIVE conversation and anything on a CLOSED one', async () => {
    await expectRejected(
      stack,
      PAUSE,
      { id: PERSONA_SUPPORT.samConversation },
      'INVALID_STATE_TRANSITION',
      /INACTIVE/,
    );
    await expectRejected(stack, PAUSE, { id: 'conv-nope' }, 'NOT_FOUND');
    const conv = await start('closing');
    const closed = await send<{ closeConversation: Conversation }>(stack, CLOSE, { id: conv.id });
    expect(closed.data?.closeConversation.status).toBe('CLOSED');
    expect((await eventsAbout(stack, conv.id)).map((e) => e.event_type)).toEqual([
      'conversation.started',
      'conversation.closed',
    ]);
    await expectRejected(
      stack,
      RESUME,
      { input: { conversationId: conv.id, channel: 'WEBSITE' } },
      'INVALID_STATE_TRANSITION',
      /CLOSED/,
    );
    await expectRejected(stack, CLOSE, { id: conv.id }, 'INVALID_STATE_TRANSITION');
    await expectRejected(
      stack,
      STEP,
      { input: { conversationId: conv.id, step: 2, name: 'x', channel: 'WEBSITE' } },
      'INVALID_STATE_TRANSITION',
    );
  });

  it('marks conversations idle for longer than the threshold INACTIVE with a paused event', async () => {
    const stale = await start('idle-stale');
    const freshConv = await start('idle-fresh');
    await stack.database.db.query(
      `UPDATE support.conversation SET last_activity_at = now() - interval '31 minutes' WHERE id = $1`,
      [stale.id],
    );
    const paused = await markIdleConversations(stack.database.db, 30 * 60_000);
    expect(paused).toEqual([stale.id]);
    const read = await stack.query<{ a: { status: string }; b: { status: string } }>(
      'support',
      `{ a: conversation(id: "${stale.id}") { status } b: conversation(id: "${freshConv.id}") { status } }`,
    );
    expect(read.data).toEqual({ a: { status: 'INACTIVE' }, b: { status: 'ACTIVE' } });
    const events = await eventsAbout(stack, stale.id);
    expect(events[1]).toMatchObject({ event_type: 'conversation.paused', actor: 'system' });
    expect(await markIdleConversations(stack.database.db, 30 * 60_000)).toEqual([]);
  });

  describe('escalateToAgent', () => {
    const appContext = {
      screen: 'plan-change/confirm',
      step: 2,
      action: 'request-agent',
      entities: ['off-mobile-plus'],
      fields: [{ name: 'newPlan', value: 'off-mobile-plus' }],
    };

    it('opens an ACKNOWLEDGED care case the agent sees with the app context and the journey', async () => {
      const conv = await start('esc-journey');
      await send(stack, STEP, {
        input: { conversationId: conv.id, step: 2, name: 'confirm', channel: 'WEBSITE' },
      });
      const before = await counts(stack);
      const result = await send<{ escalateToAgent: { id: string } }>(stack, ESCALATE, {
        input: { idempotencyKey: 'esc-1', conversationId: conv.id, appContext },
      });
      expect(result.errors).toBeUndefined();
      const caseId = result.data!.escalateToAgent.id;
      expect(delta(before, await counts(stack))).toEqual({
        case: 1,
        case_status_change: 1,
        outbox: 2,
        idempotency: 1,
      });
      const view = await stack.query<{ case: unknown }>(
        'support',
        `{ case(id: "${caseId}") { status team channel assignedTo { id } appContext { screen step action entities fields { name value } }
           conversation { id steps { step name channel } } } }`,
      );
      expect(view.data?.case).toEqual({
        status: 'ACKNOWLEDGED',
        team: 'care',
        channel: 'WEBSITE',
        assignedTo: null,
        appContext,
        conversation: {
          id: conv.id,
          steps: [
            { step: 1, name: 'choose-plan', channel: 'MOBILE_APP' },
            { step: 2, name: 'confirm', channel: 'WEBSITE' },
          ],
        },
      });
      expect((await eventsAbout(stack, caseId))[0]).toMatchObject({
        event_type: 'case.opened',
        subject_type: 'Case',
        channel: 'WEBSITE',
        customer_id: PERSONA.sam,
      });
      expect((await eventsAbout(stack, conv.id)).at(-1)).toMatchObject({
        event_type: 'conversation.escalated',
        actor: 'customer',
      });

      const replayBefore = await counts(stack);
      const replay = await send<{ escalateToAgent: { id: string } }>(stack, ESCALATE, {
        input: { idempotencyKey: 'esc-1', conversationId: conv.id, appContext },
      });
      expect(replay.data?.escalateToAgent.id).toBe(caseId);
      expect(await counts(stack)).toEqual(replayBefore);

      const again = await send<{ escalateToAgent: { id: string; appContext: { screen: string } } }>(
        stack,
        ESCALATE,
        {
          input: {
            idempotencyKey: 'esc-2',
            conversationId: conv.id,
            appContext: { ...appContext, screen: 'plan-change/pay' },
          },
        },
      );
      expect(again.data?.escalateToAgent).toMatchObject({
        id: caseId,
        appContext: { screen: 'plan-change/pay' },
      });
    });

    it('rejects key reuse, unknown and closed conversations and a blank screen, writing nothing', async () => {
      const conv = await start('esc-reject');
      await send(stack, ESCALATE, {
        input: { idempotencyKey: 'esc-reuse', conversationId: conv.id, appContext },
      });
      const input = {
        idempotencyKey: 'esc-reuse',
        conversationId: conv.id,
        appContext: { ...appContext, step: 1 },
      };
      await expectRejected(stack, ESCALATE, { input }, 'IDEMPOTENCY_KEY_REUSED');
      await expectRejected(
        stack,
        ESCALATE,
        { input: { ...input, idempotencyKey: 'esc-x', conversationId: 'conv-nope' } },
        'NOT_FOUND',
      );
      await expectRejected(
        stack,
        ESCALATE,
        { input: { ...input, idempotencyKey: 'esc-y', appContext: { screen: '' } } },
        'BAD_USER_INPUT',
        /screen/,
      );
      const closed = await start('esc-closed');
      await send(stack, CLOSE, { id: closed.id });
      await expectRejected(
        stack,
        ESCALATE,
        { input: { ...input, idempotencyKey: 'esc-z', conversationId: closed.id } },
        'INVALID_STATE_TRANSITION',
      );
    });
  });
});
