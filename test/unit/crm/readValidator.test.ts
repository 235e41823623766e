import type { Claims } from '../../../lib/claims';
import { WANT_VALIDATOR_HEADER } from '../../../lib/readValidators';
import { signRequest } from '../../../lib/signedClaims';
import { crmSubgraph } from '../../../subgraphs/crm/src';
import {
  issueValidator,
  validatorHolds,
  validatorKey,
  verifyValidator,
  type ValidatorPayload,
} from '../../../subgraphs/crm/src/modules/audit/readValidator';
import { countStatements } from '../../../subgraphs/shared/db';
import { PERSONA } from '../../../subgraphs/shared/seedIds';
import { clearOfMinuteEnd, moveDateTo } from '../../harness/clearOfMinuteEnd';
import { eventually } from '../../harness/eventually';
import { startTestSubgraphs, type TestSubgraphs } from '../../harness/startTestSubgraphs';
import { testEngines } from '../../harness/testDatabase';

const agent = (sub: string, scopes: string[] = []): Claims => ({
  sub,
  role: 'agent',
  team: 'care',
  scopes,
});

const READ = /* GraphQL */ `
  query CustomerContext__crm__0($id: ID!) {
    customer(id: $id) {
      displayName
      contactPoints {
        kind
        value
      }
      crmAttention {
        code
        message
      }
    }
  }
`;

describe('crm read validators (signatures)', () => {
  const key = validatorKey('a-secret-of-the-subgraphs');
  const payload: ValidatorPayload = {
    v: 2,
    g: '7',
    i: 'install-1',
    d: [PERSONA.dana],
    m: 123,
    c: [PERSONA.dana],
    o: 'Ctx',
  };
  const binding = {
    query: READ,
    operationName: 'CustomerContext__crm__0',
    variables: { id: PERSONA.dana },
    claims: agent('agt-1', ['pii:read', 'notes:write']),
  };

  it('verifies a validator for the same request and authorization class, whoever of the class presents it, whatever the order of scopes and variables', () => {
    const etag = issueValidator(key, payload, binding);
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+"$/);
    expect(
      verifyValidator(key, etag, {
        ...binding,
        claims: agent('agt-1', ['notes:write', 'pii:read']),
      }),
    ).toEqual(payload);
    expect(
      verifyValidator(key, etag, {
        ...binding,
        claims: agent('agt-2', ['pii:read', 'notes:write']),
      }),
    ).toEqual(payload);
  });

  it.each([
    ['another rep without pii:read', { claims: agent('agt-2', ['notes:write']) }],
    ['the same caller with fewer scopes', { claims: agent('agt-1', ['notes:write']) }],
    [
      'a supervisor of the team',
      { claims: { ...agent('agt-1', ['pii:read', 'notes:write']), role: 'supervisor' as const } },
    ],
    [
      'a customer',
      {
        claims: {
          sub: PERSONA.dana,
          role: 'customer' as const,
          scopes: ['pii:read', 'notes:write'],
        },
      },
    ],
    ['another team', { claims: { ...agent('agt-1', ['pii:read', 'notes:write']), team: 'sales' } }],
    ['other variables', { variables: { id: PERSONA.sam } }],
    ['another query', { query: READ.replace('displayName', 'status') }],
    ['another operation name', { operationName: 'Other' }],
  ])('refuses a validator presented for %s', (_label, change) => {
    const etag = issueValidator(key, payload, binding);
    expect(verifyValidator(key, etag, { ...binding, ...change })).toBeNull();
  });

  it('refuses a tampered payload, another key, a weak or listed tag, and garbage', () => {
    const etag = issueValidator(key, payload, binding);
    const [body, signature] = etag.slice(1, -1).split('.') as [string, string];
    const forged = Buffer.from(JSON.stringify({ ...payload, g: '8' })).toString('base64url');
    expect(verifyValidator(key, `"${forged}.${signature}"`, binding)).toBeNull();
    expect(verifyValidator(validatorKey('another secret'), etag, binding)).toBeNull();
    expect(verifyValidator(key, `W/${etag}`, binding)).toBeNull();
    expect(verifyValidator(key, `${etag}, "other"`, binding)).toBeNull();
    expect(verifyValidator(key, '*', binding)).toBeNull();
    expect(verifyValidator(key, `"${body}.${signature}x"`, binding)).toBeNull();
    expect(verifyValidator(key, '', binding)).toBeNull();
  });
});

describe.each(testEngines())('crm conditional reads on %s', (engine) => {
  let stack: TestSubgraphs;
  beforeAll(async () => {
    stack = await startTestSubgraphs([crmSubgraph], { engine, seedCustomers: 5 });
  });
  afterAll(() => stack.stop());
  // A validator holds within the UTC minute it was issued in: a test expecting a 304
  // must not straddle a minute's end.
  beforeEach(() => clearOfMinuteEnd());
  afterEach(() => jest.useRealTimers());

  interface Answer {
    status: number;
    etag: string | null;
    body: string;
  }

  async function post(
    claims: Claims,
    headers: Record<string, string>,
    query = READ,
    variables: Record<string, unknown> = { id: PERSONA.dana },
  ): Promise<Answer> {
    const url = `${stack.subgraphs.crm!.url}/graphql`;
    const body = JSON.stringify({ query, operationName: 'CustomerContext__crm__0', variables });
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...signRequest(claims, stack.secret, { subgraph: 'crm', body }),
        ...headers,
      },
      body,
    });
    return {
      status: response.status,
      etag: response.headers.get('etag'),
      body: await response.text(),
    };
  }

  /** The GraphQL body of a 200 answer. */
  const json = (answer: Answer) =>
    JSON.parse(answer.body) as {
      data?: { customer: { displayName: string } | null };
      errors?: unknown[];
    };
  const accessRows = async (agentId: string): Promise<number> => {
    const [row] = await stack.database.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM crm.customer_access WHERE agent_id = $1',
      [agentId],
    );
    return row!.n;
  };
  const viewedEvents = async (agentId: string): Promise<number> => {
    const [row] = await stack.database.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM crm.outbox WHERE actor = $1 AND event_type = 'customer.viewed'`,
      [agentId],
    );
    return row!.n;
  };
  const want = { [WANT_VALIDATOR_HEADER]: '1' };

  it('gives an audited read a validator only when asked, and answers it 304 with its audit row and event, reading nothing else', async () => {
    const rep = agent('agt-validator-1');
    expect((await post(rep, {})).etag).toBeNull();
    const full = await post(rep, want);
    expect(full.status).toBe(200);
    expect(json(full).data!.customer!.displayName).toBe('Dana Reyes');
    expect(full.etag).not.toBeNull();
    expect(await accessRows(rep.sub)).toBe(2);

    const before = await stack.statements('crm');
    const again = await post(rep, { 'if-none-match': full.etag!, 'x-request-id': 'req-304' });
    const spent = (await stack.statements('crm')) - before;
    expect(again).toEqual({ status: 304, etag: full.etag, body: '' });
    // The generation, then the audit row and its event (one statement).
    expect(spent).toBe(2);
    expect(await accessRows(rep.sub)).toBe(3);
    expect(await viewedEvents(rep.sub)).toBe(3);
    const [row] = await stack.database.db.query<{ operation_name: string; request_id: string }>(
      `SELECT operation_name, request_id FROM crm.customer_access
        WHERE agent_id = $1 ORDER BY accessed_at DESC, id DESC LIMIT 1`,
      [rep.sub],
    );
    expect(row).toEqual({ operation_name: 'CustomerContext', request_id: 'req-304' });
  });

  /** Writes to Dana's data, then to Sam's only, table by table. */
  const WRITES: [string, string, string][] = [
    ['crm.customer', 'UPDATE crm.customer SET given_name = given_name WHERE id = $1', ''],
    [
      'crm.contact_point',
      'UPDATE crm.contact_point SET verified = verified WHERE customer_id = $1',
      '',
    ],
    [
      'crm.preferences',
      'UPDATE crm.preferences SET language = language WHERE customer_id = $1',
      '',
    ],
    ['crm.consent', 'UPDATE crm.consent SET granted = granted WHERE customer_id = $1', ''],
    [
      'crm.place',
      `UPDATE crm.place SET city = city
        WHERE id IN (SELECT place_id FROM crm.customer_place WHERE customer_id = $1)
          AND id NOT IN (SELECT place_id FROM crm.customer_place WHERE customer_id <> $1)`,
      '',
    ],
    [
      'crm.customer_place',
      'UPDATE crm.customer_place SET place_id = place_id WHERE customer_id = $1',
      '',
    ],
  ];

  it.each(WRITES)(
    'runs the read in full after a write to %s about the customer read, with a new validator',
    async (_table, write) => {
      const rep = agent('agt-validator-write');
      const full = await post(rep, want);
      expect((await post(rep, { ...want, 'if-none-match': full.etag! })).status).toBe(304);
      const [{ n } = { n: 0 }] = await stack.database.db.query<{ n: number }>(
        `WITH w AS (${write.replaceAll('$1', `'${PERSONA.dana}'`)} RETURNING 1)
         SELECT count(*)::int AS n FROM w`,
      );
      // The write really touched a row of Dana's (else the test would prove nothing).
      expect(n).toBeGreaterThan(0);
      const after = await post(rep, { ...want, 'if-none-match': full.etag! });
      expect(after.status).toBe(200);
      expect(json(after).data!.customer!.displayName).toBe('Dana Reyes');
      expect(after.etag).not.toBeNull();
      expect(after.etag).not.toBe(full.etag);
      expect((await post(rep, { 'if-none-match': after.etag! })).status).toBe(304);
    },
  );

  it.each(WRITES)(
    'keeps the validator through a write to %s about another customer only',
    async (_table, write) => {
      const rep = agent('agt-validator-other-write');
      const full = await post(rep, want);
      const [{ n } = { n: 0 }] = await stack.database.db.query<{ n: number }>(
        `WITH w AS (${write.replaceAll('$1', `'${PERSONA.sam}'`)} RETURNING 1)
         SELECT count(*)::int AS n FROM w`,
      );
      expect(n).toBeGreaterThan(0);
      expect((await post(rep, { ...want, 'if-none-match': full.etag! })).status).toBe(304);
    },
  );

  // Two connections at once: PostgreSQL only. PGlite has one connection, so no edit can
  // wait on another's lock and the race cannot happen there; an edit after the link has
  // committed (no race) is what the crm.place row of WRITES above checks on both engines.
  if (engine === 'postgres')
    it('stamps the customers linked to an edited place as they are once the edit holds the lock, so a link committed while it waited is not missed', async () => {
      const { db } = stack.database;
      const [place] = await db.query<{ id: string }>(
        `SELECT place_id AS id FROM crm.customer_place WHERE customer_id = $1
           AND place_id NOT IN (SELECT place_id FROM crm.customer_place WHERE customer_id = $2)
         LIMIT 1`,
        [PERSONA.sam, PERSONA.dana],
      );
      expect(place).toBeDefined();
      let edit: Promise<unknown> | undefined;
      try {
        await db.transaction(async (tx) => {
          // Links Dana to Sam's place, stamping Dana and holding the counter's lock...
          await tx.query(
            'INSERT INTO crm.customer_place (customer_id, place_id, position) VALUES ($1, $2, 9)',
            [PERSONA.dana, place!.id],
          );
          // ...while another connection edits the place and has to wait for it.
          edit = db.query('UPDATE crm.place SET city = city WHERE id = $1', [place!.id]);
          // Commit only once the edit is blocked on a lock, as a third connection sees it,
          // so the race always happens: the edit takes its stamp after the link commits.
          await eventually(async () => {
            const [waiting] = await db.query<{ n: number }>(
              `SELECT count(*)::int AS n FROM pg_stat_activity
                WHERE datname = current_database() AND pid <> pg_backend_pid()
                  AND wait_event_type = 'Lock' AND query LIKE 'UPDATE crm.place %'`,
            );
            expect(waiting!.n).toBe(1);
          });
        });
        await edit;
        const [row] = await db.query<{ dana: string; counter: string }>(
          `SELECT (SELECT changed_at FROM crm.customer_version WHERE customer_id = $1)::text AS dana,
                  (SELECT n FROM crm.data_generation)::text AS counter`,
          [PERSONA.dana],
        );
        // The edit, the last write, stamped Dana too: a validator issued between the
        // two commits does not outlive the edit.
        expect(row!.dana).toBe(row!.counter);
      } finally {
        await db.query('DELETE FROM crm.customer_place WHERE customer_id = $1 AND place_id = $2', [
          PERSONA.dana,
          place!.id,
        ]);
      }
    });

  it('never holds a validator issued by another copy of the database (its install value differs)', async () => {
    const rep = agent('agt-validator-install');
    const full = await post(rep, want);
    expect((await post(rep, { 'if-none-match': full.etag! })).status).toBe(304);
    const [{ install } = { install: '' }] = await stack.database.db.query<{ install: string }>(
      'SELECT install FROM crm.data_generation',
    );
    await stack.database.db.query("UPDATE crm.data_generation SET install = 'recreated'");
    try {
      expect((await post(rep, { 'if-none-match': full.etag! })).status).toBe(200);
    } finally {
      await stack.database.db.query('UPDATE crm.data_generation SET install = $1', [install]);
    }
  });

  it('runs in full a read of several ids once one that was missing is created', async () => {
    const rep = agent('agt-validator-ids');
    const byIds = /* GraphQL */ `
      query CustomerContext__crm__0($ids: [ID!]!) {
        customersByIds(ids: $ids) {
          displayName
        }
      }
    `;
    const newId = `cus-validator-${Date.now()}`;
    const variables = { ids: [PERSONA.dana, newId] };
    const full = await post(rep, want, byIds, variables);
    expect(JSON.parse(full.body)).toMatchObject({ data: { customersByIds: [{}, null] } });
    expect((await post(rep, { 'if-none-match': full.etag! }, byIds, variables)).status).toBe(304);
    await stack.database.db.query(
      `INSERT INTO crm.customer (id, given_name, family_name, status, segment)
       SELECT $1, 'New', 'Customer', status, segment FROM crm.customer WHERE id = $2`,
      [newId, PERSONA.dana],
    );
    const after = await post(rep, { 'if-none-match': full.etag! }, byIds, variables);
    expect(after.status).toBe(200);
    expect(JSON.parse(after.body)).toMatchObject({
      data: { customersByIds: [{}, { displayName: 'New Customer' }] },
    });
  });

  it.each([
    ['a page of customers', 'customers(first: 2) { edges { node { displayName } } }'],
    ['a place', `place(id: "nowhere") { city }`],
    [
      'an identifier that names no one',
      'customerByIdentifier(kind: EMAIL, value: "nobody@example.com") { id }',
    ],
  ])('gives no validator to an answer holding %s', async (_label, field) => {
    const answer = await post(
      agent('agt-validator-uncovered'),
      want,
      `query CustomerContext__crm__0($id: ID!) { customer(id: $id) { displayName } ${field} }`,
    );
    expect(json(answer).errors).toBeUndefined();
    expect(answer.etag).toBeNull();
  });

  it('shows a change behind its back at once, audited once', async () => {
    const rep = agent('agt-validator-change');
    const full = await post(rep, want);
    await stack.database.db.query(`UPDATE crm.customer SET given_name = 'Danielle' WHERE id = $1`, [
      PERSONA.dana,
    ]);
    try {
      const before = await accessRows(rep.sub);
      const after = await post(rep, { ...want, 'if-none-match': full.etag! });
      expect(after.status).toBe(200);
      expect(json(after).data!.customer!.displayName).toBe('Danielle Reyes');
      expect(await accessRows(rep.sub)).toBe(before + 1);
    } finally {
      await stack.database.db.query(`UPDATE crm.customer SET given_name = 'Dana' WHERE id = $1`, [
        PERSONA.dana,
      ]);
    }
  });

  it('checks the validators of reads arriving together in one statement, each against its own customers', async () => {
    const [generation] = await stack.database.db.query<{ n: string; install: string }>(
      'SELECT n::text AS n, install FROM crm.data_generation',
    );
    const { n, install } = generation!;
    // Lee changes after the validators' generation; Dana does not.
    await stack.database.db.query(`UPDATE crm.customer SET given_name = 'Leigh' WHERE id = $1`, [
      PERSONA.lee,
    ]);
    try {
      let statements = 0;
      const db = countStatements(stack.database.db, () => statements++);
      expect(
        await Promise.all([
          validatorHolds(db, n, install, [PERSONA.dana]),
          validatorHolds(db, n, install, [PERSONA.dana, PERSONA.lee]),
          validatorHolds(db, n, install, [PERSONA.sam]),
          validatorHolds(db, n, 'another-install', [PERSONA.sam]),
          // Naming nobody (crm signs no such validator) or a malformed counter: never holds.
          validatorHolds(db, n, install, []),
          validatorHolds(db, 'not-a-number', install, [PERSONA.sam]),
        ]),
      ).toEqual([true, false, true, false, false, false]);
      expect(statements).toBe(1);
    } finally {
      await stack.database.db.query(`UPDATE crm.customer SET given_name = 'Lee' WHERE id = $1`, [
        PERSONA.lee,
      ]);
    }
  });

  it('answers 304 to another rep of the class, recording that rep, not the one it was issued to', async () => {
    const first = agent('agt-validator-first', ['pii:read']);
    const second = agent('agt-validator-second', ['pii:read']);
    const { etag } = await post(first, want);
    expect(await accessRows(first.sub)).toBe(1);
    const again = await post(second, { 'if-none-match': etag! });
    expect(again.status).toBe(304);
    expect(await accessRows(first.sub)).toBe(1);
    expect(await accessRows(second.sub)).toBe(1);
    expect(await viewedEvents(second.sub)).toBe(1);
  });

  it('runs in full a validator presented by a rep of another class, for other variables, or out of its minute, and never answers 304 to a customer or an unsigned request', async () => {
    const rep = agent('agt-validator-own');
    const { etag } = await post(rep, want);
    expect(
      (await post(agent('agt-validator-other', ['pii:read']), { 'if-none-match': etag! })).status,
    ).toBe(200);
    expect(
      (await post({ ...agent('agt-validator-sales'), team: 'sales' }, { 'if-none-match': etag! }))
        .status,
    ).toBe(200);
    expect((await post(rep, { 'if-none-match': etag! }, READ, { id: PERSONA.sam })).status).toBe(
      200,
    );
    const customer: Claims = { sub: PERSONA.dana, role: 'customer', scopes: [] };
    const own = await post(customer, { ...want, 'if-none-match': etag! });
    expect(own.status).toBe(200);
    expect(own.etag).toBeNull();
    const unsigned = await fetch(`${stack.subgraphs.crm!.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'if-none-match': etag! },
      body: JSON.stringify({ query: READ, variables: { id: PERSONA.dana } }),
    });
    expect(unsigned.status).toBe(401);

    // The next minute: only Date moves (afterEach puts the real one back).
    moveDateTo(Date.now() + 60_000);
    expect((await post(rep, { 'if-none-match': etag! })).status).toBe(200);
  });

  it('gives no validator to an answer holding the access log, or to one with errors', async () => {
    const supervisor: Claims = {
      sub: 'agt-validator-lead',
      role: 'supervisor',
      team: 'care',
      scopes: [],
    };
    const withLog = await post(
      supervisor,
      want,
      /* GraphQL */ `
        query CustomerContext__crm__0($id: ID!) {
          customer(id: $id) {
            displayName
          }
          customerAccessLog(customerId: $id, first: 1) {
            edges {
              node {
                agentId
              }
            }
          }
        }
      `,
    );
    expect(withLog.status).toBe(200);
    expect(json(withLog).errors).toBeUndefined();
    expect(withLog.etag).toBeNull();
    const failing = await post(
      agent('agt-validator-error'),
      want,
      /* GraphQL */ `
        query CustomerContext__crm__0($id: ID!) {
          customer(id: $id) {
            displayName
          }
          customerAccessLog(first: 1) {
            edges {
              node {
                agentId
              }
            }
          }
        }
      `,
    );
    expect(json(failing).errors).toBeDefined();
    expect(failing.etag).toBeNull();
  });
});
