import type { Database, Queryable } from '../../../../shared/db';
import { recordEvent } from '../../../../shared/outbox';
import type { Channel } from '../../generated/graphql';
import { SCHEMA } from '../agents/validation';
import { pauseIdle } from './writes';
import type { ConversationRow } from './repository';

/** Minutes of inactivity after which an ACTIVE conversation becomes INACTIVE (default 30). */
/** Writes a `conversation.*` event about `c`. */
export function conversationEvent(
  tx: Queryable,
  c: ConversationRow,
  event: {
    type: string;
    summary: string;
    channel: Channel | null;
    actor: string;
    payload?: Record<string, unknown>;
  },
): Promise<string> {
  return recordEvent(tx, SCHEMA, {
    customerId: c.customer_id,
    type: event.type,
    subject: { typename: 'Conversation', id: c.id },
    summary: event.summary,
    channel: event.channel,
    actor: event.actor,
    payload: { conversationId: c.id, topic: c.topic, step: c.current_step, ...event.payload },
  });
}

/**
 * Marks every ACTIVE conversation idle for longer than `idleMs` INACTIVE, one
 * `conversation.paused` event each (actor `system`), in one transaction. For a periodic
 * timer; also run lazily before each conversation mutation. Returns the ids paused.
 */
export async function markIdleConversations(db: Database, idleMs: number): Promise<string[]> {
  return db.transaction((tx) => pauseIdleIn(tx, idleMs));
}

/** {@link markIdleConversations} inside the caller's transaction. */
export async function pauseIdleIn(tx: Queryable, idleMs: number): Promise<string[]> {
  const paused = await pauseIdle(tx, idleMs);
  for (const c of paused) {
    const summary = `Conversation "${c.topic}" paused at step ${c.current_step} after ${Math.round(idleMs / 60_000)} minutes idle`;
    await conversationEvent(tx, c, {
      type: 'conversation.paused',
      summary,
      channel: c.last_channel,
      actor: 'system',
      payload: { reason: 'idle' },
    });
  }
  return paused.map((c) => c.id);
}

/**
 * Runs {@link markIdleConversations} every `everyMs` (default a minute) until the
 * returned function is called. Failures are reported to `onError` and retried next tick.
 */
export function startIdleConversationTimer(
  db: Database,
  options: { idleMs: number; everyMs?: number; onError?: (error: unknown) => void },
): () => void {
  const { idleMs } = options;
  const timer = setInterval(() => {
    markIdleConversations(db, idleMs).catch((error: unknown) => options.onError?.(error));
  }, options.everyMs ?? 60_000);
  timer.unref();
  return () => clearInterval(timer);
}
