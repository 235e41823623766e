/**
 * Every subgraph `subgraphs/registry.ts` holds, by name in start order, with the port it
 * listens on when `<NAME>_PORT` is not set. Kept apart from the registry, which loads
 * every subgraph's code (seconds under tsx), so that a start checks its ports before
 * loading anything (see `lib/assertPortsFree.ts`). `new-subgraph` adds to both.
 */
export const SUBGRAPH_PORTS: Readonly<Record<string, number>> = Object.freeze({
  crm: 4001,
  orders: 4002,
  provisioning: 4003,
  support: 4004,
  engagement: 4005,
});

/** The default port of subgraph `name`, or an error listing the known names. */
export function subgraphDefaultPort(name: string): number {
  const port = Object.hasOwn(SUBGRAPH_PORTS, name) ? SUBGRAPH_PORTS[name] : undefined;
  if (port === undefined) {
    throw new Error(
      `unknown subgraph ${JSON.stringify(name)}; known: ${Object.keys(SUBGRAPH_PORTS).join(', ')}`,
    );
  }
  return port;
}
