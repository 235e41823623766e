import type { Queryable } from '../../../../shared/db';
import type { Channel, NoteSubjectType } from '../../generated/graphql';

/** A row of `support.note`. */
export interface NoteRow {
  id: string;
  customer_id: string;
  subject_type: NoteSubjectType;
  subject_id: string;
  body: string;
  author_id: string;
  channel: Channel;
  created_at: Date;
}

const COLUMNS = 'id, customer_id, subject_type, subject_id, body, author_id, channel, created_at';

/** Notes with the given ids, in no particular order. */
export function notesByIds(db: Queryable, ids: readonly string[]): Promise<NoteRow[]> {
  return db.query<NoteRow>(`SELECT ${COLUMNS} FROM support.note WHERE id = ANY($1::text[])`, [ids]);
}

/** Notes written about several cases, each case's newest first. */
export function notesByCaseIds(db: Queryable, ids: readonly string[]): Promise<NoteRow[]> {
  return db.query<NoteRow>(
    `SELECT ${COLUMNS} FROM support.note
      WHERE subject_type = 'CASE' AND subject_id = ANY($1::text[])
      ORDER BY subject_id, created_at DESC, id DESC`,
    [ids],
  );
}
