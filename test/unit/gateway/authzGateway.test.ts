import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginUsageReportingDisabled } from '@apollo/server/plugin/disabled';
import type { Claims } from '../../../lib/claims';
import { graphqlHttpHandler } from '../../../lib/http/graphqlHttpHandler';
import { startHttpServer, type RunningHttpServer } from '../../../lib/http/startHttpServer';
import { createLogger } from '../../../lib/logger';
import { stripSecurityLinks } from '../../../gateway/src/authz/stripSecurityLinks';
import { withAuthorization } from '../../../gateway/src/authz/withAuthorization';
import { startAuthzSubgraphs } from '../../fixtures/authzSubgraphs';

type Subgraphs = Awaited<ReturnType<typeof startAuthzSubgraphs>>;
let subgraphs: Subgraphs;
let apollo: ApolloServer<{ claims: Claims | null }>;
let http: RunningHttpServer;

const agent: Claims = { sub: 'g-1', role: 'agent', scopes: [] };
const customer: Claims = { sub: 'a1', role: 'customer', scopes: [] };
const forbidden = (type: string, path: (string | number)[]) => ({
  message: `not authorized to read ${type}`,
  path,
  extensions: { code: 'FORBIDDEN' },
});
/** What a caller who sent no credentials gets instead: authenticate first. */
const unauthenticated = (type: string, path: (string | number)[]) => ({
  message: `authentication is required to read ${type}`,
  path,
  extensions: { code: 'UNAUTHENTICATED' },
});

beforeAll(async () => {
  subgraphs = await startAuthzSubgraphs();
  const logger = createLogger({ name: 'gateway', level: 'silent' });
  const gateway = new ApolloGateway({
    supergraphSdl: stripSecurityLinks(subgraphs.supergraphSdl),
    logger,
  });
  apollo = new ApolloServer<{ claims: Claims | null }>({
    gateway: withAuthorization(gateway, {
      supergraphSdl: subgraphs.supergraphSdl,
      policies: { staff: ({ claims }) => claims?.role === 'agent' },
    }),
    stopOnTerminationSignals: false,
    includeStacktraceInErrorResponses: false,
    plugins: [ApolloServerPluginUsageReportingDisabled()],
  });
  await apollo.start();
  http = await startHttpServer({
    port: 0,
    host: '127.0.0.1',
    logger,
    routes: {
      '/graphql': graphqlHttpHandler({
        server: apollo,
        // Authentication is another module's job; here the test states the caller.
        context: async (req) => {
          const header = req.headers['x-test-claims'];
          return { claims: typeof header === 'string' ? (JSON.parse(header) as Claims) : null };
        },
      }),
    },
  });
});

afterAll(async () => {
  await http.close();
  await apollo.stop();
  await subgraphs.stop();
});

async function query(
  source: string,
  claims: Claims | null = null,
  variables?: Record<string, unknown>,
): Promise<{ data?: unknown; errors?: unknown[] }> {
  const response = await fetch(`${http.url}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(claims ? { 'x-test-claims': JSON.stringify(claims) } : {}),
    },
    body: JSON.stringify({ query: source, variables }),
  });
  return (await response.json()) as { data?: unknown; errors?: unknown[] };
}

describe('withAuthorization over a real gateway', () => {
  it('denies @authenticated to anonymous callers and serves the rest', async () => {
    const before = subgraphs.accounts.requests();
    expect(
      await query(/* GraphQL */ `
        {
          notice
          me {
            name
          }
        }
      `),
    ).toEqual({
      data: { notice: 'hello', me: null },
      errors: [unauthenticated('Query.me', ['me'])],
    });
    expect(subgraphs.accounts.requests()).toBe(before + 1);
    expect(
      await query(
        /* GraphQL */ `
          {
            me {
              name
            }
          }
        `,
        customer,
      ),
    ).toEqual({
      data: { me: { name: 'Ada' } },
    });
  });

  it('does not call any subgraph when every field asked for is denied', async () => {
    const before = subgraphs.accounts.requests() + subgraphs.billing.requests();
    expect(
      await query(/* GraphQL */ `
        {
          me {
            name
          }
        }
      `),
    ).toEqual({
      data: { me: null },
      errors: [unauthenticated('Query.me', ['me'])],
    });
    expect(subgraphs.accounts.requests() + subgraphs.billing.requests()).toBe(before);
  });

  it('never calls the subgraph that owns only denied fields', async () => {
    const before = subgraphs.billing.requests();
    expect(
      await query(/* GraphQL */ `
        {
          accounts {
            name
            balance
          }
        }
      `),
    ).toEqual({
      data: {
        accounts: [
          { name: 'Ada', balance: null },
          { name: 'Bo', balance: null },
        ],
      },
      errors: [
        unauthenticated('Account.balance', ['accounts', 0, 'balance']),
        unauthenticated('Account.balance', ['accounts', 1, 'balance']),
      ],
    });
    expect(subgraphs.billing.requests()).toBe(before);
    expect(
      await query(
        /* GraphQL */ `
          {
            accounts {
              balance
            }
          }
        `,
        agent,
      ),
    ).toEqual({
      data: { accounts: [{ balance: 10 }, { balance: 20 }] },
    });
    expect(subgraphs.billing.requests()).toBe(before + 1);
  });

  it('enforces @requiresScopes (imported as @scoped), plans per shape, keeps aliases', async () => {
    const source = /* GraphQL */ `
      {
        accounts {
          who: name
          mail: email
        }
      }
    `;
    expect(await query(source, agent)).toEqual({
      data: {
        accounts: [
          { who: 'Ada', mail: null },
          { who: 'Bo', mail: null },
        ],
      },
      errors: [
        forbidden('Account.email', ['accounts', 0, 'mail']),
        forbidden('Account.email', ['accounts', 1, 'mail']),
      ],
    });
    expect(await query(source, { ...agent, scopes: ['admin'] })).toEqual({
      data: {
        accounts: [
          { who: 'Ada', mail: 'ada@example.com' },
          { who: 'Bo', mail: 'bo@example.com' },
        ],
      },
    });
  });

  it('enforces @policy with the configured functions', async () => {
    const source = /* GraphQL */ `
      {
        accounts {
          note
        }
      }
    `;
    expect(await query(source, customer)).toEqual({
      data: { accounts: [{ note: null }, { note: null }] },
      errors: [
        forbidden('Account.note', ['accounts', 0, 'note']),
        forbidden('Account.note', ['accounts', 1, 'note']),
      ],
    });
    expect(await query(source, agent)).toEqual({
      data: { accounts: [{ note: 'vip' }, { note: 'new' }] },
    });
  });

  it('applies a type requirement to the fields returning the type', async () => {
    expect(
      await query(/* GraphQL */ `
        {
          notice
          vault {
            code
          }
        }
      `),
    ).toEqual({
      data: { notice: 'hello', vault: null },
      errors: [unauthenticated('Query.vault', ['vault'])],
    });
    expect(
      await query(
        /* GraphQL */ `
          {
            vault {
              code
            }
          }
        `,
        customer,
      ),
    ).toEqual({
      data: { vault: { code: '1234' } },
    });
  });

  it('propagates a denied non-null field to the nearest nullable ancestor', async () => {
    expect(
      await query(
        /* GraphQL */ `
          {
            notice
            me {
              name
              ssn
            }
          }
        `,
        agent,
      ),
    ).toEqual({
      data: { notice: 'hello', me: null },
      errors: [forbidden('Account.ssn', ['me', 'ssn'])],
    });
    const anonymous = await query(/* GraphQL */ `
      {
        notice
        accounts {
          ssn
        }
      }
    `);
    expect(anonymous.data).toBeNull();
    // As in graphql-js: the first null in a list of non-null items nulls the list and ends it.
    expect(anonymous.errors).toEqual([unauthenticated('Account.ssn', ['accounts', 0, 'ssn'])]);
    expect(
      await query(
        /* GraphQL */ `
          {
            accounts {
              ssn
            }
          }
        `,
        {
          ...agent,
          scopes: ['pii:read', 'ssn:read'],
        },
      ),
    ).toEqual({ data: { accounts: [{ ssn: '111' }, { ssn: '222' }] } });
  });

  it('nulls nullable list items across subgraphs', async () => {
    expect(
      await query(
        /* GraphQL */ `
          {
            accounts {
              id
              invoices {
                id
                amount
              }
            }
          }
        `,
        agent,
      ),
    ).toEqual({
      data: {
        accounts: [
          { id: 'a1', invoices: [null, null] },
          { id: 'a2', invoices: [null, null] },
        ],
      },
      errors: [0, 1].flatMap((a) =>
        [0, 1].map((i) => forbidden('Invoice.amount', ['accounts', a, 'invoices', i, 'amount'])),
      ),
    });
  });

  it('follows named and inline fragments', async () => {
    const source = /* GraphQL */ `
      query Mine {
        me {
          ...Contact
          ... on Account {
            again: email
          }
        }
      }
      fragment Contact on Account {
        name
        email
      }
    `;
    expect(await query(source, customer)).toEqual({
      data: { me: { name: 'Ada', email: null, again: null } },
      errors: [
        forbidden('Account.email', ['me', 'email']),
        forbidden('Account.email', ['me', 'again']),
      ],
    });
  });

  it('nulls a field only on the types its fragment applies to', async () => {
    const source = /* GraphQL */ `
      {
        pets {
          name
          ... on Dog {
            sound
          }
          ... on Cat {
            sound
          }
        }
      }
    `;
    expect(await query(source)).toEqual({
      data: {
        pets: [
          { name: 'Rex', sound: null },
          { name: 'Tom', sound: 'meow' },
        ],
      },
      errors: [unauthenticated('Dog.sound', ['pets', 0, 'sound'])],
    });
  });

  it('honours @include, and runs documents whose variables the rewrite left unused', async () => {
    const source = /* GraphQL */ `
      query ($show: Boolean!) {
        notice
        accounts {
          name
          email @include(if: $show)
        }
      }
    `;
    expect(await query(source, null, { show: false })).toEqual({
      data: { notice: 'hello', accounts: [{ name: 'Ada' }, { name: 'Bo' }] },
    });
    expect(await query(source, null, { show: true })).toEqual({
      data: {
        notice: 'hello',
        accounts: [
          { name: 'Ada', email: null },
          { name: 'Bo', email: null },
        ],
      },
      errors: [
        unauthenticated('Account.email', ['accounts', 0, 'email']),
        unauthenticated('Account.email', ['accounts', 1, 'email']),
      ],
    });
  });
});
