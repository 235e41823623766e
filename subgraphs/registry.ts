import { crmSubgraph } from './crm/src';
import { engagementSubgraph } from './engagement/src';
import { ordersSubgraph } from './orders/src';
import { provisioningSubgraph } from './provisioning/src';
import type { SubgraphDefinition } from './shared/subgraphDefinition';
import { supportSubgraph } from './support/src';

/**
 * The subgraphs this repository runs, in start order. Adding a subgraph means adding
 * it here and to `schema/supergraph.yaml`; the gateway needs no change.
 */
export const SUBGRAPHS: readonly SubgraphDefinition[] = [
  crmSubgraph,
  ordersSubgraph,
  provisioningSubgraph,
  supportSubgraph,
  engagementSubgraph,
];

/** The subgraph with `name`, or an error listing the known names. */
export function subgraphByName(name: string): SubgraphDefinition {
  const found = SUBGRAPHS.find((subgraph) => subgraph.name === name);
  if (!found) {
    throw new Error(
      `unknown subgraph ${JSON.stringify(name)}; known: ${SUBGRAPHS.map((s) => s.name).join(', ')}`,
    );
  }
  return found;
}
