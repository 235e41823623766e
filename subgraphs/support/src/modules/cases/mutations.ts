import { randomUUID } from 'node:crypto';
import type { Database, Queryable } from '../../../../shared/db';
import { badUserInput } from '../../../../shared/errors';
import { idempotent } from '../../../../shared/idempotency';
import { recordEvent } from '../../../../shared/outbox';
import type {
  AppContext,
  AppContextInput,
  EscalateToAgentInput,
  TransferCaseInput,
} from '../../generated/graphql';
import {
  SCHEMA,
  checkNotBlank,
  invalidTransition,
  notFound,
  requireAgent,
  storedFields,
} from '../agents/validation';
import { CHANNEL_PHRASE } from '../../../../shared/channelPhrase';
import { lockConversation } from '../conversations/writes';
import { FINAL_CASE_STATUSES, type CaseRow } from './repository';
import {
  insertEscalatedCase,
  lockCase,
  openCaseOfConversation,
  refreshAppContext,
  writeHandoff,
} from './writes';

/** Checks the app context and returns it as stored on the case. */
function checkAppContext(input: AppContextInput): AppContext {
  checkNotBlank(input.screen, 'appContext.screen');
  if (input.step != null && input.step < 1) {
    throw badUserInput(`appContext.step is ${input.step}; steps start at 1`, 'appContext.step');
  }
  return {
    screen: input.screen,
    step: input.step ?? null,
    action: input.action ?? null,
    entities: [...(input.entities ?? [])],
    fields: storedFields(input.fields),
  };
}

/**
 * Escalates a conversation to the care team: opens an ACKNOWLEDGED case (or reuses the
 * conversation's open case) holding the app context. Returns the case id.
 */
export async function escalateToAgent(db: Database, input: EscalateToAgentInput): Promise<string> {
  checkNotBlank(input.idempotencyKey, 'idempotencyKey');
  const appContext = checkAppContext(input.appContext);
  const { idempotencyKey, ...rest } = input;
  const request = { ...rest, appContext, actor: input.actor ?? null };
  const options = { scope: 'escalateToAgent', key: idempotencyKey, request };
  const result = await idempotent(db, SCHEMA, options, async (tx) => {
    const conv = await lockConversation(tx, input.conversationId);
    if (!conv) throw notFound('conversation', input.conversationId, 'conversationId');
    if (conv.status === 'CLOSED') {
      throw invalidTransition(`conversation ${conv.id} is CLOSED; it cannot be escalated`, {
        conversationId: conv.id,
        status: conv.status,
      });
    }
    const at = new Date();
    const actor = input.actor ?? 'customer';
    const existing = await openCaseOfConversation(tx, conv.id);
    const caseId = existing?.id ?? `case-${randomUUID()}`;
    if (existing) await refreshAppContext(tx, caseId, appContext, at);
    else {
      const title = `Help with ${conv.topic}: stuck at step ${conv.current_step} (${conv.step_name ?? 'unnamed'})`;
      const reason = `Escalated from conversation ${conv.id} ${CHANNEL_PHRASE[conv.last_channel]}`;
      await insertEscalatedCase(tx, {
        id: caseId,
        customerId: conv.customer_id,
        title,
        channel: conv.last_channel,
        appContext,
        conversationId: conv.id,
        reason,
        at,
      });
    }
    const base = { customerId: conv.customer_id, channel: conv.last_channel, actor };
    await recordEvent(tx, SCHEMA, {
      ...base,
      type: 'conversation.escalated',
      subject: { typename: 'Conversation', id: conv.id },
      summary: `Conversation "${conv.topic}" escalated to an agent from ${appContext.screen} at step ${conv.current_step}`,
      payload: { conversationId: conv.id, caseId, appContext },
    });
    if (!existing) {
      await recordEvent(tx, SCHEMA, {
        ...base,
        type: 'case.opened',
        subject: { typename: 'Case', id: caseId },
        summary: `Case opened ${CHANNEL_PHRASE[conv.last_channel]} for the care team: help with ${conv.topic}`,
        payload: { caseId, conversationId: conv.id, team: 'care', status: 'ACKNOWLEDGED' },
      });
    }
    return { caseId };
  });
  return result.caseId;
}

/**
 * Hands a case to an agent or team with a summary; returns the case id. With an
 * idempotency key a retry returns the first transfer's case and writes nothing.
 */
export async function transferCase(db: Database, input: TransferCaseInput): Promise<string> {
  checkNotBlank(input.summary, 'summary');
  checkNotBlank(input.toTeam, 'toTeam');
  const { idempotencyKey, ...rest } = input;
  if (idempotencyKey == null) {
    return db.transaction(async (tx) => (await writeTransfer(tx, rest)).id);
  }
  checkNotBlank(idempotencyKey, 'idempotencyKey');
  const request = { ...rest, to: rest.to ?? null, actor: rest.actor ?? null };
  const options = { scope: 'transferCase', key: idempotencyKey, request };
  const result = await idempotent(db, SCHEMA, options, async (tx) => ({
    caseId: (await writeTransfer(tx, rest)).id,
  }));
  return result.caseId;
}

/** Writes the handoff and its event in `tx`; returns the updated case. */
async function writeTransfer(
  tx: Queryable,
  input: Omit<TransferCaseInput, 'idempotencyKey'>,
): Promise<CaseRow> {
  const c = await lockCase(tx, input.caseId);
  if (!c) throw notFound('case', input.caseId, 'caseId');
  if (FINAL_CASE_STATUSES.includes(c.status)) {
    throw invalidTransition(`case ${c.id} is ${c.status}; only open cases can be transferred`, {
      caseId: c.id,
      status: c.status,
    });
  }
  const fromId = input.actor ?? c.assigned_to;
  if (fromId === null) {
    throw badUserInput(`case ${c.id} has no assignee; say who is passing it on in actor`, 'actor');
  }
  const from = await requireAgent(tx, fromId, 'actor');
  const to = input.to == null ? null : await requireAgent(tx, input.to, 'to');
  const updated = await writeHandoff(tx, {
    id: `hof-${randomUUID()}`,
    case: c,
    fromAgentId: from.id,
    toAgentId: to?.id ?? null,
    toTeam: input.toTeam,
    summary: input.summary,
    at: new Date(),
  });
  await recordEvent(tx, SCHEMA, {
    customerId: c.customer_id,
    type: 'case.handed_off',
    subject: { typename: 'Case', id: c.id },
    summary: `Case handed off by ${from.name} to ${to ? `${to.name} (${input.toTeam})` : `the ${input.toTeam} queue`}: ${input.summary}`,
    channel: c.channel,
    actor: from.id,
    payload: {
      caseId: c.id,
      fromAgentId: from.id,
      toAgentId: to?.id ?? null,
      toTeam: input.toTeam,
      summary: input.summary,
    },
  });
  return updated;
}
