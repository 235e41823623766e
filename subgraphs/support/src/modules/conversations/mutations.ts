import type { Database, Queryable } from '../../../../shared/db';
import { badUserInput } from '../../../../shared/errors';
import type { RecordStepInput, ResumeConversationInput } from '../../generated/graphql';
import { checkNotBlank, invalidTransition, notFound, storedFields } from '../agents/validation';
import { CHANNEL_PHRASE } from '../../../../shared/channelPhrase';
import { conversationEvent } from './idleConversations';
import type { ConversationRow } from './repository';
import { lockConversation, updateConversation, upsertStep } from './writes';

export { startConversation } from './startConversation';

/** Runs a change to one existing conversation: lock, NOT_FOUND check. */
function withConversation<T>(
  db: Database,
  id: string,
  fn: (tx: Queryable, c: ConversationRow) => Promise<T>,
): Promise<T> {
  return db.transaction(async (tx) => {
    const c = await lockConversation(tx, id);
    if (!c) throw notFound('conversation', id, 'conversationId');
    return fn(tx, c);
  });
}

/** Records step `current` (replace) or `current + 1`; the conversation becomes ACTIVE. */
export function recordStep(db: Database, input: RecordStepInput): Promise<ConversationRow> {
  checkNotBlank(input.name, 'name');
  return withConversation(db, input.conversationId, async (tx, c) => {
    if (c.status === 'CLOSED') throw closed(c, 'record a step in');
    if (input.step !== c.current_step && input.step !== c.current_step + 1) {
      throw invalidTransition(
        `conversation ${c.id} is at step ${c.current_step}; step must be ${c.current_step} (replace) or ${c.current_step + 1} (next), not ${input.step}`,
        { conversationId: c.id, currentStep: c.current_step, argument: 'step' },
      );
    }
    if (c.total_steps !== null && input.step > c.total_steps) {
      throw badUserInput(`step ${input.step} is past the flow's ${c.total_steps} steps`, 'step');
    }
    const at = new Date();
    const data = storedFields(input.data);
    await upsertStep(tx, {
      conversationId: c.id,
      customerId: c.customer_id,
      step: input.step,
      name: input.name,
      channel: input.channel,
      at,
      data,
    });
    const updated = await updateConversation(tx, c.id, {
      status: 'ACTIVE',
      lastChannel: input.channel,
      currentStep: input.step,
      stepName: input.name,
      at,
    });
    const summary = `Conversation "${c.topic}": step ${input.step} (${input.name}) ${CHANNEL_PHRASE[input.channel]}`;
    await conversationEvent(tx, updated, {
      type: 'conversation.step_recorded',
      summary,
      channel: input.channel,
      actor: input.actor ?? 'customer',
      payload: { name: input.name, data },
    });
    return updated;
  });
}

function closed(c: ConversationRow, what: string): Error {
  return invalidTransition(`conversation ${c.id} is CLOSED; cannot ${what} it`, {
    conversationId: c.id,
    status: c.status,
  });
}

/** ACTIVE → INACTIVE, keeping the step and data. */
export function pauseConversation(
  db: Database,
  id: string,
  actor: string | null | undefined,
): Promise<ConversationRow> {
  return withConversation(db, id, async (tx, c) => {
    if (c.status !== 'ACTIVE') {
      throw invalidTransition(
        `conversation ${c.id} is ${c.status}; only an ACTIVE conversation can be paused`,
        { conversationId: c.id, status: c.status },
      );
    }
    const updated = await updateConversation(tx, c.id, {
      status: 'INACTIVE',
      at: c.last_activity_at,
    });
    const summary = `Conversation "${c.topic}" paused at step ${c.current_step}`;
    await conversationEvent(tx, updated, {
      type: 'conversation.paused',
      summary,
      channel: c.last_channel,
      actor: actor ?? 'customer',
    });
    return updated;
  });
}

/** INACTIVE/ACTIVE → ACTIVE on `channel`, at the same step with the same data. */
export function resumeConversation(
  db: Database,
  input: ResumeConversationInput,
): Promise<ConversationRow> {
  return withConversation(db, input.conversationId, async (tx, c) => {
    if (c.status === 'CLOSED') throw closed(c, 'resume');
    const updated = await updateConversation(tx, c.id, {
      status: 'ACTIVE',
      lastChannel: input.channel,
      at: new Date(),
    });
    const summary = `Conversation "${c.topic}" resumed ${CHANNEL_PHRASE[input.channel]} at step ${c.current_step} (started ${CHANNEL_PHRASE[c.started_on]})`;
    await conversationEvent(tx, updated, {
      type: 'conversation.resumed',
      summary,
      channel: input.channel,
      actor: input.actor ?? 'customer',
      payload: { previousChannel: c.last_channel, previousStatus: c.status },
    });
    return updated;
  });
}

/** Any status but CLOSED → CLOSED. */
export function closeConversation(
  db: Database,
  id: string,
  actor: string | null | undefined,
): Promise<ConversationRow> {
  return withConversation(db, id, async (tx, c) => {
    if (c.status === 'CLOSED') throw closed(c, 'close');
    const updated = await updateConversation(tx, c.id, { status: 'CLOSED', at: new Date() });
    const summary = `Conversation "${c.topic}" closed at step ${c.current_step}`;
    await conversationEvent(tx, updated, {
      type: 'conversation.closed',
      summary,
      channel: c.last_channel,
      actor: actor ?? 'customer',
      payload: { previousStatus: c.status },
    });
    return updated;
  });
}
