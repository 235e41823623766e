import {
  copyFileSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SUBGRAPHS } from '../../../subgraphs/registry';
import type { Database } from '../../../subgraphs/shared/db';
import { migrate } from '../../../subgraphs/shared/migrate';
import { createTestDatabase, testEngines, type TestDatabase } from '../../harness/testDatabase';

/**
 * Before the outbox and access-log migrations were shared, each subgraph had its own
 * copy of them under these names (the copies differed only in the schema name).
 * Databases in the field recorded these versions; they must never run again.
 */
const COPIES_BEFORE: Record<string, Record<string, string>> = {
  crm: { '0002_outbox.sql': '0002_outbox.sql' },
  orders: {
    '0002_outbox.sql': '0002_outbox.sql',
    '0003_entity_access.sql': '0003_entity_access.sql',
  },
  provisioning: {
    '0002_outbox.sql': '0002_outbox.sql',
    '0004_entity_access.sql': '0003_entity_access.sql',
  },
  support: {
    '0002_outbox.sql': '0002_outbox.sql',
    '0007_entity_access.sql': '0003_entity_access.sql',
  },
  engagement: {
    '0002_outbox.sql': '0002_outbox.sql',
    '0003_entity_access.sql': '0003_entity_access.sql',
  },
};

/** orders' copies as they were, verbatim; the others' are these with their schema name. */
const FIXTURES = join(__dirname, '../../fixtures/migrationsBeforeShared');

/** A folder holding `name`'s migrations as they were before they were shared. */
function layoutBefore(name: string, ownDir: string): string {
  const dir = mkdtempSync(join(tmpdir(), `cc-migrations-${name}-`));
  for (const file of readdirSync(ownDir)) copyFileSync(join(ownDir, file), join(dir, file));
  for (const [version, fixture] of Object.entries(COPIES_BEFORE[name] ?? {})) {
    const sql = readFileSync(join(FIXTURES, fixture), 'utf8').replace(/\borders\./g, `${name}.`);
    writeFileSync(join(dir, version), sql);
  }
  return dir;
}

/** What a schema holds: tables and columns, indexes, constraints and migration versions. */
async function catalogOf(db: Database, schema: string): Promise<unknown> {
  const columns = await db.query(
    `SELECT table_name, column_name, data_type, is_nullable, column_default
       FROM information_schema.columns WHERE table_schema = $1 ORDER BY 1, 2`,
    [schema],
  );
  const indexes = await db.query(
    `SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = $1 ORDER BY 1, 2`,
    [schema],
  );
  const constraints = await db.query(
    `SELECT conrelid::regclass::text AS on_table, conname, pg_get_constraintdef(oid) AS definition
       FROM pg_constraint WHERE connamespace = $1::regnamespace ORDER BY 1, 2`,
    [schema],
  );
  const versions = await db.query(
    `SELECT version FROM ${schema}.schema_migrations ORDER BY version`,
  );
  return { columns, indexes, constraints, versions };
}

describe.each(testEngines())('shared migrations on %s', (engine) => {
  let before: TestDatabase;
  let fresh: TestDatabase;
  const dirs: string[] = [];
  beforeAll(async () => {
    [before, fresh] = await Promise.all([createTestDatabase(engine), createTestDatabase(engine)]);
  });
  afterAll(async () => {
    await Promise.all([before?.drop(), fresh?.drop()]);
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it.each(SUBGRAPHS.map((subgraph) => [subgraph.name, subgraph] as const))(
    '%s: a database migrated with its own copies upgrades with nothing to run, to the same schema as a fresh one',
    async (name, subgraph) => {
      const oldDir = layoutBefore(name, subgraph.migrationsDir);
      dirs.push(oldDir);
      const oldVersions = await migrate(before.db, name, oldDir);
      expect(oldVersions).toEqual(expect.arrayContaining(Object.keys(COPIES_BEFORE[name] ?? {})));

      const upgrade = await migrate(
        before.db,
        name,
        subgraph.migrationsDir,
        subgraph.sharedMigrations,
      );
      expect(upgrade).toEqual([]);

      const freshVersions = await migrate(
        fresh.db,
        name,
        subgraph.migrationsDir,
        subgraph.sharedMigrations,
      );
      expect(freshVersions).toEqual(oldVersions);
      expect(await catalogOf(fresh.db, name)).toEqual(await catalogOf(before.db, name));
    },
  );

  it('refuses a shared migration a subgraph also has a file for, and an unknown one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cc-migrations-twice-'));
    dirs.push(dir);
    writeFileSync(join(dir, '0002_outbox.sql'), 'SELECT 1;\n');
    await expect(migrate(fresh.db, 'twice', dir, { outbox: '0002' })).rejects.toThrow(
      'migration 0002_outbox.sql of twice is both in',
    );
    const unknown = { audit: '0003' } as unknown as { outbox: string };
    await expect(migrate(fresh.db, 'twice', dir, unknown)).rejects.toThrow(
      'no shared migration is called "audit"',
    );
    await expect(migrate(fresh.db, 'twice', dir, { outbox: '2' })).rejects.toThrow(
      'needs a four-digit number',
    );
  });
});
