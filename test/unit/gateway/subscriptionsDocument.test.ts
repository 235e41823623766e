import { readFileSync } from 'node:fs';
import { parse, print, validate, type GraphQLError } from 'graphql';
import { customerTag } from '../../../lib/cacheTags';
import { createLogger } from '../../../lib/logger';
import { apiSchemaOf } from '../../../gateway/src/check/apiSchemaOf';
import { liveSchemaBuilder } from '../../../gateway/src/subscriptions/liveSchema';
import {
  prepareLiveOperation,
  type LiveOperation,
  type LiveRequest,
} from '../../../gateway/src/subscriptions/prepareLiveOperation';
import { SUPERGRAPH_FILE } from '../../harness/startTestStack';

const apiSchema = apiSchemaOf(readFileSync(SUPERGRAPH_FILE, 'utf8'));
const live = liveSchemaBuilder(
  [
    {
      subscriptionField: 'customerContext',
      queryField: 'customer',
      argument: 'id',
      tag: customerTag,
    },
  ],
  createLogger({ name: 'test', level: 'silent' }),
)(apiSchema);

function prepare(request: LiveRequest): LiveOperation | readonly GraphQLError[] {
  return prepareLiveOperation(live, request, 32 * 1024);
}

function prepared(request: LiveRequest): LiveOperation {
  const result = prepare(request);
  if (!('query' in result)) throw new Error(JSON.stringify(result));
  return result;
}

function codes(request: LiveRequest): unknown[] {
  const result = prepare(request);
  return 'query' in result ? [] : result.map((e) => e.extensions.code);
}

const same = (document: string): string => print(parse(document));

describe('a live subscription and the query that answers it', () => {
  it('adds Subscription.customerContext with Query.customer’s argument and return types', () => {
    const field = live.schema.getSubscriptionType()?.getFields().customerContext;
    expect(String(field?.type)).toBe(String(apiSchema.getQueryType()?.getFields().customer?.type));
    expect(field?.args.map((arg) => `${arg.name}: ${String(arg.type)}`)).toEqual(['id: ID!']);
    expect(apiSchema.getSubscriptionType()).toBeFalsy(); // the API schema itself is untouched
  });

  it('keeps the name, variables, fragments and selection; the tag comes from the argument', () => {
    const operation = prepared({
      query: /* GraphQL */ `
        subscription Live($id: ID!, $first: Int) {
          customerContext(id: $id) {
            ...Profile
            orders(first: $first) {
              edges {
                node {
                  id
                }
              }
            }
          }
        }
        fragment Profile on Customer {
          id
          displayName
        }
      `,
      variables: { id: 'cus-dana-reyes', first: 2, unused: true },
    });
    expect(operation.query).toBe(
      same(/* GraphQL */ `
        query Live($id: ID!, $first: Int) {
          customerContext: customer(id: $id) {
            ...Profile
            orders(first: $first) {
              edges {
                node {
                  id
                }
              }
            }
          }
        }
        fragment Profile on Customer {
          id
          displayName
        }
      `),
    );
    expect(operation).toMatchObject({
      operationName: 'Live',
      responseKey: 'customerContext',
      variables: { id: 'cus-dana-reyes', first: 2 },
      tag: 'customer:cus-dana-reyes',
    });
    expect(validate(apiSchema, parse(operation.query))).toEqual([]);
  });

  it('keeps an alias as the response key; drops root fragments and evaluated conditions', () => {
    const operation = prepared({
      query: /* GraphQL */ `
        subscription Live($id: ID!) {
          ...Root
        }
        fragment Root on Subscription {
          me: customerContext(id: $id) @include(if: true) {
            name: displayName
          }
        }
      `,
      variables: { id: 'cus-sam-okafor', unused: 1 },
    });
    expect(operation.query).toBe(
      same('query Live($id: ID!) { me: customer(id: $id) { name: displayName } }'),
    );
    expect(operation).toMatchObject({ responseKey: 'me', tag: 'customer:cus-sam-okafor' });
    expect(operation.variables).toEqual({ id: 'cus-sam-okafor' });
    expect(validate(apiSchema, parse(operation.query))).toEqual([]);
  });

  it.each([
    [
      'two root fields',
      'subscription { a: customerContext(id: "1") { id } b: customerContext(id: "2") { id } }',
      {},
      'GRAPHQL_VALIDATION_FAILED',
    ],
    [
      'an unknown live field',
      'subscription { orderContext(id: "1") { id } }',
      {},
      'GRAPHQL_VALIDATION_FAILED',
    ],
    [
      'a missing argument',
      'subscription { customerContext { id } }',
      {},
      'GRAPHQL_VALIDATION_FAILED',
    ],
    [
      'a variable of the wrong type',
      'subscription S($id: ID!) { customerContext(id: $id) { id } }',
      { id: { not: 'an id' } },
      'BAD_USER_INPUT',
    ],
    [
      'the root field skipped by a literal',
      'subscription { customerContext(id: "1") @skip(if: true) { id } }',
      {},
      'GRAPHQL_VALIDATION_FAILED',
    ],
    [
      'the root field skipped by a variable',
      'subscription S($no: Boolean!) { customerContext(id: "1") @skip(if: $no) { id } }',
      { no: true },
      'GRAPHQL_VALIDATION_FAILED',
    ],
    ['a query', '{ customer(id: "1") { id } }', {}, 'BAD_REQUEST'],
    [
      'an unknown operation name',
      'subscription A { customerContext(id: "1") { id } }',
      {},
      'OPERATION_RESOLUTION_FAILURE',
    ],
    ['no document', undefined, {}, 'BAD_REQUEST'],
    [
      'a document over the size limit',
      `subscription { customerContext(id: "${'x'.repeat(40_000)}") { id } }`,
      {},
      'OPERATION_TOO_COMPLEX',
    ],
  ])('refuses %s', (name, query, variables, code) => {
    const operationName = name === 'an unknown operation name' ? 'B' : undefined;
    expect(codes({ query, variables, operationName })).toEqual([code]);
  });
});
