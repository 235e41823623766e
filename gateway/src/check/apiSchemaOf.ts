import { Supergraph } from '@apollo/federation-internals';
import type { GraphQLSchema } from 'graphql';

/**
 * The API schema clients see for a supergraph: federation machinery (`join__*`,
 * `link__*`) removed and `@inaccessible` elements hidden. Feature support is not
 * checked (`supportedFeatures: null`): the security links (`@authenticated`,
 * `@policy`) are enforced by the gateway, not by the query planner.
 */
export function apiSchemaOf(supergraphSdl: string): GraphQLSchema {
  return Supergraph.build(supergraphSdl, { supportedFeatures: null })
    .apiSchema()
    .toGraphQLJSSchema();
}
