import { daysFrom } from '../../../../shared/seedIds';
import type {
  AppContext,
  AppContextField,
  CasePriority,
  CaseStatus,
  Channel,
  ConversationStatus,
  InteractionDirection,
} from '../../generated/graphql';

/** One persona's part of the support data, as plain values. */
export interface Story {
  conversations: ConversationSeed[];
  cases: CaseSeed[];
  interactions: InteractionSeed[];
  /** The view log: [agent id, customer id, when]. */
  views: [agentId: string, customerId: string, at: Date][];
}

/** A conversation with its steps; start and last activity come from the steps. */
export interface ConversationSeed {
  id: string;
  customerId: string;
  status: ConversationStatus;
  topic: string;
  totalSteps: number | null;
  steps: { step: number; name: string; channel: Channel; at: Date; data: AppContextField[] }[];
}

/** A case with its history, notes and handoffs; `updated_at` is the latest of them. */
export interface CaseSeed {
  id: string;
  customerId: string;
  title: string;
  status: CaseStatus;
  priority: CasePriority;
  channel: Channel;
  openedAt: Date;
  orderId: string | null;
  assignedTo: string | null;
  team: string | null;
  appContext: AppContext | null;
  conversationId: string | null;
  history: [status: CaseStatus, at: Date, reason: string | null][];
  notes: { id: string; authorId: string; at: Date; body: string }[];
  handoffs: {
    id: string;
    from: string;
    to: string | null;
    toTeam: string;
    summary: string;
    at: Date;
  }[];
}

/** One interaction. */
export interface InteractionSeed {
  id: string;
  customerId: string;
  channel: Channel;
  direction: InteractionDirection;
  at: Date;
  summary: string;
  topic: string;
  agentId: string | null;
  appContext: AppContext | null;
  caseId: string | null;
}

/** `at(day, hh, mm)`: when something in a story happened (see {@link storyClock}). */
export type StoryClock = (day: number, hours: number, minutes?: number) => Date;

/**
 * A clock for a story told at `now` (the seed's one clock reading): `at(day, hh, mm)` is
 * that UTC time on `anchor + day` days. A support story is history, and its day 0 ends by 10:00 UTC; seeded earlier in the
 * UTC day, those times have not happened yet, and a note dated in the future would
 * never count as read. Then day 0's first ten hours are squeezed, in order, into the
 * whole hours already past today (into the hour before midnight during the first hour).
 * Hours, not the exact time: a seed rerun in the same hour tells the same times; a rerun
 * in a later hour or day inserts nothing (insertStory), and a test that asserts
 * the times passes the seed's own `now` (SeedOptions.now).
 */
export function storyClock(anchor: Date, now: Date): StoryClock {
  const dayStart = anchor.getTime();
  const hourStart = Math.floor(now.getTime() / HOUR_MS) * HOUR_MS;
  const squeeze = hourStart < dayStart + DAY_ZERO_ENDS_MS;
  const windowStart = hourStart > dayStart ? dayStart : dayStart - HOUR_MS;
  const windowEnd = hourStart > dayStart ? hourStart : dayStart;
  const scale = (windowEnd - windowStart) / DAY_ZERO_ENDS_MS;
  return (day, hours, minutes = 0) => {
    const at = daysFrom(anchor, day + (hours * 60 + minutes) / 1440);
    const t = at.getTime();
    if (!squeeze || t < dayStart || t >= dayStart + DAY_ZERO_ENDS_MS) return at;
    return new Date(windowStart + (t - dayStart) * scale);
  };
}

const HOUR_MS = 3_600_000;
const DAY_ZERO_ENDS_MS = 10 * HOUR_MS;
