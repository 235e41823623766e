import type { EventShape } from '../domain/domainConfig';
import { fillTemplate, valueAt } from '../domain/fillTemplate';
import type { Change } from './changeFeed';

/** Why an entry of the event stream announced no change. */
export type SkipReason = 'evicts nothing' | 'not an event';

/** What one entry of the event stream means to the gateway: a change, or a skip and why. */
export type EventChange = { change: Change } | { skipped: SkipReason };

/**
 * The change a domain event announces, read by the configured {@link EventShape}: the
 * tags its templates fill from the event's fields (what a cache entry or a live
 * subscription may depend on), when it was published and its type. An event that lists
 * tags in `invalidatesField` announces exactly those instead; none (an audited read)
 * is skipped as `evicts nothing`, an expected and frequent case. An entry without a
 * string type or a required field is skipped as `not an event`, rather than stopping
 * the feed.
 */
export function changeOfEvent(event: unknown, publishedAt: number, shape: EventShape): EventChange {
  if (!event || typeof event !== 'object') return { skipped: 'not an event' };
  const type = valueAt(event, shape.typeField);
  if (typeof type !== 'string' || type.length === 0) return { skipped: 'not an event' };
  for (const field of shape.requiredFields) {
    const value = valueAt(event, field);
    if (typeof value !== 'string' || value.length === 0) return { skipped: 'not an event' };
  }
  const declared = shape.invalidatesField ? valueAt(event, shape.invalidatesField) : undefined;
  const tags = Array.isArray(declared)
    ? declared.filter((tag): tag is string => typeof tag === 'string')
    : shape.tags.map((t) => fillTemplate(t, event)).filter((tag): tag is string => tag !== null);
  return tags.length > 0
    ? { change: { tags, publishedAt, eventType: type } }
    : { skipped: 'evicts nothing' };
}
