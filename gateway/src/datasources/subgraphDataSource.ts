import { RemoteGraphQLDataSource } from '@apollo/gateway';

/**
 * How the gateway calls one subgraph. A thin subclass today so that timeouts,
 * retries, signed claims and header rules have one home as they arrive.
 */
export class SubgraphDataSource extends RemoteGraphQLDataSource {
  constructor(
    readonly subgraphName: string,
    url: string,
  ) {
    super({ url });
  }
}
