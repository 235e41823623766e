import { crmSubgraph } from '../../../subgraphs/crm/src';
import { analyzeSchema } from '../../../subgraphs/shared/analyze';
import { prepareDatabase } from '../../../subgraphs/shared/startSubgraph';
import { createTestDatabase, oneEngine, type TestDatabase } from '../../harness/testDatabase';

/** The plan of a customer's places (crm's places loader), as EXPLAIN prints it. */
async function placesPlan(database: TestDatabase): Promise<string> {
  const rows = await database.db.query<{ 'QUERY PLAN': string }>(
    `EXPLAIN SELECT cp.customer_id, p.id, p.line1
       FROM crm.customer_place cp JOIN crm.place p ON p.id = cp.place_id
      WHERE cp.customer_id = ANY(ARRAY['cust-1', 'cust-2'])`,
  );
  return rows.map((row) => row['QUERY PLAN']).join('\n');
}

describe.each(oneEngine())('planner statistics after the seed (%s)', (engine) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(engine);
  }, 60_000);
  afterAll(() => database.drop());

  it('a seeded database has statistics, so a customer lookup probes the index', async () => {
    await prepareDatabase(crmSubgraph, database.db, { seed: true, seedCustomers: 2_000 });
    const analyzed = await database.db.query<{ relname: string }>(
      `SELECT relname FROM pg_stat_user_tables
        WHERE schemaname = 'crm' AND last_analyze IS NULL ORDER BY relname`,
    );
    expect(analyzed).toEqual([]);
    const plan = await placesPlan(database);
    // Without statistics the planner hashed a sequential scan of every place instead.
    expect(plan).toMatch(/Index Scan using place_pkey on place/);
    expect(plan).not.toMatch(/Seq Scan on place/);
  }, 120_000);

  it('refuses a schema name it would have to quote', async () => {
    await expect(analyzeSchema(database.db, 'crm; DROP TABLE crm.place')).rejects.toThrow(
      /invalid schema name/,
    );
  });

  it('analyzes nothing in a schema without tables', async () => {
    expect(await analyzeSchema(database.db, 'no_such_schema')).toEqual([]);
  });
});
