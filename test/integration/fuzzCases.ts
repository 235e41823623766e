import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PERSONA, PERSONA_ORDER } from '../../subgraphs/shared/seedIds';
import { bodyText, junkString, mutateDocument, mutatedValue, type Random } from './fuzzSupport';

/** A request the fuzz suite sends. */
export interface FuzzRequest {
  method: string;
  /** Path and query string. */
  path: string;
  headers: Record<string, string>;
  body?: string;
}

/** A documented or typical operation and variables it is valid with. */
interface Operation {
  query: string;
  variables: Record<string, unknown>;
}

const OPERATIONS_DIR = join(__dirname, '..', '..', 'schema', 'operations');

/** The documented operations (schema/operations) and a few typical ones, reads and writes. */
export function gatewayOperations(): Operation[] {
  const documented = readdirSync(OPERATIONS_DIR)
    .filter((file) => file.endsWith('.graphql'))
    .map((file) => readFileSync(join(OPERATIONS_DIR, file), 'utf8'));
  return [
    ...documented.map((query) => ({
      query,
      variables: { kind: 'PHONE', value: '(415) 555-0134', id: PERSONA.dana },
    })),
    {
      query: 'query Customer($id: ID!) { customer(id: $id) { id displayName status } }',
      variables: { id: PERSONA.dana },
    },
    {
      query:
        'query Lookup($kind: IdentifierKind!, $value: String!) { customerByIdentifier(kind: $kind, value: $value) { id contactPoints { kind value } } }',
      variables: { kind: 'EMAIL', value: 'dana.reyes@example.com' },
    },
    {
      query: 'query Order($id: ID!) { order(id: $id) { id status items { quantity } } }',
      variables: { id: PERSONA_ORDER.danaMove },
    },
    {
      query:
        'query Timeline($id: ID!, $first: Int) { customer(id: $id) { timeline(first: $first) { edges { node { kind summary } } } } }',
      variables: { id: PERSONA.dana, first: 5 },
    },
    {
      query:
        'mutation Start($input: StartAppSessionInput!) { startAppSession(input: $input) { id } }',
      variables: {
        input: {
          idempotencyKey: 'fuzz-1',
          customerId: PERSONA.dana,
          deviceId: 'd-1',
          platform: 'IOS',
        },
      },
    },
  ];
}

const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'text/plain',
  'application/graphql',
  'multipart/form-data; boundary=x',
  'application/x-www-form-urlencoded',
  '',
];

/** One request to the gateway: a mutated document, variables, headers or method. */
export function gatewayRequest(
  random: Random,
  operations: readonly Operation[],
  authorizations: readonly string[],
): FuzzRequest {
  const { query, variables } = random.pick(operations);
  const good = Object.fromEntries(
    Object.entries(variables).map(([k, v]) => [k, JSON.stringify(v)]),
  );
  const authorization = random.pick(authorizations);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    ...(authorization ? { authorization } : {}),
  };
  const post = (body: string): FuzzRequest => ({ method: 'POST', path: '/graphql', headers, body });
  switch (random.below(6)) {
    case 0:
    case 1:
      return post(bodyText(mutateDocument(random, query), good));
    case 2: {
      const name = random.pick([...Object.keys(good), 'unknownVariable']);
      const operationName = random.chance(0.2)
        ? random.pick(['Nope', '', junkString(random, 300)])
        : undefined;
      return post(
        bodyText(query, { ...good, [name]: mutatedValue(random, variables[name]) }, operationName),
      );
    }
    case 3: {
      headers['content-type'] = random.pick(CONTENT_TYPES);
      const body = bodyText(query, good);
      return post(random.chance(0.5) ? body.slice(0, random.below(body.length)) : body);
    }
    case 4: {
      headers.authorization = random.pick([
        'Bearer ',
        'Bearer not.a.jwt',
        'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.',
        'Basic dXNlcjpwYXNz',
        `Bearer ${junkString(random, 5_000)}`.replace(/[^\x20-\x7e]/g, 'x'),
      ]);
      return post(bodyText(query, good));
    }
    default: {
      const method = random.pick(['GET', 'GET', 'PUT', 'DELETE', 'OPTIONS', 'PATCH', 'HEAD']);
      const search = new URLSearchParams({
        query: random.chance(0.5) ? query : mutateDocument(random, query),
        variables: random.chance(0.7) ? JSON.stringify(variables) : '{"a":'.repeat(100),
      });
      if (random.chance(0.5)) headers['apollo-require-preflight'] = 'true';
      return { method, path: `/graphql?${search.toString()}`, headers };
    }
  }
}

const SUBGRAPH_QUERIES: Record<string, Operation> = {
  crm: {
    query: 'query ($id: ID!) { customer(id: $id) { id displayName } }',
    variables: { id: PERSONA.dana },
  },
  orders: {
    query: 'query ($id: ID!) { order(id: $id) { id status } }',
    variables: { id: PERSONA_ORDER.danaMove },
  },
  provisioning: {
    query: 'query ($id: ID!) { appointment(id: $id) { id status } }',
    variables: { id: 'apt-1' },
  },
  support: {
    query: 'query ($id: ID!) { case(id: $id) { id title } }',
    variables: { id: 'case-1' },
  },
  engagement: {
    query:
      'query ($id: ID!) { _entities(representations: [{ __typename: "Customer", id: $id }]) { __typename } }',
    variables: { id: PERSONA.dana },
  },
};

const ENTITY_NAMES = [
  'Customer',
  'Order',
  'Case',
  'Appointment',
  'Place',
  'Note',
  'Conversation',
  'Interaction',
  'ServiceOrder',
  'Service',
  'ProductOffering',
  'AppSession',
  'Technician',
  'Nope',
  '',
];

/** One body for a subgraph, with valid claims: mutated representations, documents or variables. */
export function subgraphBody(random: Random, subgraph: string): string {
  const { query, variables } = SUBGRAPH_QUERIES[subgraph]!;
  const good = Object.fromEntries(
    Object.entries(variables).map(([k, v]) => [k, JSON.stringify(v)]),
  );
  switch (random.below(3)) {
    case 0: {
      const count = random.pick([1, 2, 5, 3_000]);
      const one = (): string => {
        // Thousands of hostile values would only measure the body limit.
        const id =
          count > 5 ? JSON.stringify(PERSONA.dana) : (mutatedValue(random, PERSONA.dana) ?? '"x"');
        const typename = JSON.stringify(random.pick(ENTITY_NAMES));
        return random.pick([
          `{"__typename":${typename},"id":${id}}`,
          `{"id":${id}}`,
          id,
          '[]',
          '{}',
        ]);
      };
      const representations = `[${Array.from({ length: count }, one).join(',')}]`;
      return bodyText('query ($r: [_Any!]!) { _entities(representations: $r) { __typename } }', {
        r: representations,
      });
    }
    case 1:
      return bodyText(mutateDocument(random, query), good);
    default:
      return bodyText(query, { ...good, id: mutatedValue(random, PERSONA.dana) });
  }
}
