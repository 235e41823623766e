import { randomUUID } from 'node:crypto';
import type { Database, Queryable } from '../../../../shared/db';
import { badUserInput } from '../../../../shared/errors';
import { idempotent } from '../../../../shared/idempotency';
import { recordEvent } from '../../../../shared/outbox';
import type { AddNoteInput, Channel, NoteSubjectType } from '../../generated/graphql';
import { SCHEMA, checkNotBlank, notFound, requireAgent } from '../agents/validation';
import { lockCase } from '../cases/writes';

/** Longest note body, in characters. */
export const MAX_NOTE_LENGTH = 10_000;

/** What a note is about, resolved from its subject id. */
interface Subject {
  type: NoteSubjectType;
  customerId: string;
  channel: Channel;
}

/** Checks body, actor presence and shape before anything is read. */
function checkNoteInput(input: AddNoteInput): string {
  checkNotBlank(input.idempotencyKey, 'idempotencyKey');
  checkNotBlank(input.body, 'body');
  if (input.body.length > MAX_NOTE_LENGTH) {
    throw badUserInput(
      `body has ${input.body.length} characters; at most ${MAX_NOTE_LENGTH}`,
      'body',
    );
  }
  if (input.actor == null || input.actor.trim() === '') {
    throw badUserInput('actor is required: the id of the agent writing the note', 'actor');
  }
  return input.actor;
}

/** A case in `support.case`, else an order (`ord-`) or appointment (`apt-`) by prefix. */
async function resolveSubject(tx: Queryable, input: AddNoteInput): Promise<Subject> {
  const c = await lockCase(tx, input.subjectId);
  if (c) {
    if (input.customerId != null && input.customerId !== c.customer_id) {
      throw badUserInput(
        `case ${c.id} belongs to ${c.customer_id}, not ${input.customerId}`,
        'customerId',
      );
    }
    return { type: 'CASE', customerId: c.customer_id, channel: input.channel ?? c.channel };
  }
  if (input.subjectId.startsWith('case-')) throw notFound('case', input.subjectId, 'subjectId');
  const type: NoteSubjectType | null = input.subjectId.startsWith('ord-')
    ? 'ORDER'
    : input.subjectId.startsWith('apt-')
      ? 'APPOINTMENT'
      : null;
  if (!type) {
    throw badUserInput(
      `subjectId ${input.subjectId} is not a case, order (ord-…) or appointment (apt-…) id`,
      'subjectId',
    );
  }
  if (input.customerId == null || input.customerId.trim() === '') {
    throw badUserInput(
      `customerId is required for a note on ${type === 'ORDER' ? 'an order' : 'an appointment'}`,
      'customerId',
    );
  }
  return { type, customerId: input.customerId, channel: input.channel ?? 'PHONE' };
}

/** Writes a note by an agent about a case, order or appointment; returns its id. */
export async function addNote(db: Database, input: AddNoteInput): Promise<string> {
  const actor = checkNoteInput(input);
  const { idempotencyKey, ...request } = input;
  const options = { scope: 'addNote', key: idempotencyKey, request };
  const created = await idempotent(db, SCHEMA, options, async (tx) => {
    const author = await requireAgent(tx, actor, 'actor');
    const subject = await resolveSubject(tx, input);
    const id = `note-${randomUUID()}`;
    const at = new Date();
    await tx.query(
      `INSERT INTO support.note (id, customer_id, subject_type, subject_id, body, author_id, channel, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        id,
        subject.customerId,
        subject.type,
        input.subjectId,
        input.body,
        author.id,
        subject.channel,
        at,
      ],
    );
    if (subject.type === 'CASE') {
      await tx.query('UPDATE support."case" SET updated_at = $2 WHERE id = $1', [
        input.subjectId,
        at,
      ]);
    }
    const excerpt = input.body.length > 80 ? `${input.body.slice(0, 79)}…` : input.body;
    await recordEvent(tx, SCHEMA, {
      customerId: subject.customerId,
      type: 'note.added',
      subject: { typename: 'Note', id },
      summary: `Note by ${author.name} on ${input.subjectId}: ${excerpt}`,
      channel: subject.channel,
      actor: author.id,
      payload: { noteId: id, subjectType: subject.type, subjectId: input.subjectId },
    });
    return { noteId: id };
  });
  return created.noteId;
}
