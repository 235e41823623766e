/**
 * How an event summary says where something happened, e.g. "Order placed on the
 * website". Keyed by the `Channel` enum every subgraph shares.
 */
export const CHANNEL_PHRASE: Readonly<Record<string, string>> = {
  MOBILE_APP: 'in the mobile app',
  WEBSITE: 'on the website',
  PHONE: 'by phone',
  CHAT: 'in chat',
  SOCIAL: 'on social media',
  STORE: 'in a store',
  FIELD_TECHNICIAN: 'by a field technician',
  EMAIL: 'by email',
  SMS: 'by text message',
};

/** {@link CHANNEL_PHRASE} of `channel`, or "on <channel>" for a value it does not know. */
export function channelPhrase(channel: string): string {
  return CHANNEL_PHRASE[channel] ?? `on ${channel.toLowerCase()}`;
}
