/**
 * Cache tags name data that something cached may depend on. Subgraphs report the tags
 * an answer was computed from (`extensions.cacheTags`) and the tags a change touched
 * (`extensions.invalidatedTags`); an invalidation of a tag evicts everything carrying
 * it. Tags are built here only, never by string concatenation elsewhere.
 */

/** The tag of everything computed from one customer's data, e.g. `customer:cus-dana-reyes`. */
export function customerTag(customerId: string): string {
  return `customer:${customerId}`;
}

/**
 * The tag of what is computed from the whole log of reps' views of one customer, e.g.
 * `customer-views:cus-dana-reyes`. Separate from {@link customerTag} so that a rep
 * opening a customer evicts only that. Every view invalidates it; what depends on one
 * rep's views only carries {@link customerViewsByTag} instead.
 */
export function customerViewsTag(customerId: string): string {
  return `customer-views:${customerId}`;
}

/**
 * The tag of what is computed from one rep's views of one customer (`lastViewedBy` for
 * that rep), e.g. `customer-views:cus-dana-reyes:agt-sales-morgan`. A rep opening a
 * customer (every audited read of a rep does) evicts what their own views feed, not
 * every other rep's stored answers about that customer.
 */
export function customerViewsByTag(customerId: string, agentId: string): string {
  return `customer-views:${customerId}:${agentId}`;
}

const UNREAD_PREFIX = 'customer-unread:';

/**
 * The tag of an answer that shows notes one rep has not read on one customer (an
 * UNREAD_NOTES flag of a case assigned to them), e.g.
 * `customer-unread:cus-dana-reyes:agt-sales-morgan`. Their next view of the customer
 * invalidates it. Only an answer that shows unread notes carries it, so a view can change
 * such an answer once: live subscriptions follow it (see {@link isCustomerUnreadTag}).
 */
export function customerUnreadTag(customerId: string, agentId: string): string {
  return `${UNREAD_PREFIX}${customerId}:${agentId}`;
}

/** Whether `tag` is a {@link customerUnreadTag}. */
export function isCustomerUnreadTag(tag: string): boolean {
  return tag.startsWith(UNREAD_PREFIX);
}

/** The tag of one entity, e.g. `Order:ord-dana-move` (a domain event's subject). */
export function entityTag(typename: string, id: string): string {
  return `${typename}:${id}`;
}

const CUSTOMER_PREFIXES = ['customer:', 'customer-views:', UNREAD_PREFIX];

/**
 * The customer a per-customer tag names ({@link customerTag}, {@link customerViewsTag},
 * {@link customerViewsByTag}, {@link customerUnreadTag}), undefined for other tags.
 */
export function customerOfTag(tag: string): string | undefined {
  const prefix = CUSTOMER_PREFIXES.find((p) => tag.startsWith(p));
  return prefix === undefined ? undefined : tag.slice(prefix.length).split(':')[0];
}
