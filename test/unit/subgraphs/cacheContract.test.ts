import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getNamedType } from 'graphql';
import { queryPlansFor } from '../../../bench/queryPlans';
import type { Claims } from '../../../lib/claims';
import { customerTag, customerUnreadTag, customerViewsTag } from '../../../lib/cacheTags';
import { SUBGRAPHS } from '../../../subgraphs/registry';
import {
  OFFERING,
  PERSONA,
  PERSONA_ORDER,
  PERSONA_PLACE,
  PERSONA_PROVISIONING,
  PERSONA_SUPPORT,
} from '../../../subgraphs/shared/seedIds';
import { CUSTOMER_CONTEXT } from '../../harness/customerContext';
import { eventually } from '../../harness/eventually';
import { startTestSubgraphs, type TestSubgraphs } from '../../harness/startTestSubgraphs';
import {
  everyField,
  postTo,
  resolvableEntityTypes,
  rootQueryFields,
  subgraphSchema,
  type SubgraphAnswer,
} from './contractSupport';
import { replayPlan } from './replayPlan';
import { assigneeWithUnreadNotes } from '../../harness/unreadNotes';

/*
 * The subgraph side of the gateway's cache contract: every answer computed from a
 * customer's data carries `customer:<id>` in `extensions.cacheTags`, whatever path
 * produced it (root field, entity reference, nested field, @requires), and its
 * `Cache-Control` says how long and for whom it may be cached. The tables below must
 * name every entity type and root field the subgraphs have: a new one fails the
 * "covers every ..." tests until it is added here, and so gets checked.
 */

const DANA = PERSONA.dana;
const AGENT: Claims = { sub: PERSONA_SUPPORT.careRep, role: 'agent', team: 'care', scopes: [] };
const SUPERVISOR: Claims = { sub: 'agt-care-lead', role: 'supervisor', team: 'care', scopes: [] };
const PRIVATE_CACHEABLE = /^max-age=(30|300), private$/;

/** Tables of the entity types a customer owns (each row has `customer_id`). */
const OWNED_ENTITY_TABLES: Record<string, string> = {
  Order: 'orders."order"',
  Service: 'provisioning.service',
  ServiceOrder: 'provisioning.service_order',
  Appointment: 'provisioning.appointment',
  Case: 'support."case"',
  Note: 'support.note',
  Conversation: 'support.conversation',
  Interaction: 'support.interaction',
  AppSession: 'engagement.app_session',
  // A place is its customers' (crm reads the links to decide who may read it).
  Place: '(SELECT place_id AS id, customer_id FROM crm.customer_place) AS place_owner',
};

/** Entity types no customer owns: never tagged, with the policy each answers with. */
const CUSTOMERLESS_ENTITIES: Record<string, { id: string; cacheControl: string }> = {
  ProductOffering: { id: OFFERING.internet300, cacheControl: 'max-age=3600, public' },
  Technician: { id: PERSONA_PROVISIONING.installer, cacheControl: 'max-age=300, public' },
};

/** What @requires fields expect in a `Customer` representation (values do not matter here). */
/**
 * Entity types a subgraph only extends and resolves from the key alone, reading nothing
 * for `__typename`: such an answer holds no customer data, so it needs no tag.
 */
const KEY_ONLY_REFERENCES = new Set(['provisioning.Order']);

const CUSTOMER_REQUIRES = {
  activeServiceOfferingIds: [],
  crmAttention: [],
  ordersAttention: [],
  provisioningAttention: [],
  inFlightOrderIds: [],
};

/** Ids of seeded rows the root-field cases ask for, and whose they are. */
interface Samples {
  interaction: { id: string; customer_id: string };
  note: { id: string; customer_id: string };
}

interface RootCase {
  args: (samples: Samples) => string;
  /** Customers the answer must be tagged with; empty: no tag at all. */
  owners: (samples: Samples, data: Record<string, unknown>) => string[];
  cacheControl: string | RegExp;
  claims?: Claims;
  /** For an access log: an agent's read of Dana's data in that subgraph, so it lists one. */
  agentRead?: string;
}

const owned = (id: string): Pick<RootCase, 'owners' | 'cacheControl'> => ({
  owners: () => [id],
  cacheControl: PRIVATE_CACHEABLE,
});
const none = (cacheControl: string): Pick<RootCase, 'owners' | 'cacheControl'> => ({
  owners: () => [],
  cacheControl,
});

/** A subgraph's access log, listing Dana's reads for a supervisor after `agentRead`. */
function accessLog(agentRead: string): RootCase {
  return {
    args: () => `(customerId: "${DANA}", first: 5)`,
    owners: () => [DANA],
    cacheControl: 'no-store',
    claims: SUPERVISOR,
    agentRead,
  };
}

/** Every root query field of every subgraph, with arguments and what its answer must carry. */
const ROOT_CASES: Record<string, RootCase> = {
  'crm.customer': { args: () => `(id: "${DANA}")`, ...owned(DANA) },
  'crm.customerByIdentifier': {
    args: () => '(kind: EMAIL, value: "Dana.Reyes@example.com")',
    ...owned(DANA),
  },
  'crm.customersByIds': {
    args: () => `(ids: ["${DANA}", "${PERSONA.sam}", "cus-nobody"])`,
    owners: () => [DANA, PERSONA.sam],
    cacheControl: PRIVATE_CACHEABLE,
  },
  'crm.customers': {
    args: () => '(first: 3)',
    owners: (_s, data) => idsAt(data, ['customers', 'edges', 'node']),
    cacheControl: PRIVATE_CACHEABLE,
  },
  'crm.place': {
    args: () => `(id: "${PERSONA_PLACE.danaNewHome}")`,
    ...owned(DANA),
  },
  'crm.customerAccessLog': accessLog(`{ customer(id: "${DANA}") { id } }`),
  'orders.ordersAccessLog': accessLog(`{ order(id: "${PERSONA_ORDER.danaMove}") { id } }`),
  'provisioning.provisioningAccessLog': accessLog(
    `{ appointment(id: "${PERSONA_PROVISIONING.danaFirstVisit}") { id } }`,
  ),
  'support.supportAccessLog': accessLog(`{ case(id: "${PERSONA_SUPPORT.danaCase}") { id } }`),
  // Figures over many customers, about none of them: no tag, cached per caller.
  'engagement.appFunctionOutcomes': {
    args: () => `(since: "${inDays(-30)}", until: "${inDays(1)}")`,
    ...none('max-age=60, private'),
    claims: SUPERVISOR,
  },
  'engagement.engagementAccessLog': accessLog(
    `{ _entities(representations: [{ __typename: "Customer", id: "${DANA}" }]) { ... on Customer { appSessions { id } } } }`,
  ),
  'orders.order': { args: () => `(id: "${PERSONA_ORDER.danaMove}")`, ...owned(DANA) },
  'orders.productOffering': {
    args: () => `(id: "${OFFERING.internet300}")`,
    ...none('max-age=3600, public'),
  },
  'orders.productOfferings': { args: () => '', ...none('max-age=3600, public') },
  'provisioning.service': {
    args: () => `(id: "${PERSONA_PROVISIONING.danaInternet}")`,
    ...owned(DANA),
  },
  'provisioning.appointment': {
    args: () => `(id: "${PERSONA_PROVISIONING.danaSecondVisit}")`,
    ...owned(DANA),
  },
  'provisioning.serviceOrder': {
    args: () => `(id: "${PERSONA_PROVISIONING.danaServiceOrder}")`,
    ...owned(DANA),
  },
  'provisioning.technician': {
    args: () => `(id: "${PERSONA_PROVISIONING.installer}")`,
    ...none('max-age=300, public'),
  },
  'provisioning.technicians': { args: () => '(first: 5)', ...none('max-age=300, public') },
  'provisioning.availableSlots': {
    args: () =>
      `(input: { jobType: REPAIR, requiredSkills: [REPAIR], from: "${inDays(2)}", days: 1 })`,
    ...none('no-store'),
  },
  'support.case': { args: () => `(id: "${PERSONA_SUPPORT.danaCase}")`, ...owned(DANA) },
  'support.conversation': {
    args: () => `(id: "${PERSONA_SUPPORT.samConversation}")`,
    ...owned(PERSONA.sam),
  },
  'support.interaction': {
    args: (s) => `(id: "${s.interaction.id}")`,
    owners: (s) => [s.interaction.customer_id],
    cacheControl: PRIVATE_CACHEABLE,
  },
  'support.note': {
    args: (s) => `(id: "${s.note.id}")`,
    owners: (s) => [s.note.customer_id],
    cacheControl: PRIVATE_CACHEABLE,
  },
};

const SUBGRAPH_NAMES = SUBGRAPHS.map((s) => s.name);
const ENTITY_CASES = SUBGRAPH_NAMES.flatMap((subgraph) =>
  resolvableEntityTypes(subgraph).map((type) => [subgraph, type] as const),
);
const ROOT_FIELD_CASES = SUBGRAPH_NAMES.flatMap((subgraph) =>
  rootQueryFields(subgraph).map((field) => [subgraph, field] as const),
);

function inDays(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString();
}

/** The `id`s of the objects at `path` (lists walked). */
function idsAt(value: unknown, path: string[]): string[] {
  if (Array.isArray(value)) return value.flatMap((item) => idsAt(item, path));
  if (typeof value !== 'object' || value === null) return [];
  const [head, ...rest] = path;
  if (head === undefined) {
    const id = (value as { id?: unknown }).id;
    return typeof id === 'string' ? [id] : [];
  }
  return idsAt((value as Record<string, unknown>)[head], rest);
}

const tagsOf = (answer: SubgraphAnswer): string[] | undefined => answer.extensions.cacheTags;

describe('subgraph cache contract: tags and Cache-Control', () => {
  let stack: TestSubgraphs;
  let samples: Samples;

  beforeAll(async () => {
    stack = await startTestSubgraphs(SUBGRAPHS, { seedCustomers: 5 });
    samples = {
      interaction: await sampleRow('support.interaction'),
      note: await sampleRow('support.note'),
    };
    // engagement learns whose an interaction or a case is from support's events: wait
    // until the sampled ones have arrived, so its references can name their customer.
    const contacts = [samples.interaction.id, (await sampleRow('support."case"')).id];
    await stack.flushOutboxes();
    await eventually(async () => {
      const rows = await stack.database.db.query(
        `SELECT 1 FROM engagement.customer_contact WHERE subject_id = ANY($1::text[])`,
        [contacts],
      );
      expect(rows.length).toBeGreaterThanOrEqual(contacts.length);
    }, 30_000);
  });
  afterAll(() => stack?.stop());

  /** One seeded row of `table`, Dana's when she has one. */
  async function sampleRow(table: string): Promise<{ id: string; customer_id: string }> {
    const [row] = await stack.database.db.query<{ id: string; customer_id: string }>(
      `SELECT id, customer_id FROM ${table} ORDER BY (customer_id = $1) DESC, id LIMIT 1`,
      [DANA],
    );
    if (!row) throw new Error(`no seeded row in ${table}`);
    return row;
  }

  it('covers every entity type and root query field the subgraphs have', () => {
    const known = new Set([
      'Customer',
      ...Object.keys(OWNED_ENTITY_TABLES),
      ...Object.keys(CUSTOMERLESS_ENTITIES),
    ]);
    expect(ENTITY_CASES.map(([, type]) => type).filter((type) => !known.has(type))).toEqual([]);
    expect(ROOT_FIELD_CASES.map(([s, f]) => `${s}.${f}`).sort()).toEqual(
      Object.keys(ROOT_CASES).sort(),
    );
  });

  describe.each(ENTITY_CASES)('%s _entities(%s)', (subgraph, type) => {
    it.each([
      ['only __typename', () => '__typename'],
      ['every field', () => everyField(subgraphSchema(subgraph), type)],
    ])('selecting %s is tagged with the owning customer', async (_name, selection) => {
      const customerless = CUSTOMERLESS_ENTITIES[type];
      const table = OWNED_ENTITY_TABLES[type];
      const sample =
        type === 'Customer'
          ? { id: DANA, customer_id: DANA }
          : table
            ? await sampleRow(table)
            : { id: customerless!.id, customer_id: null };
      // What the gateway sends: the key plus what @requires asks for.
      const representation =
        type === 'Customer'
          ? { __typename: type, id: sample.id, ...CUSTOMER_REQUIRES }
          : { __typename: type, id: sample.id, customer: { id: sample.customer_id } };
      const dataFree =
        selection() === '__typename' && KEY_ONLY_REFERENCES.has(`${subgraph}.${type}`);
      const answer = await postTo(
        stack,
        subgraph,
        `query ($r: [_Any!]!) { _entities(representations: $r) { ... on ${type} { ${selection()} } } }`,
        { r: [representation] },
      );
      expect(answer.errors).toEqual([]);
      expect(answer.data?.['_entities']).toEqual([expect.objectContaining({ __typename: type })]);
      if (sample.customer_id) {
        // Answers computed from the view log also name it (whole, one rep's views, or one
        // rep's unread notes), for the same customer only.
        const viewsTag = customerViewsTag(sample.customer_id);
        const unreadOf = customerUnreadTag(sample.customer_id, '');
        const fromViewLog = (tag: string) =>
          tag === viewsTag || tag.startsWith(`${viewsTag}:`) || tag.startsWith(unreadOf);
        expect((tagsOf(answer) ?? []).filter((tag) => !fromViewLog(tag))).toEqual(
          dataFree ? [] : [customerTag(sample.customer_id)],
        );
        expect(answer.cacheControl).toMatch(PRIVATE_CACHEABLE);
      } else {
        expect(tagsOf(answer)).toEqual([]);
        expect(answer.cacheControl).toBe(customerless!.cacheControl);
      }
    });
  });

  it.each(ROOT_FIELD_CASES)(
    '%s Query.%s is tagged with every customer it answers about',
    async (subgraph, field) => {
      const rootCase = ROOT_CASES[`${subgraph}.${field}`]!;
      if (rootCase.agentRead) {
        // Something to list: an agent's read of Dana is what the access log records.
        await postTo(stack, subgraph, rootCase.agentRead, {}, AGENT);
      }
      const schema = subgraphSchema(subgraph);
      const returned = getNamedType(schema.getQueryType()!.getFields()[field]!.type);
      const answer = await postTo(
        stack,
        subgraph,
        `{ ${field}${rootCase.args(samples)} { ${everyField(schema, returned.name)} } }`,
        {},
        rootCase.claims,
      );
      expect(answer.errors).toEqual([]);
      expect(answer.data?.[field]).toBeTruthy();
      const owners = rootCase.owners(samples, answer.data ?? {});
      if (owners.length === 0) expect(tagsOf(answer)).toEqual([]);
      else expect(tagsOf(answer)).toEqual(expect.arrayContaining(owners.map(customerTag)));
      expect(answer.cacheControl).toMatch(rootCase.cacheControl);
    },
  );

  describe('the subgraph fetches of CustomerContext', () => {
    const plan = queryPlansFor(
      readFileSync(join(__dirname, '..', '..', '..', 'schema', 'supergraph.graphql'), 'utf8'),
      { context: CUSTOMER_CONTEXT },
    )['context']!;

    async function replay(customerId: string, claims?: Claims) {
      const [email] = await stack.database.db.query<{ value: string }>(
        `SELECT value FROM crm.contact_point WHERE customer_id = $1 AND kind = 'EMAIL' LIMIT 1`,
        [customerId],
      );
      return replayPlan(plan.node!, { kind: 'EMAIL', value: email!.value }, async (s, q, v) => {
        const answer = await postTo(stack, s, q, v, claims);
        return {
          cacheControl: answer.cacheControl,
          body: { data: answer.data, errors: answer.errors, extensions: answer.extensions },
        };
      });
    }

    it.each(Object.values(PERSONA))(
      'every fetch about %s carries the customer tag and a private policy (catalogue: public, untagged)',
      async (customerId) => {
        const fetches = await replay(customerId);
        expect(fetches.length).toBeGreaterThanOrEqual(8);
        for (const fetch of fetches) {
          const where = `${fetch.subgraph} ${fetch.entityTypes.join(',') || 'root'}`;
          expect({ where, errors: fetch.errors }).toEqual({ where, errors: [] });
          const catalogue =
            fetch.entityTypes.length > 0 && fetch.entityTypes.every((t) => t === 'ProductOffering');
          expect({ where, tags: fetch.extensions['cacheTags'] }).toEqual({
            where,
            tags: catalogue ? [] : expect.arrayContaining([customerTag(customerId)]),
          });
          expect({ where, cacheControl: fetch.cacheControl }).toEqual({
            where,
            cacheControl: catalogue
              ? 'max-age=3600, public'
              : expect.stringMatching(PRIVATE_CACHEABLE),
          });
        }
      },
    );

    it("for an agent, crm's audited read is no-store and the other fetches stay cacheable", async () => {
      const fetches = await replay(DANA, AGENT);
      const root = fetches.filter((f) => f.entityTypes.length === 0);
      expect(root.map((f) => [f.subgraph, f.cacheControl])).toEqual([['crm', 'no-store']]);
      expect(root[0]?.extensions['cacheTags']).toEqual([customerTag(DANA)]);
      for (const fetch of fetches.filter((f) => f.entityTypes.length > 0)) {
        expect(fetch.cacheControl).toMatch(/^max-age=\d+, (private|public)$/);
      }
    });
  });

  it("tags an order's missing fulfilment with the customer @requires brings, else makes it no-store", async () => {
    const query = /* GraphQL */ `
      query ($r: [_Any!]!) {
        _entities(representations: $r) {
          ... on Order {
            fulfilment {
              id
            }
          }
        }
      }
    `;
    const [order] = await stack.database.db.query<{ id: string; customer_id: string }>(
      `SELECT o.id, o.customer_id FROM orders."order" o
        WHERE NOT EXISTS (SELECT 1 FROM provisioning.service_order s WHERE s.order_id = o.id)
        ORDER BY o.id LIMIT 1`,
    );
    const withCustomer = await postTo(stack, 'provisioning', query, {
      r: [{ __typename: 'Order', id: order!.id, customer: { id: order!.customer_id } }],
    });
    expect(withCustomer.data).toEqual({ _entities: [{ fulfilment: null }] });
    expect(tagsOf(withCustomer)).toEqual([customerTag(order!.customer_id)]);
    expect(withCustomer.cacheControl).toBe('max-age=300, private');
    const keyOnly = await postTo(stack, 'provisioning', query, {
      r: [{ __typename: 'Order', id: order!.id }],
    });
    expect(keyOnly.data).toEqual({ _entities: [{ fulfilment: null }] });
    expect(keyOnly.cacheControl).toBe('no-store');
  });

  it('keeps concurrent operations apart: each answer carries only its own customer', async () => {
    const ids = [DANA, PERSONA.sam, PERSONA.priya, PERSONA.lee];
    const answers = await Promise.all(
      ids.flatMap((id) => [
        postTo(stack, 'crm', `{ customer(id: "${id}") { id contactPoints { value } } }`),
        postTo(
          stack,
          'orders',
          `{ _entities(representations: [{ __typename: "Customer", id: "${id}" }]) { ... on Customer { orders { edges { node { id } } } } } }`,
        ),
      ]),
    );
    expect(answers.map(tagsOf)).toEqual(
      ids.flatMap((id) => [[customerTag(id)], [customerTag(id)]]),
    );
  });

  // Last: the assignee's view below reads Dana's unread notes for good.
  it("tags attention with an assignee's unread tag only while it shows their unread notes", async () => {
    const assignee = await assigneeWithUnreadNotes(stack.database.db, DANA);
    const attention = () =>
      postTo(
        stack,
        'support',
        `{ _entities(representations: [{ __typename: "Customer", id: "${DANA}" }]) { ... on Customer { attention { code } } } }`,
      );
    type Flags = { _entities: { attention: { code: string }[] }[] };
    const codes = (answer: SubgraphAnswer) =>
      (answer.data as Flags | null)?._entities[0]?.attention.map((f) => f.code);
    const before = await attention();
    expect(codes(before)).toContain('UNREAD_NOTES');
    expect(tagsOf(before)).toEqual(
      expect.arrayContaining([customerTag(DANA), customerUnreadTag(DANA, assignee)]),
    );

    const viewed = await postTo(
      stack,
      'support',
      `mutation ($input: RecordCustomerViewInput!) { recordCustomerView(input: $input) { viewedAt } }`,
      { input: { customerId: DANA, agentId: assignee } },
    );
    expect(viewed.errors).toEqual([]);
    expect(viewed.extensions.invalidatedTags).toContain(customerUnreadTag(DANA, assignee));

    // Read now: no flag, and no tag a view could invalidate (views only clear the flag).
    const after = await attention();
    expect(codes(after)).not.toContain('UNREAD_NOTES');
    expect(tagsOf(after)).toContain(customerTag(DANA));
    expect(tagsOf(after)?.filter((tag) => tag.startsWith('customer-unread:'))).toEqual([]);
  });
});
