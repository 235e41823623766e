import { readFileSync } from 'node:fs';
import {
  getNamedType,
  isAbstractType,
  isObjectType,
  parse,
  print,
  separateOperations,
  type GraphQLSchema,
} from 'graphql';
import { authorizeOperation } from '../../gateway/src/authz/authorizeOperation';
import { readAuthRequirements } from '../../gateway/src/authz/readAuthRequirements';
import { satisfies, type Requirement } from '../../gateway/src/authz/requirement';
import { apiSchemaOf } from '../../gateway/src/check/apiSchemaOf';
import type { Claims } from '../../lib/claims';
import { policies } from '../../schema/policies';
import {
  PERSONA,
  PERSONA_ORDER,
  PERSONA_PLACE,
  PERSONA_PROVISIONING as PROV,
  PERSONA_SUPPORT,
} from '../../subgraphs/shared/seedIds';
import { subscribeOverSse, subscribeOverWebSocket } from '../harness/liveClients';
import {
  argumentText,
  documentFor,
  leafFieldOf,
  shortestPaths,
  stepsFrom,
  type FragmentStyle,
  type PathStep,
} from '../harness/schemaPaths';
import { SUPERGRAPH_FILE, startTestStack, type TestStack } from '../harness/startTestStack';

jest.setTimeout(120_000);

/**
 * The authorization conformance suite of issue 17, generated from the supergraph: every
 * type and field carrying `@authenticated`, `@requiresScopes` or `@policy` is reached by
 * every path the schema offers (root field, nested field, union/interface member by
 * inline and by named fragment, entity reference, subscription) as every kind of caller,
 * and the gateway's decision must match the rule evaluated with `schema/policies.ts`.
 * A new protected type or field is covered without editing this file; a new type that
 * carries customer data without a rule fails it.
 */
const SDL = readFileSync(SUPERGRAPH_FILE, 'utf8');
const schema: GraphQLSchema = apiSchemaOf(SDL);
const requirements = readAuthRequirements(SDL);

const CALLERS: Record<string, Claims | null> = {
  anonymous: null,
  'the customer themself': { sub: PERSONA.dana, role: 'customer', scopes: [] },
  'another customer': { sub: PERSONA.sam, role: 'customer', scopes: [] },
  'agent without pii:read': { sub: 'agt-care-kim', role: 'agent', team: 'care', scopes: [] },
  'agent with pii:read': {
    sub: PERSONA_SUPPORT.careRep,
    role: 'agent',
    team: 'care',
    scopes: ['pii:read'],
  },
  supervisor: { sub: 'agt-sup-rae', role: 'supervisor', team: 'care', scopes: ['pii:read'] },
  service: { sub: 'svc-reporting', role: 'service', scopes: [] },
};

/** Seeded ids of Dana's story, by the type an id argument selects. */
const IDS: Record<string, string> = {
  customer: PERSONA.dana,
  order: PERSONA_ORDER.danaMove,
  case: PERSONA_SUPPORT.danaCase,
  appointment: PROV.danaSecondVisit,
  service: PROV.danaInternet,
  serviceOrder: PROV.danaServiceOrder,
  technician: PROV.installer,
  place: PERSONA_PLACE.danaNewHome,
  note: 'note-dana-move-1',
};
const values = { id: (_parent: string, field: string) => IDS[field] ?? PERSONA.dana };

const ALIAS = 'conformanceTarget';

/** A protected coordinate: a type (`Note`) or a field (`Case.notes`), and its rule. */
interface Target {
  readonly coordinate: string;
  /** The object type the leaf is selected on. */
  readonly holder: string;
  /** The selection made on `holder` (the field, with a sub-selection when composite). */
  readonly leaf: string;
}

function targets(): Target[] {
  const found: Target[] = [];
  for (const name of requirements.types.keys()) {
    const type = schema.getType(name);
    const leaf = type && leafFieldOf(type);
    if (isObjectType(type) && leaf) found.push({ coordinate: name, holder: name, leaf });
  }
  for (const coordinate of requirements.fields.keys()) {
    const [holder = '', fieldName = ''] = coordinate.split('.');
    const type = schema.getType(holder);
    const field = isObjectType(type) ? type.getFields()[fieldName] : undefined;
    if (!field) continue;
    const returned = getNamedType(field.type);
    const sub = isObjectType(returned) ? ` { ${leafFieldOf(returned) ?? '__typename'} }` : '';
    const args = argumentText(holder, field, values);
    if (args === undefined) continue;
    found.push({ coordinate, holder, leaf: `${fieldName}${args}${sub}` });
  }
  return found;
}

/** One way to the holder of a target: how it was reached, and the steps. */
interface Route {
  readonly how: string;
  readonly path: readonly PathStep[];
  readonly style: FragmentStyle;
}

/**
 * Every way into `holder` the schema offers: through each field that returns it (or a
 * union/interface it belongs to), each reached by the path crossing the fewest rules.
 */
function routesTo(holder: string, shortest: Map<string, PathStep[]>): Route[] {
  const routes: Route[] = [];
  const add = (how: string, path: PathStep[], style: FragmentStyle = 'inline') =>
    routes.push({ how, path, style });
  if (holder === schema.getQueryType()?.name) add('root field', []);
  for (const [typeName, prefix] of shortest) {
    const type = schema.getType(typeName);
    if (!isObjectType(type)) continue;
    for (const step of stepsFrom(schema, type, values)) {
      if (step.lands !== holder) continue;
      const path = [...prefix, step];
      const via = `${step.parent}.${step.field}`;
      if (!step.on) add(prefix.length === 0 ? `root field ${via}` : `nested field ${via}`, path);
      if (!step.on) continue;
      const member = step.field === 'subject' ? 'entity reference' : 'union/interface member';
      add(`${member} ${via}, inline fragment`, path);
      add(`${member} ${via}, named fragment`, path, 'named');
    }
  }
  return routes;
}

/** The rule of every step of `path` and of the leaf, as the schema declares them. */
function rulesAlong(path: readonly PathStep[], target: Target): Requirement[] {
  const rules: Requirement[] = [];
  const push = (rule: Requirement | undefined) => rule && rules.push(rule);
  for (const step of path) {
    push(requirements.fields.get(`${step.parent}.${step.field}`));
    push(requirements.types.get(step.lands));
  }
  const leafField = target.leaf.split(/[ ({]/)[0] ?? '';
  push(requirements.fields.get(`${target.holder}.${leafField}`));
  const holderType = schema.getType(target.holder);
  const field = isObjectType(holderType) ? holderType.getFields()[leafField] : undefined;
  if (field) push(requirements.types.get(getNamedType(field.type).name));
  return rules;
}

const allowedBy = (rules: readonly Requirement[], claims: Claims | null): boolean =>
  rules.every((rule) =>
    satisfies(rule, { claims, typeName: '', fieldName: '', args: {} }, policies),
  );

/** How many rules a step crosses: paths are chosen to cross as few as possible. */
const rulesOf = (step: PathStep): number =>
  Number(requirements.fields.has(`${step.parent}.${step.field}`)) +
  Number(requirements.types.has(step.lands));
const shortest = shortestPaths(schema, values, rulesOf);
const CASES = targets().flatMap((target) =>
  routesTo(target.holder, shortest).map((route) => ({ target, route })),
);

describe('every protected type and field, by every path, for every caller', () => {
  it('finds protected coordinates and paths to each of them', () => {
    const reached = new Set(CASES.map((c) => c.target.coordinate));
    const unreachable = targets().filter((t) => !reached.has(t.coordinate));
    expect(unreachable.map((t) => t.coordinate)).toEqual([]);
    expect(CASES.length).toBeGreaterThan(40);
  });

  it.each(Object.entries(CALLERS))('decides as the rules say for %s', (_caller, claims) => {
    const wrong: string[] = [];
    for (const { target, route } of CASES) {
      const source = documentFor(route.path, target.leaf, ALIAS, route.style);
      const outcome = authorizeOperation({
        document: parse(source),
        schema,
        requirements,
        claims,
        policies,
      });
      const expected = allowedBy(rulesAlong(route.path, target), claims);
      // What the gateway plans: the operation and the fragments it still spreads.
      const planned = separateOperations(outcome.document)['Conformance'];
      const fetched = planned !== undefined && print(planned).includes(ALIAS);
      if (expected !== (outcome.denied.length === 0) || expected !== fetched) {
        wrong.push(
          `${target.coordinate} by ${route.how}: expected ${expected ? 'allowed' : 'denied'}`,
        );
      }
    }
    expect(wrong).toEqual([]);
  });
});

/**
 * Types that carry customer data yet can be reached without any rule on the way, each
 * with the reason that is acceptable. Anything else that carries customer data (a
 * `customer`/`customerId` field, or the type of a field of `Customer`) must be behind a
 * rule.
 */
const UNPROTECTED_CUSTOMER_DATA: Record<string, string> = {};

/** Object types reachable from `Query` without crossing a field or type rule. */
function reachableWithoutRules(): Set<string> {
  const seen = new Set<string>();
  const queue = [schema.getQueryType()?.name ?? 'Query'];
  for (let name = queue.shift(); name; name = queue.shift()) {
    const type = schema.getType(name);
    if (!isObjectType(type) || seen.has(name)) continue;
    seen.add(name);
    for (const field of Object.values(type.getFields())) {
      if (requirements.fields.has(`${name}.${field.name}`)) continue;
      const returned = getNamedType(field.type);
      const members = isAbstractType(returned) ? schema.getPossibleTypes(returned) : [returned];
      for (const member of members) {
        if (isObjectType(member) && !requirements.types.has(member.name)) queue.push(member.name);
      }
    }
  }
  return seen;
}

/** A type holding a `customer`/`customerId` field, or one a field of `Customer` returns. */
function carriesCustomerData(name: string): boolean {
  const type = schema.getType(name);
  if (!isObjectType(type) || name === schema.getQueryType()?.name) return false;
  const customer = schema.getType('Customer');
  const ofCustomer = isObjectType(customer)
    ? Object.values(customer.getFields()).map((field) => getNamedType(field.type).name)
    : [];
  return (
    ofCustomer.includes(name) ||
    Object.keys(type.getFields()).some((field) => /^customer(Id|Ids)?$/.test(field))
  );
}

describe('customer data is never reachable without a rule', () => {
  it('lists every type carrying customer data that no rule guards', () => {
    const open = [...reachableWithoutRules()].filter(carriesCustomerData).sort();
    expect(open).toEqual(Object.keys(UNPROTECTED_CUSTOMER_DATA).sort());
  });
});

/** Every value under `key` anywhere in `value`. */
function valuesAt(value: unknown, key: string): unknown[] {
  if (value === null || typeof value !== 'object') return [];
  if (Array.isArray(value)) return (value as unknown[]).flatMap((item) => valuesAt(item, key));
  const entries: [string, unknown][] = Object.entries(value as Record<string, unknown>);
  return entries.flatMap(([k, v]) => (k === key ? [v] : valuesAt(v, key)));
}

/** Route kinds the HTTP sample prefers, most telling first. */
const PREFERRED = [/^entity.*named/, /^entity/, /^union.*named/, /^union/, /^nested/, /^root/];
const rank = (how: string) => PREFERRED.findIndex((kind) => kind.test(how));

/** Rules a route crosses before its last step: the fewer, the more the target's own rule is tested. */
const crossed = (route: Route): number =>
  route.path.slice(0, -1).reduce((sum, step) => sum + rulesOf(step), 0);

/** One route per target through Dana's customer record (its most telling kind). */
const SAMPLE = CASES.filter(({ route }) => route.path[0]?.field === 'customer')
  .sort((a, b) => rank(a.route.how) - rank(b.route.how) || crossed(a.route) - crossed(b.route))
  .filter((c, i, all) => all.findIndex((o) => o.target === c.target) === i);

describe('through the real gateway: nothing denied comes back', () => {
  let stack: TestStack;
  const tokens: Record<string, string> = {};
  beforeAll(async () => {
    stack = await startTestStack();
    // Timeline entries come from the owners' events: recorded before anything is read.
    await stack.flushOutboxes();
    for (const [name, claims] of Object.entries(CALLERS)) {
      tokens[name] = claims ? `Bearer ${await stack.tokenFor(claims)}` : '';
    }
  });
  afterAll(() => stack.stop());

  it.each(Object.entries(CALLERS))('for %s over HTTP', async (caller, claims) => {
    const wrong: string[] = [];
    for (const { target, route } of SAMPLE) {
      const source = documentFor(route.path, target.leaf, ALIAS, route.style);
      const response = await stack.gatewayQuery(source, {}, { authorization: tokens[caller]! });
      const delivered = valuesAt(response.data, ALIAS).filter((v) => v !== null);
      const expected = allowedBy(rulesAlong(route.path, target), claims);
      const refused = (response.errors ?? []).some((e) =>
        ['FORBIDDEN', 'UNAUTHENTICATED'].includes(String(e.extensions?.code)),
      );
      // Refused above the target (Sam reading Dana) leaves no error at it: data decides.
      if (!expected && delivered.length > 0) {
        wrong.push(
          `${target.coordinate} by ${route.how}: denied, yet ${delivered.length} came back`,
        );
      }
      if (expected && refused) wrong.push(`${target.coordinate} by ${route.how}: refused`);
      // Dana's data never reaches another customer, whatever the gateway's rules allow.
      if (caller === 'another customer' && delivered.length > 0) {
        wrong.push(`${target.coordinate} by ${route.how}: Dana's data reached Sam`);
      }
    }
    expect(wrong).toEqual([]);
    expect(SAMPLE.length).toBeGreaterThan(10);
  });

  it.each([
    ['WebSocket', subscribeOverWebSocket],
    ['SSE', subscribeOverSse],
  ])('for the customer over a live subscription (%s)', async (_transport, subscribe) => {
    const claims = CALLERS['the customer themself']!;
    const token = tokens['the customer themself']!.replace('Bearer ', '');
    const wrong: string[] = [];
    for (const { target, route } of SAMPLE.filter(
      (c) => !allowedBy(rulesAlong(c.route.path, c.target), claims),
    )) {
      const source = documentFor(route.path, target.leaf, ALIAS, route.style)
        .replace('query Conformance', 'subscription Conformance')
        .replace(/\bcustomer\(/, 'customerContext(');
      const live = subscribe(stack.gateway.url, token, source);
      try {
        const first = await live.next(() => true);
        const delivered = valuesAt(first.data, ALIAS).filter((v) => v !== null);
        if (delivered.length > 0) wrong.push(`${target.coordinate} by ${route.how}`);
      } finally {
        await live.close();
      }
    }
    expect(wrong).toEqual([]);
  });
});
