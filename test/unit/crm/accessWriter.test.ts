import { crmSubgraph } from '../../../subgraphs/crm/src';
import { createAccessWriter } from '../../../subgraphs/crm/src/modules/audit/accessWriter';
import type {
  AccessContext,
  AccessRecord,
} from '../../../subgraphs/crm/src/modules/audit/repository';
import type { Database } from '../../../subgraphs/shared/db';
import { migrate } from '../../../subgraphs/shared/migrate';
import { createTestDatabase, testEngines, type TestDatabase } from '../../harness/testDatabase';

const reader = (agentId: string, requestId: string): AccessContext => ({
  agentId,
  role: 'agent',
  team: 'care',
  operationName: 'CustomerContext',
  clientName: 'rep-desk',
  requestId,
});

/** The database, counting the transactions begun through it. */
function countingTransactions(db: Database): { db: Database; transactions: () => number } {
  let transactions = 0;
  return {
    db: {
      ...db,
      query: (text, params) => db.query(text, params),
      transaction: (fn) => {
        transactions += 1;
        return db.transaction(fn);
      },
    },
    transactions: () => transactions,
  };
}

describe.each(testEngines())('crm audit group commit on %s', (engine) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(engine);
    await migrate(database.db, 'crm', crmSubgraph.migrationsDir, crmSubgraph.sharedMigrations);
  });
  afterAll(() => database.drop());

  const rowsOf = (requestIds: readonly string[]) =>
    database.db.query<{ id: string; customer_id: string; agent_id: string; request_id: string }>(
      `SELECT a.id, a.customer_id, a.agent_id, a.request_id
         FROM crm.customer_access a
         JOIN crm.outbox o ON o.id = a.id AND o.event_type = 'customer.viewed'
                          AND o.customer_id = a.customer_id AND o.occurred_at = a.accessed_at
        WHERE a.request_id = ANY($1::text[])
        ORDER BY a.request_id, a.customer_id`,
      [requestIds],
    );

  it('commits the reads of requests arriving together once, each row with its own event', async () => {
    const counting = countingTransactions(database.db);
    const writer = createAccessWriter(counting.db);
    const requests = Array.from(
      { length: 25 },
      (_, i) => `req-burst-${String(i).padStart(2, '0')}`,
    );
    await Promise.all(
      requests.map((requestId, i) =>
        writer.write([
          { customerId: `cus-a-${i}`, access: reader(`agt-${i % 3}`, requestId) },
          { customerId: `cus-b-${i}`, access: reader(`agt-${i % 3}`, requestId) },
        ]),
      ),
    );
    expect(counting.transactions()).toBe(1);
    const rows = await rowsOf(requests);
    expect(rows).toHaveLength(50);
    expect(new Set(rows.map((row) => row.id)).size).toBe(50);
    expect(rows[0]).toMatchObject({
      customer_id: 'cus-a-0',
      agent_id: 'agt-0',
      request_id: 'req-burst-00',
    });
    const [payload] = await database.db.query<{
      payload: Record<string, unknown>;
      summary: string;
    }>(
      `SELECT o.payload, o.summary FROM crm.outbox o JOIN crm.customer_access a ON a.id = o.id
        WHERE a.request_id = 'req-burst-07' AND a.customer_id = 'cus-b-7'`,
    );
    expect(payload).toEqual({
      summary: 'Opened by agt-1 (CustomerContext)',
      payload: expect.objectContaining({
        role: 'agent',
        team: 'care',
        requestId: 'req-burst-07',
        clientName: 'rep-desk',
        invalidates: [],
        timeline: false,
      }),
    });
  });

  it('lets reads that arrive during a commit share the next one', async () => {
    const counting = countingTransactions(database.db);
    const writer = createAccessWriter(counting.db);
    const first = writer.write([{ customerId: 'cus-1', access: reader('agt-1', 'req-wave-0') }]);
    // Queued after the first commit began, before it ended.
    await new Promise((resolve) => setImmediate(resolve));
    const later = Array.from({ length: 10 }, (_, i) =>
      writer.write([{ customerId: `cus-${i}`, access: reader('agt-2', `req-wave-${i + 1}`) }]),
    );
    await Promise.all([first, ...later]);
    expect(counting.transactions()).toBe(2);
    expect(await rowsOf(Array.from({ length: 11 }, (_, i) => `req-wave-${i}`))).toHaveLength(11);
  });

  it('never loses one request’s rows to another’s bad row, and never half-writes the bad one', async () => {
    const writer = createAccessWriter(database.db);
    const bad: AccessRecord = {
      customerId: 'cus-bad',
      // The table's CHECK allows agents and supervisors only.
      access: { ...reader('agt-x', 'req-mixed-bad'), role: 'customer' as AccessContext['role'] },
    };
    const outcomes = await Promise.allSettled([
      writer.write([{ customerId: 'cus-ok-1', access: reader('agt-1', 'req-mixed-ok1') }]),
      writer.write([
        { customerId: 'cus-bad-neighbour', access: reader('agt-x', 'req-mixed-bad') },
        bad,
      ]),
      writer.write([{ customerId: 'cus-ok-2', access: reader('agt-2', 'req-mixed-ok2') }]),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual([
      'fulfilled',
      'rejected',
      'fulfilled',
    ]);
    expect(
      (await rowsOf(['req-mixed-ok1', 'req-mixed-ok2'])).map((row) => row.customer_id),
    ).toEqual(['cus-ok-1', 'cus-ok-2']);
    const [written] = await database.db.query<{ access: number; events: number }>(
      `SELECT (SELECT count(*)::int FROM crm.customer_access WHERE request_id = 'req-mixed-bad') AS access,
              (SELECT count(*)::int FROM crm.outbox WHERE payload->>'requestId' = 'req-mixed-bad') AS events`,
    );
    expect(written).toEqual({ access: 0, events: 0 });
  });

  it('never retries a commit that may have gone through (a connection lost during COMMIT): no read recorded twice', async () => {
    let failures = 0;
    const flaky: Database = {
      ...database.db,
      transaction: async (fn) => {
        await database.db.transaction(fn);
        failures += 1;
        // Committed, but the client never heard back.
        throw new Error('Connection terminated unexpectedly');
      },
    };
    const writer = createAccessWriter(flaky);
    const requests = ['req-lost-1', 'req-lost-2', 'req-lost-3'];
    const outcomes = await Promise.allSettled(
      requests.map((requestId, i) =>
        writer.write([{ customerId: `cus-lost-${i}`, access: reader('agt-1', requestId) }]),
      ),
    );
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(failures).toBe(1);
    expect(await rowsOf(requests)).toHaveLength(3);
  });
});
