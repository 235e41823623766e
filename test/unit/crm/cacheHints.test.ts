import type { Claims } from '../../../lib/claims';
import { customerTag } from '../../../lib/cacheTags';
import { crmSubgraph } from '../../../subgraphs/crm/src';
import { PERSONA } from '../../../subgraphs/shared/seedIds';
import { startTestSubgraphs, type TestSubgraphs } from '../../harness/startTestSubgraphs';
import { oneEngine } from '../../harness/testDatabase';
import { postTo } from '../subgraphs/contractSupport';

/*
 * crm records every staff read of a customer (the access log). A cached answer would
 * skip that row, so an audited read is `no-store`; reads crm does not audit (the
 * customer themself, services) stay cacheable.
 */

const DANA = PERSONA.dana;
const AGENT: Claims = { sub: 'agt-care-jordan', role: 'agent', team: 'care', scopes: [] };
const SUPERVISOR: Claims = { sub: 'agt-care-lead', role: 'supervisor', team: 'care', scopes: [] };
const DANA_HERSELF: Claims = { sub: DANA, role: 'customer', scopes: [] };
const SERVICE: Claims = { sub: 'svc-billing', role: 'service', scopes: [] };

/** Every way crm reads a customer, each a query naming Dana. */
const READS: Record<string, [string, Record<string, unknown>?]> = {
  customer: [`{ customer(id: "${DANA}") { id displayName } }`],
  customerByIdentifier: [
    '{ customerByIdentifier(kind: PHONE, value: "(415) 555-0134") { id displayName } }',
  ],
  customersByIds: [`{ customersByIds(ids: ["${DANA}"]) { id displayName } }`],
  customers: ['{ customers(first: 100) { edges { node { id displayName } } } }'],
  _entities: [
    'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Customer { id displayName } } }',
    { r: [{ __typename: 'Customer', id: DANA }] },
  ],
};

describe.each(oneEngine())('crm cache hints on %s', (engine) => {
  let stack: TestSubgraphs;
  beforeAll(async () => {
    stack = await startTestSubgraphs([crmSubgraph], { engine, seedCustomers: 5 });
  });
  afterAll(() => stack?.stop());

  const accessRows = async (agentId: string): Promise<number> => {
    const [row] = await stack.database.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM crm.customer_access WHERE agent_id = $1 AND customer_id = $2',
      [agentId, DANA],
    );
    return row?.n ?? 0;
  };

  describe.each(Object.entries(READS))('reading Dana through %s', (_path, [query, variables]) => {
    it.each([
      ['an agent', AGENT],
      ['a supervisor', SUPERVISOR],
    ])('by %s is audited and no-store', async (_who, claims) => {
      const before = await accessRows(claims.sub);
      const answer = await postTo(stack, 'crm', query, variables, claims);
      expect(answer.errors).toEqual([]);
      expect(answer.cacheControl).toBe('no-store');
      expect(answer.extensions.cacheTags).toEqual(expect.arrayContaining([customerTag(DANA)]));
      expect(await accessRows(claims.sub)).toBe(before + 1);
    });

    it.each([
      ['Dana herself', DANA_HERSELF],
      ['a service', SERVICE],
    ])('by %s is not audited and cacheable, private', async (_who, claims) => {
      const answer = await postTo(stack, 'crm', query, variables, claims);
      expect(answer.errors).toEqual([]);
      expect(JSON.stringify(answer.data)).toContain(DANA);
      expect(answer.cacheControl).toBe('max-age=300, private');
      expect(answer.extensions.cacheTags).toEqual(expect.arrayContaining([customerTag(DANA)]));
    });
  });

  it('never caches an identifier nobody holds: it may be added to someone any time', async () => {
    const answer = await postTo(
      stack,
      'crm',
      '{ customerByIdentifier(kind: EMAIL, value: "nobody@example.com") { id } }',
      {},
      SERVICE,
    );
    expect(answer.data).toEqual({ customerByIdentifier: null });
    expect(answer.cacheControl).toBe('no-store');
    expect(answer.extensions.cacheTags).toEqual([]);
  });

  it('keeps the contact-restriction flags fresh (30 s) and the access log uncached', async () => {
    const attention = await postTo(
      stack,
      'crm',
      'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Customer { crmAttention { code } } } }',
      { r: [{ __typename: 'Customer', id: DANA }] },
      DANA_HERSELF,
    );
    expect(attention.cacheControl).toBe('max-age=30, private');
    const log = await postTo(
      stack,
      'crm',
      '{ customerAccessLog(first: 1) { edges { node { agentId } } } }',
      {},
      SUPERVISOR,
    );
    expect(log.errors).toEqual([]);
    expect(log.cacheControl).toBe('no-store');
  });
});
