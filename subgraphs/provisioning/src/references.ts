/**
 * An entity owned by another subgraph (`Customer`, `Order`, `Place`,
 * `ProductOffering`), held by its key only: the gateway fetches its fields from the
 * owner, so this subgraph answers with the id and never queries for it.
 */
export interface EntityRef {
  id: string;
}

/**
 * An `Order` (owned by `orders`) as the gateway refers to it: its id and, through
 * `@requires`, its customer, so the fulfilment answered here is tagged with its owner.
 * The customer is missing when a caller sends the key alone.
 */
export interface OrderRef extends EntityRef {
  customer?: EntityRef | null;
}

/** A reference to the entity with `id`, or null when there is none. */
export function refOrNull(id: string | null): EntityRef | null {
  return id === null ? null : { id };
}
