import { hasScope, type Claims } from '../../../../../lib/claims';
import { ErrorCode } from '../../../../../schema/errorCodes';
import type { Queryable } from '../../../../shared/db';
import { badUserInput, codedError } from '../../../../shared/errors';
import type {
  AppFunctionFigures,
  AppFunctionOutcomes,
  AppPlatform,
  Channel,
} from '../../generated/graphql';

/** Longest period one `appFunctionOutcomes` call may cover. */
export const MAX_PERIOD_DAYS = 366;

/** A row of `engagement.app_function_day`, as the outcome query reads it. */
interface FunctionDayRow {
  day: string;
  function: string;
  attempts: number;
  successes: number;
  failures: number;
  abandonments: number;
  followed: number;
  followed_by: Record<string, number>;
  success_seconds: number[];
}

/** Figures being summed over rows: counts plus every success duration (for the exact median). */
type Tally = Omit<FunctionDayRow, 'day'>;

const emptyTally = (fn: string): Tally => ({
  function: fn,
  attempts: 0,
  successes: 0,
  failures: 0,
  abandonments: 0,
  followed: 0,
  followed_by: {},
  success_seconds: [],
});

function add(into: Tally, row: FunctionDayRow): void {
  into.attempts += row.attempts;
  into.successes += row.successes;
  into.failures += row.failures;
  into.abandonments += row.abandonments;
  into.followed += row.followed;
  for (const [channel, n] of Object.entries(row.followed_by)) {
    into.followed_by[channel] = (into.followed_by[channel] ?? 0) + n;
  }
  for (const seconds of row.success_seconds) into.success_seconds.push(seconds);
}

/** The median of `values` (mean of the two middle values for an even count); null when empty. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function figuresOf(t: Tally): AppFunctionFigures {
  const notSucceeded = t.failures + t.abandonments;
  return {
    function: t.function,
    attempts: t.attempts,
    successes: t.successes,
    failures: t.failures,
    abandonments: t.abandonments,
    medianSecondsToSuccess: median(t.success_seconds),
    followedByContact: t.followed,
    failureDemand: notSucceeded === 0 ? null : t.followed / notSucceeded,
    failureDemandByChannel: Object.entries(t.followed_by)
      .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
      .map(([channel, attempts]) => ({
        channel: channel as Channel,
        attempts,
        share: notSucceeded === 0 ? 0 : attempts / notSucceeded,
      })),
  };
}

/**
 * The gateway's `cxRead` policy, checked again here: staff or services holding `cx:read`,
 * or a supervisor; `FORBIDDEN` for anyone else (a customer never, whatever its scopes).
 */
export function assertMayReadOutcomes(claims: Claims | null): void {
  const allowed =
    claims !== null &&
    (claims.role === 'supervisor' || (claims.role !== 'customer' && hasScope(claims, 'cx:read')));
  if (!allowed) {
    throw codedError(
      ErrorCode.FORBIDDEN,
      'app outcome figures need the cx:read scope or the supervisor role',
    );
  }
}

/** `since`/`until` as whole UTC days, after checking the period; `BAD_USER_INPUT` otherwise. */
export function periodDays(since: Date, until: Date): { from: string; to: string } {
  if (Number.isNaN(since.getTime()) || Number.isNaN(until.getTime())) {
    throw badUserInput('since and until must be valid instants', 'since');
  }
  if (until < since) throw badUserInput('until must not be before since', 'until');
  if (until.getTime() - since.getTime() > MAX_PERIOD_DAYS * 86_400_000) {
    throw badUserInput(`the period may cover at most ${MAX_PERIOD_DAYS} days`, 'until');
  }
  return { from: since.toISOString().slice(0, 10), to: until.toISOString().slice(0, 10) };
}

/**
 * The outcome figures of sessions started on the UTC days from `since`'s day up to, not
 * including, `until`'s day (whole days: the table is per day), per function and per day,
 * from the outcome table in ONE statement.
 */
export async function appFunctionOutcomes(
  db: Queryable,
  args: { since: Date; until: Date; channel?: AppPlatform | null },
): Promise<AppFunctionOutcomes> {
  const { from, to } = periodDays(args.since, args.until);
  const rows = await db.query<FunctionDayRow>(
    `SELECT to_char(day, 'YYYY-MM-DD') AS day, function, attempts, successes, failures,
            abandonments, followed, followed_by, success_seconds
       FROM engagement.app_function_day
      WHERE day >= $1::date AND day < $2::date AND ($3::text IS NULL OR platform = $3)
      ORDER BY day, function`,
    [from, to, args.channel ?? null],
  );
  const totals = new Map<string, Tally>();
  const days = new Map<string, Tally>();
  for (const row of rows) {
    const total = totals.get(row.function) ?? emptyTally(row.function);
    totals.set(row.function, total);
    add(total, row);
    const key = `${row.day}\u0000${row.function}`;
    const day = days.get(key) ?? emptyTally(row.function);
    days.set(key, day);
    add(day, row);
  }
  return {
    functions: [...totals.values()]
      .sort((a, b) => b.attempts - a.attempts || a.function.localeCompare(b.function))
      .map(figuresOf),
    days: [...days.entries()].map(([key, tally]) => ({
      day: key.slice(0, 10),
      figures: figuresOf(tally),
    })),
  };
}
