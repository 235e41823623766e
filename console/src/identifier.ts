import type { IdentifierKind } from './gql/graphql';

/** The kinds a rep can pick, with the words the form shows. */
export const IDENTIFIER_KINDS: readonly { kind: IdentifierKind; label: string }[] = [
  { kind: 'PHONE', label: 'Phone number' },
  { kind: 'EMAIL', label: 'Email' },
  { kind: 'SOCIAL', label: 'Social handle' },
  { kind: 'ACCOUNT_NUMBER', label: 'Account number' },
  { kind: 'APP_DEVICE', label: 'App device id' },
];

/**
 * What a typed value most likely is, so the rep can paste whatever the channel shows:
 * `@handle` social, `a@b.c` email, `ACC-…` account, mostly digits a phone number (the
 * gateway normalises any format), anything else an app device id.
 */
export function guessKind(value: string): IdentifierKind {
  const v = value.trim();
  if (/^@/.test(v)) return 'SOCIAL';
  if (/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v)) return 'EMAIL';
  if (/^acc-?\d+$/i.test(v)) return 'ACCOUNT_NUMBER';
  if (/^[+\d\s().-]+$/.test(v) && v.replace(/\D/g, '').length >= 6) return 'PHONE';
  return 'APP_DEVICE';
}

/** The label of a kind, lower case, for sentences ("no one has that phone number"). */
export function kindWords(kind: IdentifierKind): string {
  return (IDENTIFIER_KINDS.find((k) => k.kind === kind)?.label ?? kind).toLowerCase();
}
