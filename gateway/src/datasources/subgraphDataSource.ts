import { RemoteGraphQLDataSource } from '@apollo/gateway';
import type { GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { GraphQLError } from 'graphql';
import type { Logger } from 'pino';
import { ErrorCode } from '../../../schema/errorCodes';

/**
 * How the gateway calls one subgraph. A subgraph that cannot be reached becomes a
 * `SUBGRAPH_UNAVAILABLE` error naming the subgraph (never its internal URL); the
 * fields other subgraphs own still arrive.
 */
export class SubgraphDataSource extends RemoteGraphQLDataSource {
  constructor(
    readonly subgraphName: string,
    url: string,
    private readonly logger: Logger,
  ) {
    super({ url });
  }

  override async process(
    options: GraphQLDataSourceProcessOptions,
  ): Promise<GatewayGraphQLResponse> {
    try {
      return await super.process(options);
    } catch (error) {
      if (error instanceof GraphQLError) throw error;
      this.logger.warn({ err: error, subgraph: this.subgraphName }, 'subgraph unavailable');
      throw new GraphQLError(`subgraph "${this.subgraphName}" is unavailable`, {
        extensions: { code: ErrorCode.SUBGRAPH_UNAVAILABLE, subgraph: this.subgraphName },
      });
    }
  }
}
