import type { Claims } from '../../lib/claims';
import { PERSONA } from '../../subgraphs/shared/seedIds';
import { eventually } from '../harness/eventually';
import { postToGateway, type RawGatewayResponse } from '../harness/postToGateway';
import { startTestStack, type TestStack } from '../harness/startTestStack';
import { timelineCaughtUp } from '../harness/timelineCaughtUp';

/*
 * The caches, batching and deduplication keyed by authorization class where the
 * subgraphs declare an answer depends on nothing else (`x-cc-answer-scope: class`,
 * lib/answerScope.ts), through the real gateway and subgraphs: reps of one class share
 * stored answers, every rep's read is still on record by name in every subgraph, and no
 * answer crosses to a caller of another class, a customer or an anonymous caller.
 */

jest.setTimeout(120_000);

/** Reps of one class: care agents with pii:read, as the bench's 200 reps are. */
const rep = (n: number): Claims => ({
  sub: `agt-class-${n}`,
  role: 'agent',
  team: 'care',
  scopes: ['pii:read'],
});
const NO_PII: Claims = { sub: 'agt-class-nopii', role: 'agent', team: 'care', scopes: [] };
const SALES: Claims = {
  sub: 'agt-class-sales',
  role: 'agent',
  team: 'sales',
  scopes: ['pii:read'],
};
const SUPERVISOR: Claims = {
  sub: 'sup-class-lead',
  role: 'supervisor',
  team: 'care',
  scopes: ['pii:read'],
};
const PRIYA: Claims = { sub: PERSONA.priya, role: 'customer', scopes: [] };
const DANA: Claims = { sub: PERSONA.dana, role: 'customer', scopes: [] };

/** A rep's read touching crm (audited root field), orders and support (audited entities). */
const REP_READ = /* GraphQL */ `
  query ClassRead($id: ID!) {
    customer(id: $id) {
      id
      displayName
      contactPoints {
        kind
        value
        masked
      }
      orders(first: 3) {
        edges {
          node {
            id
            status
          }
        }
      }
      cases(openOnly: true) {
        id
        title
      }
    }
  }
`;

describe('caches keyed by authorization class', () => {
  let stack: TestStack;
  const tokens = new Map<string, string>();
  const token = async (claims: Claims): Promise<string> => {
    let known = tokens.get(claims.sub);
    if (!known) {
      known = await stack.tokenFor(claims);
      tokens.set(claims.sub, known);
    }
    return known;
  };
  const ask = async (
    claims: Claims | null,
    query: string,
    variables: Record<string, unknown>,
  ): Promise<RawGatewayResponse> =>
    postToGateway(
      stack.gateway.url,
      { query, variables },
      claims ? { authorization: `Bearer ${await token(claims)}` } : {},
    );
  /** Rows naming `agentId` for `customerId` in `table` (`crm.customer_access`, `orders.entity_access`...). */
  const rows = async (table: string, agentId: string, customerId: string): Promise<number> => {
    const [row] = await stack.database.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ${table} WHERE agent_id = $1 AND customer_id = $2`,
      [agentId, customerId],
    );
    return row!.n;
  };
  const AUDITED = ['crm.customer_access', 'orders.entity_access', 'support.entity_access'];
  const auditRows = async (agentId: string, customerId: string): Promise<number[]> =>
    Promise.all(AUDITED.map((table) => rows(table, agentId, customerId)));

  beforeAll(async () => {
    stack = await startTestStack({ seedCustomers: 3 });
    // The seed's history reaches the timeline for a while after start, each entry with an
    // event that evicts the customer's stored answers: wait until every customer's
    // history is on the timeline and every outbox is published (those events among
    // them), so a stored answer is evicted by nothing the tests did not do.
    const events = Object.keys(stack.subgraphs)
      .map((schema) => `SELECT customer_id, published_at FROM ${schema}.outbox`)
      .join(' UNION ALL ');
    const customers = await stack.database.db.query<{ id: string }>(
      `SELECT DISTINCT customer_id AS id FROM (${events}) AS event ORDER BY 1`,
    );
    for (const customer of customers) await timelineCaughtUp(stack, customer.id);
    await eventually(async () => {
      await stack.flushOutboxes();
      const [row] = await stack.database.db.query<{ unpublished: number }>(
        `SELECT count(*)::int AS unpublished FROM (${events}) AS event WHERE published_at IS NULL`,
      );
      expect(row!.unpublished).toBe(0);
    });
  });
  afterAll(() => stack?.stop());

  it('serves reps of one class one stored answer, and every rep is on record by name in crm, orders and support', async () => {
    // Once the seed's events are all applied, a rep's answer stays stored.
    let first: RawGatewayResponse | undefined;
    await eventually(async () => {
      first = await ask(rep(0), REP_READ, { id: PERSONA.priya });
      expect(first.body.errors).toBeUndefined();
      expect((await ask(rep(0), REP_READ, { id: PERSONA.priya })).headers.get('x-cache')).toBe(
        'revalidated',
      );
    });
    const storer = await auditRows(rep(0).sub, PERSONA.priya);
    // crm audits every read of the customer; orders and support recorded the first at
    // least (a repeat by the same rep may come from what was stored for them alone).
    const [crmRows, ordersRows, supportRows] = storer;
    expect(crmRows).toBeGreaterThanOrEqual(2);
    expect(ordersRows).toBeGreaterThanOrEqual(1);
    expect(supportRows).toBeGreaterThanOrEqual(1);
    const outcomes: (string | null)[] = [];
    for (let n = 1; n <= 6; n++) {
      const read = await ask(rep(n), REP_READ, { id: PERSONA.priya });
      expect(read.body).toEqual(first!.body);
      outcomes.push(read.headers.get('x-cache'));
      expect(await auditRows(rep(n).sub, PERSONA.priya)).toEqual([1, 1, 1]);
    }
    // From the stored answer, after crm and the receipts answered "not modified". Now and
    // then a read finds it replaced ("miss": crm's validator holds within the minute it
    // was issued in, and the reads' own events reach the gateway asynchronously); keyed by
    // identity, none would be served from it.
    expect(outcomes.filter((outcome) => outcome === 'revalidated').length).toBeGreaterThanOrEqual(
      4,
    );
    expect(outcomes.every((outcome) => outcome === 'revalidated' || outcome === 'miss')).toBe(true);
    // No read of theirs was recorded under the rep who stored the answer.
    expect(await auditRows(rep(0).sub, PERSONA.priya)).toEqual(storer);
  });

  it('never serves that answer, or its entities, to a caller of another class, a customer or an anonymous caller', async () => {
    const stored = await ask(rep(10), REP_READ, { id: PERSONA.priya });
    expect(stored.body.errors).toBeUndefined();
    const shared = JSON.stringify(stored.body);
    for (const other of [NO_PII, SALES, SUPERVISOR]) {
      const read = await ask(other, REP_READ, { id: PERSONA.priya });
      expect(read.body.errors).toBeUndefined();
      // Nothing from another class's entries: not even an entity ("partial").
      expect(read.headers.get('x-cache')).toBe('miss');
      expect(await auditRows(other.sub, PERSONA.priya)).toEqual([1, 1, 1]);
    }
    // The rep without pii:read sees masked contact values: the answers differ.
    const masked = await ask(NO_PII, REP_READ, { id: PERSONA.priya });
    expect(JSON.stringify(masked.body)).not.toBe(shared);
    // Priya's own answer, stored for her alone, is never Dana's (one class: customers).
    await eventually(async () => {
      await ask(PRIYA, REP_READ, { id: PERSONA.priya });
      const own = await ask(PRIYA, REP_READ, { id: PERSONA.priya });
      expect(own.headers.get('x-cache')).toBe('hit');
      expect((own.body.data as { customer: { id: string } }).customer.id).toBe(PERSONA.priya);
      const other = await ask(DANA, REP_READ, { id: PERSONA.priya });
      expect(other.headers.get('x-cache')).not.toBe('hit');
      expect((other.body.data as { customer: unknown } | undefined)?.customer ?? null).toBeNull();
    });
    const anonymous = await ask(null, REP_READ, { id: PERSONA.priya });
    expect(anonymous.headers.get('x-cache')).not.toBe('revalidated');
    expect(JSON.stringify(anonymous.body)).not.toContain('Priya');
  });

  it('never serves another rep an entity whose read was recorded for the rep who fetched it', async () => {
    // Same entity fetches, other documents (the root also asks __typename, under another
    // alias each): the whole answer is not stored for them, only the entity cache could
    // answer. The storer's own read of one shows the entities are there ("partial").
    const variant = (alias: string) =>
      REP_READ.replace(
        'query ClassRead($id: ID!) {',
        `query ClassRead($id: ID!) { ${alias}: __typename`,
      );
    let attempt = 0;
    await eventually(async () => {
      attempt += 1;
      const other = rep(20 + attempt);
      await ask(rep(20), REP_READ, { id: PERSONA.sam });
      const own = await ask(rep(20), variant(`own${attempt}`), { id: PERSONA.sam });
      expect(own.headers.get('x-cache')).toBe('partial');
      const read = await ask(other, variant(`other${attempt}`), { id: PERSONA.sam });
      expect(read.body.errors).toBeUndefined();
      expect(read.headers.get('x-cache')).toBe('miss');
      expect(await auditRows(other.sub, PERSONA.sam)).toEqual([1, 1, 1]);
    });
  });

  it('never merges reps’ concurrent calls into one: each read is on record under the rep who made it', async () => {
    const customers = [PERSONA.dana, PERSONA.sam, PERSONA.priya, PERSONA.lee];
    // One document, so every request's entity fetches could share a call; another
    // document than the other tests', so nothing is answered from their stored answers.
    const query = REP_READ.replace('query ClassRead', 'query ClassReadConcurrent');
    const reads = await Promise.all(
      Array.from({ length: 16 }, (_, i) =>
        ask(rep(30 + i), query, { id: customers[i % customers.length] }),
      ),
    );
    for (const read of reads) expect(read.body.errors).toBeUndefined();
    for (let i = 0; i < 16; i++) {
      const reader = rep(30 + i).sub;
      for (const customer of customers) {
        const expected = customer === customers[i % customers.length] ? 1 : 0;
        const recorded = await rows('orders.entity_access', reader, customer);
        expect({ reader, customer, recorded }).toEqual({ reader, customer, recorded: expected });
        expect(await rows('crm.customer_access', reader, customer)).toBe(expected);
      }
    }
  });

  it('answers identical requests of two reps in flight at once each on record under its own name', async () => {
    const query = REP_READ.replace('query ClassRead', 'query ClassReadTogether');
    for (let round = 0; round < 3; round++) {
      const [a, b] = await Promise.all([
        ask(rep(50), query, { id: PERSONA.lee }),
        ask(rep(51), query, { id: PERSONA.lee }),
      ]);
      expect(a.body).toEqual(b.body);
    }
    // Lee has no open case: support records nothing for anyone.
    expect(await auditRows(rep(50).sub, PERSONA.lee)).toEqual([3, 3, 0]);
    expect(await auditRows(rep(51).sub, PERSONA.lee)).toEqual([3, 3, 0]);
  });
});
