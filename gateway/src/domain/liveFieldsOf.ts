import type { LiveField } from '../subscriptions/subscriptionServerOptions';
import type { DomainConfig } from './domainConfig';

/** The configured live fields as the subscription server takes them. */
export function liveFieldsOf(domain: DomainConfig): LiveField[] {
  return domain.live.map((field) => {
    const prefixes = field.followsTagPrefixes;
    return {
      subscriptionField: field.subscriptionField,
      queryField: field.queryField,
      argument: field.argument,
      tag: (value) => field.tag.replaceAll('{value}', value),
      ...(prefixes.length > 0
        ? { follows: (tag: string) => prefixes.some((prefix) => tag.startsWith(prefix)) }
        : {}),
    };
  });
}
