import type { GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { OperationTypeNode } from 'graphql';
import { Agent } from 'undici';
import { signedCallHeaders } from '../../../gateway/src/datasources/signedCallHeaders';
import {
  SubgraphDataSource,
  type SubgraphContext,
} from '../../../gateway/src/datasources/subgraphDataSource';
import type { Claims } from '../../../lib/claims';
import { createLogger } from '../../../lib/logger';
import { NonceCache } from '../../../lib/nonceCache';
import { CALL_HEADER, CLAIMS_HEADER, claimsValue } from '../../../lib/signedClaims';
import { verifySignedRequest } from '../../../lib/verifySignedClaims';
import { startSlowSubgraph, type SlowSubgraph } from '../../fixtures/slowSubgraph';
import { QUERY, send } from './resilienceSupport';

/**
 * The gateway signs every HTTP attempt to a subgraph over the body it sends: a retry
 * carries a fresh call id, and a batch merging several requests' entity fetches is
 * signed over the merged body. Each request the stand-in subgraph received is verified
 * as a real subgraph would, with one replay cache for all of them.
 */
const SECRET = 'signed-calls-test-secret-0123456789abcdef';
const AGENT: Claims = { sub: 'agt-1', role: 'agent', scopes: ['pii:read'] };
const ENTITIES = /* GraphQL */ `
  query Ctx__orders__1($representations: [_Any!]!) {
    _entities(representations: $representations) {
      ... on Customer {
        name
      }
    }
  }
`;

const logger = createLogger({ name: 'test', level: 'silent' });
let subgraph: SlowSubgraph;
let agent: Agent;
beforeEach(async () => {
  subgraph = await startSlowSubgraph();
  agent = new Agent({ connections: 8 });
});
afterEach(async () => {
  await agent.close();
  await subgraph.stop();
});

function dataSource(batch: boolean): SubgraphDataSource {
  return new SubgraphDataSource('orders', subgraph.url, logger, {
    dispatcher: agent,
    headers: () => ({ [CLAIMS_HEADER]: claimsValue(AGENT), 'x-cc-caller': 'agt-1' }),
    signAttempt: signedCallHeaders(SECRET, 'orders'),
    call: {
      retryBaseDelayMs: 5,
      ...(batch ? { batch: { windowMs: 50, maxRepresentations: 100 } } : {}),
    },
  });
}

/** Verifies every request the subgraph received, as the subgraph does: the callers. */
function verifyReceived(): (Claims | null)[] {
  const nonces = new NonceCache();
  return subgraph.requests.map((received) =>
    verifySignedRequest(
      received.headers,
      SECRET,
      { method: 'POST', subgraph: 'orders', body: Buffer.from(received.body) },
      { firstUse: (nonce, until) => nonces.firstUse(nonce, until) },
    ),
  );
}

function entityFetch(source: SubgraphDataSource, ids: string[]) {
  const request = {
    query: ENTITIES,
    variables: { representations: ids.map((id) => ({ __typename: 'Customer', id })) },
  };
  const context = {};
  return source.process({
    kind: 'incoming operation',
    request,
    context,
    incomingRequestContext: {
      request,
      context,
      operation: { operation: OperationTypeNode.QUERY },
    },
  } as unknown as GraphQLDataSourceProcessOptions<SubgraphContext>);
}

describe('signed subgraph calls', () => {
  it('signs a retry afresh: both attempts verify, with different call ids', async () => {
    subgraph.failNext(1, 503);
    const response = await send(dataSource(false), QUERY);
    expect(response.data).toEqual({ served: 2 });
    expect(subgraph.requests).toHaveLength(2);
    expect(verifyReceived()).toEqual([AGENT, AGENT]);
    const [first, second] = subgraph.requests.map((r) => r.headers[CALL_HEADER]);
    expect(first).not.toEqual(second);
  });

  it('signs a merged entity batch over the merged body', async () => {
    const source = dataSource(true);
    await Promise.all([
      entityFetch(source, ['c1', 'c2']),
      entityFetch(source, ['c3']),
      entityFetch(source, ['c4']),
    ]);
    expect(subgraph.requests).toHaveLength(1);
    const merged = JSON.parse(subgraph.requests[0]!.body) as {
      variables: { representations: { id: string }[] };
    };
    expect(merged.variables.representations.map((r) => r.id)).toEqual(['c1', 'c2', 'c3', 'c4']);
    expect(verifyReceived()).toEqual([AGENT]);
  });

  it('signs a call without a client request (a health check) as anonymous', async () => {
    const source = new SubgraphDataSource('orders', subgraph.url, logger, {
      dispatcher: agent,
      signAttempt: signedCallHeaders(SECRET, 'orders'),
    });
    await source.process({
      kind: 'health check',
      request: { query: '{ __typename }' },
      context: {},
    } as unknown as GraphQLDataSourceProcessOptions<SubgraphContext>);
    expect(verifyReceived()).toEqual([null]);
  });
});
