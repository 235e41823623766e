import { createLogger } from '../../../lib/logger';
import { formatGatewayError } from '../../../gateway/src/formatGatewayError';

const logger = createLogger({ name: 'test', level: 'silent' });

describe('production error masking', () => {
  const internal = {
    message: 'connect ECONNREFUSED 10.0.0.7:5432 at Pool.query (pg/lib/client.js:526)',
    path: ['customer'],
    extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: ['Error: ...'], subgraph: 'crm' },
  };
  const coded = {
    message: 'subgraph "orders" is unavailable',
    path: ['order'],
    extensions: {
      code: 'SUBGRAPH_UNAVAILABLE',
      subgraph: 'orders',
      reason: 'timeout',
      response: { url: 'http://10.0.0.8:4002/graphql', body: 'stack...' },
      stacktrace: ['GraphQLError: ...'],
    },
  };

  it('hides the message and internals of unexpected errors, keeping the code and subgraph', () => {
    expect(formatGatewayError(internal, new Error('x'), true, logger)).toEqual({
      message: 'Internal server error',
      path: ['customer'],
      extensions: { code: 'INTERNAL_SERVER_ERROR', subgraph: 'crm' },
    });
  });

  it('keeps deliberate errors but strips stack traces and upstream responses', () => {
    expect(formatGatewayError(coded, new Error('x'), true, logger)).toEqual({
      message: 'subgraph "orders" is unavailable',
      path: ['order'],
      extensions: { code: 'SUBGRAPH_UNAVAILABLE', subgraph: 'orders', reason: 'timeout' },
    });
  });

  it('leaves errors untouched outside production', () => {
    expect(formatGatewayError(coded, new Error('x'), false, logger)).toBe(coded);
  });
});
