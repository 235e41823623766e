import { entityAccessMigration } from './entityAccess';
import { outboxMigration } from './outbox';

/** The migrations written once for every subgraph: name → its SQL for one schema. */
export const SHARED_MIGRATIONS = {
  outbox: outboxMigration,
  entity_access: entityAccessMigration,
} as const satisfies Record<string, (schema: string) => string>;

/** The name of a shared migration; it is also the `name` part of its version. */
export type SharedMigrationName = keyof typeof SHARED_MIGRATIONS;

/**
 * The shared migrations one subgraph applies, each at its place in that subgraph's
 * history: the four-digit number it runs under, e.g. `{ outbox: '0002' }`. The version
 * recorded in `<schema>.schema_migrations` is `NNNN_name.sql`, the same name a
 * per-subgraph file at that place would have, so a database migrated when the
 * subgraph still had its own copy of the file sees it as applied.
 */
export type SharedMigrations = Readonly<Partial<Record<SharedMigrationName, string>>>;

/** One migration to apply: its version and its SQL. */
export interface SharedMigrationFile {
  version: string;
  sql: string;
}

const NUMBER = /^\d{4}$/;

/** The shared migrations `uses` names, rendered for `schema`, with their versions. */
export function sharedMigrationFiles(
  schema: string,
  uses: SharedMigrations,
): SharedMigrationFile[] {
  return Object.entries(uses).map(([name, number]) => {
    const render = SHARED_MIGRATIONS[name as SharedMigrationName];
    if (!render) throw new Error(`no shared migration is called ${JSON.stringify(name)}`);
    if (!number || !NUMBER.test(number)) {
      throw new Error(`shared migration ${name} needs a four-digit number, not ${String(number)}`);
    }
    return { version: `${number}_${name}.sql`, sql: render(schema) };
  });
}
