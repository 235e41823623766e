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

/** The GraphQL error a rejected fetch carries; fails the test if it is anything else. */
export async function failureOf(promise: Promise<unknown>): Promise<GraphQLError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof GraphQLError) return error;
    throw error;
  }
  throw new Error('expected the subgraph fetch to fail');
}
