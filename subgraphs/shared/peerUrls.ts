/**
 * Where this subgraph reaches another subgraph's GraphQL endpoint (e.g.
 * `http://127.0.0.1:4001/graphql` for `crm`), or null when it was not told. Used only
 * to ask an entity's owner whether the caller may use an id (see `referenceCheck.ts`).
 */
export type PeerUrls = (subgraph: string) => string | null;

/** A {@link PeerUrls} over a fixed map, e.g. the config's `SUBGRAPH_URLS`. */
export function peerUrlsFrom(urls: Readonly<Record<string, string>>): PeerUrls {
  return (subgraph) => (Object.hasOwn(urls, subgraph) ? (urls[subgraph] ?? null) : null);
}
