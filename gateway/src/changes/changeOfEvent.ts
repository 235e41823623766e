import { customerTag, entityTag } from '../../../lib/cacheTags';
import type { PublishedEvent } from '../../../subgraphs/shared/events/eventBus';
import type { Change } from './changeFeed';

/** Why an entry of the event stream announced no change. */
export type SkipReason = 'evicts nothing' | 'not an event';

/** What one entry of the event stream means to the gateway: a change, or a skip and why. */
export type EventChange = { change: Change } | { skipped: SkipReason };

/**
 * The change a domain event announces: the customer's tag and the subject entity's tag
 * (what a cache entry or a live subscription may depend on), when it was published and
 * its type. An event whose payload lists `invalidates` announces exactly those tags
 * instead; none (an audited read, `customer.viewed`) is skipped as `evicts nothing`, an
 * expected and frequent case. An entry that is not a domain event is skipped as `not an
 * event`, rather than stopping the feed.
 */
export function changeOfEvent(event: unknown, publishedAt: number): EventChange {
  if (!event || typeof event !== 'object') return { skipped: 'not an event' };
  const { customerId, subject, type, payload } = event as Partial<PublishedEvent>;
  if (typeof customerId !== 'string' || typeof type !== 'string')
    return { skipped: 'not an event' };
  const declared: unknown = payload?.['invalidates'];
  if (Array.isArray(declared)) {
    const only = declared.filter((tag): tag is string => typeof tag === 'string');
    return only.length > 0
      ? { change: { tags: only, publishedAt, eventType: type } }
      : { skipped: 'evicts nothing' };
  }
  const tags = [customerTag(customerId)];
  if (subject && typeof subject.typename === 'string' && typeof subject.id === 'string')
    tags.push(entityTag(subject.typename, subject.id));
  return { change: { tags, publishedAt, eventType: type } };
}
