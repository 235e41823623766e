import type { Queryable } from '../../../../shared/db';
import type { CursorPosition } from '../../../../shared/pagination';
import type { Skill } from '../../generated/graphql';

/** A row of `provisioning.technician`. */
export interface TechnicianRow {
  id: string;
  name: string;
  skills: Skill[];
  created_at: Date;
}

const COLUMNS = 'id, name, skills, created_at';

/** Technicians with the given ids, in no particular order. */
export function techniciansByIds(db: Queryable, ids: readonly string[]): Promise<TechnicianRow[]> {
  return db.query<TechnicianRow>(
    `SELECT ${COLUMNS} FROM provisioning.technician WHERE id = ANY($1::text[])`,
    [ids],
  );
}

/** Technicians holding every one of `skills`, in joining order after a keyset position. */
export function techniciansPage(
  db: Queryable,
  skills: readonly Skill[],
  after: CursorPosition | null,
  limit: number,
): Promise<TechnicianRow[]> {
  return db.query<TechnicianRow>(
    `SELECT ${COLUMNS} FROM provisioning.technician
      WHERE skills @> $1::text[]
        AND ($2::timestamptz IS NULL OR (created_at, id) > ($2::timestamptz, $3::text))
      ORDER BY created_at, id LIMIT $4`,
    [skills, after?.at ?? null, after?.id ?? null, limit],
  );
}
