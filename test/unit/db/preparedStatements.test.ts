import { openPostgres, type Database } from '../../../subgraphs/shared/db';
import { loadSubgraphConfig } from '../../../subgraphs/shared/config';
import { createTestDatabase, type TestDatabase } from '../../harness/testDatabase';

const describeOnPostgres = process.env.DATABASE_URL ? describe : describe.skip;

describeOnPostgres('statements on PostgreSQL', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    await database.db.exec(
      "CREATE TABLE prep_item (id text PRIMARY KEY, n int NOT NULL); INSERT INTO prep_item VALUES ('a', 1), ('b', 2);",
    );
  });
  afterAll(() => database.drop());

  /** The prepared statements of the pool's one connection. */
  const prepared = (db: Database) =>
    db.query<{ name: string; statement: string }>(
      'SELECT name, statement FROM pg_prepared_statements ORDER BY name',
      [],
    );

  it('prepares each parameterised text once per connection and reuses it', async () => {
    const db = openPostgres(database.url!, { maxConnections: 1 });
    try {
      const text = 'SELECT n FROM prep_item WHERE id = $1';
      expect(await db.query(text, ['a'])).toEqual([{ n: 1 }]);
      expect(await db.query(text, ['b'])).toEqual([{ n: 2 }]);
      await db.transaction(async (tx) => {
        expect(await tx.query(text, ['a'])).toEqual([{ n: 1 }]);
        await tx.query('UPDATE prep_item SET n = n + $2 WHERE id = $1', ['b', 10]);
      });
      expect(await db.query(text, ['b'])).toEqual([{ n: 12 }]);
      const names = (await prepared(db)).filter((row) => row.statement.includes('prep_item'));
      expect(names.map((row) => row.statement).sort()).toEqual([
        'SELECT n FROM prep_item WHERE id = $1',
        'UPDATE prep_item SET n = n + $2 WHERE id = $1',
      ]);
      expect(names.every((row) => /^cc_[A-Za-z0-9_-]{24}$/.test(row.name))).toBe(true);
    } finally {
      await db.close();
    }
  });

  it('goes on unnamed when a column is added under a prepared SELECT * (a newer replica migrated)', async () => {
    const db = openPostgres(database.url!, { maxConnections: 1 });
    try {
      await database.db.exec(
        "CREATE TABLE prep_wide (id text PRIMARY KEY); INSERT INTO prep_wide VALUES ('w');",
      );
      const text = 'SELECT * FROM prep_wide WHERE id = $1';
      expect(await db.query(text, ['w'])).toEqual([{ id: 'w' }]);
      await database.db.exec("ALTER TABLE prep_wide ADD COLUMN note text DEFAULT 'new'");
      expect(await db.query(text, ['w'])).toEqual([{ id: 'w', note: 'new' }]);
      await db.query('SELECT note FROM prep_wide WHERE id = $1', ['w']);
      const later = (await prepared(db)).filter((row) => row.statement.includes('SELECT note'));
      expect(later).toEqual([]);
    } finally {
      await db.close();
    }
  });

  it('runs everything unnamed when told to (a pooler that cannot keep them)', async () => {
    const db = openPostgres(database.url!, { maxConnections: 1, preparedStatements: false });
    try {
      expect(await db.query('SELECT n FROM prep_item WHERE id = $1', ['a'])).toEqual([{ n: 1 }]);
      expect((await prepared(db)).filter((row) => row.statement.includes('prep_item'))).toEqual([]);
    } finally {
      await db.close();
    }
  });
});

describe('DATABASE_PREPARED_STATEMENTS', () => {
  const base = { SUBGRAPH_HMAC_SECRET: 'x'.repeat(32), DATABASE_URL: 'postgres://db/crm' };

  it('is on unless set to false, and only for PostgreSQL', () => {
    expect(loadSubgraphConfig('crm', 4001, base).storage).toEqual({
      kind: 'postgres',
      url: 'postgres://db/crm',
      preparedStatements: true,
    });
    expect(
      loadSubgraphConfig('crm', 4001, { ...base, DATABASE_PREPARED_STATEMENTS: 'false' }).storage,
    ).toMatchObject({ kind: 'postgres', preparedStatements: false });
  });

  it('names the variable when its value is not a boolean', () => {
    expect(() =>
      loadSubgraphConfig('crm', 4001, { ...base, DATABASE_PREPARED_STATEMENTS: 'maybe' }),
    ).toThrow(/DATABASE_PREPARED_STATEMENTS="maybe"/);
  });
});
