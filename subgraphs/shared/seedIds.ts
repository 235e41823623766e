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

/**
 * SQL expression for when generated customer `n` contacted support (`int-00000n`, seeded
 * by support): one minute apart from 2024-06-01. Engagement dates some of their app
 * sessions shortly before it, so seeded failure demand is not zero.
 */
export function generatedContactAtSql(n: string): string {
  return `(timestamptz '2024-06-01T00:00:00Z' + (${n}) * interval '1 minute')`;
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

/** Catalogue entries (owned by `orders`) that other subgraphs' seeds refer to. */
export const OFFERING = {
  internet300: 'off-internet-300',
  internet1000: 'off-internet-1000',
  tvPremiumPackage: 'off-tv-premium',
  tvStreamingPackage: 'off-tv-streaming',
  setTopBox: 'off-set-top-box',
  mobileBasic: 'off-mobile-basic',
  mobilePlus: 'off-mobile-plus',
} as const;

/** Persona orders (owned by `orders`). */
export const PERSONA_ORDER = {
  /** Dana's website order: internet, the premium TV package and a set-top box. */
  danaMove: 'ord-dana-move',
  /** Priya's 1 Gbit/s internet order, still in flight. */
  priyaGigabit: 'ord-priya-gigabit',
  /** Sam's earlier mobile plan order, completed. */
  samMobile: 'ord-sam-mobile',
} as const;

/** Persona service orders, appointments and services (owned by `provisioning`). */
export const PERSONA_PROVISIONING = {
  danaServiceOrder: 'so-dana-move',
  /** The first visit, which failed: the box could not be wired. */
  danaFirstVisit: 'apt-dana-first-visit',
  /** The rebooked visit: a plain install with an installer, though rewiring is needed. */
  danaSecondVisit: 'apt-dana-second-visit',
  danaInternet: 'svc-dana-internet',
  priyaServiceOrder: 'so-priya-gigabit',
  priyaInternet: 'svc-priya-internet',
  samMobile: 'svc-sam-mobile',
  leeInternet: 'svc-lee-internet',
  /** An installer without the rewiring skill. */
  installer: 'tec-installer-ava',
  /** A technician with the rewiring skill. */
  rewiringSpecialist: 'tec-rewiring-ben',
} as const;

/** Persona cases, conversations and agents (owned by `support`). */
export const PERSONA_SUPPORT = {
  danaCase: 'case-dana-move',
  samCase: 'case-sam-plan-change',
  priyaCase: 'case-priya-speed',
  samConversation: 'conv-sam-plan-change',
  /** The first rep Dana spoke to, on the care team, who wrote long notes. */
  careRep: 'agt-care-jordan',
  /** The sales rep Dana was transferred to, who had not read the notes. */
  salesRep: 'agt-sales-morgan',
} as const;
