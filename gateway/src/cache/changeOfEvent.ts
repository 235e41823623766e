import { customerTag, entityTag } from '../../../lib/cacheTags';
import type { PublishedEvent } from '../../../subgraphs/shared/events/eventBus';
import type { Change } from './changeFeed';

/**
 * The change a domain event announces: the customer's tag and the subject entity's tag
 * (what a cache entry or a live subscription may depend on), when it was published and
 * its type. Null for an entry that is not a domain event, so a stray entry is skipped
 * rather than stopping the feed. An event whose payload lists `invalidates` announces
 * exactly those tags instead (none: null, e.g. an audited read changes nothing cached).
 */
export function changeOfEvent(event: unknown, publishedAt: number): Change | null {
  if (!event || typeof event !== 'object') return null;
  const { customerId, subject, type, payload } = event as Partial<PublishedEvent>;
  if (typeof customerId !== 'string' || typeof type !== 'string') return null;
  const declared: unknown = payload?.['invalidates'];
  if (Array.isArray(declared)) {
    const only = declared.filter((tag): tag is string => typeof tag === 'string');
    return only.length > 0 ? { tags: only, publishedAt, eventType: type } : null;
  }
  const tags = [customerTag(customerId)];
  if (subject && typeof subject.typename === 'string' && typeof subject.id === 'string')
    tags.push(entityTag(subject.typename, subject.id));
  return { tags, publishedAt, eventType: type };
}
