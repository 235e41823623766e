import { randomUUID } from 'node:crypto';
import type { Database } from '../../../../shared/db';
import { badUserInput } from '../../../../shared/errors';
import { idempotent } from '../../../../shared/idempotency';
import { recordEvent } from '../../../../shared/outbox';
import type { StartConversationInput } from '../../generated/graphql';
import { SCHEMA, checkNotBlank, storedFields } from '../agents/validation';
import { CHANNEL_PHRASE } from '../../../../shared/channelPhrase';
import { insertConversation, upsertStep } from './writes';

/** Starts an ACTIVE conversation at step 1; returns its id (the first one on a replay). */
export async function startConversation(
  db: Database,
  input: StartConversationInput,
): Promise<string> {
  checkNotBlank(input.idempotencyKey, 'idempotencyKey');
  checkNotBlank(input.customerId, 'customerId');
  checkNotBlank(input.topic, 'topic');
  if (input.stepName != null) checkNotBlank(input.stepName, 'stepName');
  if (input.totalSteps != null && input.totalSteps < 1) {
    throw badUserInput(`totalSteps is ${input.totalSteps}; it must be at least 1`, 'totalSteps');
  }
  const { idempotencyKey, ...rest } = input;
  const request = { ...rest, context: storedFields(input.context), actor: input.actor ?? null };
  const options = { scope: 'startConversation', key: idempotencyKey, request };
  const created = await idempotent(db, SCHEMA, options, async (tx) => {
    const id = `conv-${randomUUID()}`;
    const at = new Date();
    const stepName = input.stepName ?? 'start';
    await insertConversation(tx, {
      id,
      customerId: input.customerId,
      topic: input.topic,
      channel: input.channel,
      totalSteps: input.totalSteps ?? null,
      stepName,
      at,
    });
    await upsertStep(tx, {
      conversationId: id,
      customerId: input.customerId,
      step: 1,
      name: stepName,
      channel: input.channel,
      at,
      data: request.context,
    });
    await recordEvent(tx, SCHEMA, {
      customerId: input.customerId,
      type: 'conversation.started',
      subject: { typename: 'Conversation', id },
      summary: `Conversation "${input.topic}" started ${CHANNEL_PHRASE[input.channel]}`,
      channel: input.channel,
      actor: input.actor ?? 'customer',
      payload: { conversationId: id, topic: input.topic, totalSteps: input.totalSteps ?? null },
    });
    return { conversationId: id };
  });
  return created.conversationId;
}
