import { Kind, parse, type ConstValueNode } from 'graphql';

/** A subgraph as the supergraph's `join__Graph` enum names it. */
export interface SupergraphSubgraph {
  /** Subgraph name, e.g. `crm`. */
  name: string;
  /** Routing URL recorded at composition time. */
  url: string;
}

/**
 * Lists the subgraphs of a composed Federation 2 supergraph from its `join__Graph`
 * enum, so the gateway can check and route to any supergraph without knowing its
 * domain. Throws when the SDL is not a supergraph.
 */
export function supergraphSubgraphs(supergraphSdl: string): SupergraphSubgraph[] {
  const document = parse(supergraphSdl);
  const joinGraph = document.definitions.find(
    (definition) =>
      definition.kind === Kind.ENUM_TYPE_DEFINITION && definition.name.value === 'join__Graph',
  );
  if (!joinGraph || joinGraph.kind !== Kind.ENUM_TYPE_DEFINITION) {
    throw new Error('not a Federation 2 supergraph: it has no join__Graph enum');
  }
  return (joinGraph.values ?? []).map((value) => {
    const directive = value.directives?.find((d) => d.name.value === 'join__graph');
    const argument = (name: string): string | undefined => {
      const node: ConstValueNode | undefined = directive?.arguments?.find(
        (arg) => arg.name.value === name,
      )?.value;
      return node?.kind === Kind.STRING ? node.value : undefined;
    };
    const name = argument('name');
    const url = argument('url');
    if (!name || url === undefined) {
      throw new Error(`join__Graph value ${value.name.value} lacks @join__graph(name:, url:)`);
    }
    return { name, url };
  });
}
