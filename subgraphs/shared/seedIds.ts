/**
 * Ids the seed data shares across subgraphs. Every subgraph seeds its own part of
 * each persona's story against these ids, so the stories join up in the gateway.
 */
export const PERSONA = {
  dana: 'cus-dana-reyes',
  sam: 'cus-sam-okafor',
  priya: 'cus-priya-nair',
  lee: 'cus-lee-chen',
} as const;

/** Service addresses of the personas (owned by `crm`). */
export const PERSONA_PLACE = {
  danaNewHome: 'plc-dana-new-home',
  danaOldHome: 'plc-dana-old-home',
  sam: 'plc-sam-home',
  priya: 'plc-priya-home',
  lee: 'plc-lee-home',
} as const;

/** Id of generated customer number `n` (1-based), e.g. `cus-000042`. */
export function generatedCustomerId(n: number): string {
  return `cus-${String(n).padStart(6, '0')}`;
}

/** SQL expression for {@link generatedCustomerId} of the integer expression `n`. */
export function generatedCustomerIdSql(n: string): string {
  return `'cus-' || lpad((${n})::text, 6, '0')`;
}

/** SQL expression for the home place id of generated customer `n`, e.g. `plc-000042`. */
export function generatedPlaceIdSql(n: string): string {
  return `'plc-' || lpad((${n})::text, 6, '0')`;
}

/**
 * The moment the persona stories are told relative to: midnight UTC of the day the
 * seed runs, so subgraphs seeded the same day agree, and "upcoming" appointments are
 * still upcoming on a fresh start.
 */
export function storyAnchor(now: Date = new Date()): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}

/** `anchor` moved by whole or fractional days (negative for the past). */
export function daysFrom(anchor: Date, days: number): Date {
  return new Date(anchor.getTime() + days * 86_400_000);
}
