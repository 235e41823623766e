import type { GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { GraphQLError } from 'graphql';
import type {
  SubgraphDataSource,
  SubgraphContext,
} from '../../../gateway/src/datasources/subgraphDataSource';

/** A query as the query planner sends it. */
export const QUERY = /* GraphQL */ `
  query Served__a__0 {
    served
  }
`;
/** A mutation as the query planner sends it. */
export const MUTATION = /* GraphQL */ `
  mutation Bump__a__0 {
    served
  }
`;

/** Sends one subgraph fetch the way ApolloGateway's executor does. */
export function send(
  dataSource: SubgraphDataSource,
  query: string,
  context: SubgraphContext = {},
): Promise<GatewayGraphQLResponse> {
  const request = { query, variables: {} };
  const options = {
    kind: 'incoming operation',
    request,
    context,
    incomingRequestContext: { request, context },
  } as unknown as GraphQLDataSourceProcessOptions<SubgraphContext>;
  return dataSource.process(options);
}

/**
 * The GraphQL error a failed fetch carries: the data source answers a subgraph it could
 * not reach with errors (so the gateway places them at their paths), and throws only for
 * calls outside a request. Fails the test when the fetch succeeded.
 */
export async function failureOf(
  promise: Promise<GatewayGraphQLResponse | undefined>,
): Promise<GraphQLError> {
  let answer: GatewayGraphQLResponse | undefined;
  try {
    answer = await promise;
  } catch (error) {
    if (error instanceof GraphQLError) return error;
    throw error;
  }
  const first = answer?.errors?.[0];
  if (first)
    return new GraphQLError(first.message, {
      ...(first.extensions ? { extensions: first.extensions } : {}),
    });
  throw new Error('expected the subgraph fetch to fail');
}
