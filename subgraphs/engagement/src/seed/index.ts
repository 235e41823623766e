import type { Database, Queryable } from '../../../shared/db';
import { recordEvent } from '../../../shared/outbox';
import {
  PERSONA,
  daysFrom,
  generatedContactAtSql,
  generatedCustomerIdSql,
  storyAnchor,
} from '../../../shared/seedIds';
import type { SeedOptions } from '../../../shared/subgraphDefinition';
import { allFunctionDayKeys, refreshFunctionDays } from '../modules/outcomes/functionDays';
import { DEFAULT_WINDOW_HOURS } from '../modules/outcomes/outcomesConsumer';

/** Ids of the persona sessions, fixed so re-seeding adds nothing. */
export const PERSONA_SESSION = {
  /** Sam, in the app right now, on the plan-change confirmation screen. */
  samNow: 'ses-sam-now',
  /**
   * Sam, two days ago at 20:30 UTC (after the app steps of his plan-change conversation):
   * confirming the plan change failed; he resumed it on the website the next evening,
   * within the window, so that contact links to this attempt.
   */
  samEarlier: 'ses-sam-earlier',
  /** Sam, 100 minutes ago: the plan change he stopped at `confirm` (APP_ATTEMPT_FAILED). */
  samPlanChange: 'ses-sam-plan-change',
  /** Dana, a week ago: checked the installation appointment. */
  danaAppointment: 'ses-dana-appointment',
} as const;

interface SeedScreen {
  screen: string;
  fn: string | null;
  succeeded: boolean | null;
  /** Minutes after the session start. */
  after: number;
}

interface SeedSession {
  id: string;
  customer: string;
  device: string;
  platform: 'IOS' | 'ANDROID' | 'WEB';
  start: Date;
  /** Minutes after the start; null for a session still open. */
  endAfter: number | null;
  /** Times are "minutes ago", moved on every seed so the story holds after a restart. */
  relative?: boolean;
  screens: SeedScreen[];
}

/**
 * Seeds the persona sessions (Sam in the app now, on `plan-change/confirm`; older
 * sessions for Sam and Dana), their events, and a few ended sessions per generated
 * customer (set-based). Idempotent: fixed ids, inserted only when missing, except
 * Sam's live session, whose times are moved to "minutes ago" on every seed so the
 * story holds after a restart.
 */
export async function seedEngagement(db: Database, options: SeedOptions): Promise<void> {
  const now = options.now ?? new Date();
  const anchor = storyAnchor(now);
  const minutesAgo = (m: number): Date => new Date(now.getTime() - m * 60_000);
  const sessions: SeedSession[] = [
    {
      id: PERSONA_SESSION.danaAppointment,
      customer: PERSONA.dana,
      device: 'dev-dana-phone',
      platform: 'ANDROID',
      start: daysFrom(anchor, -7.4),
      endAfter: 6,
      screens: [
        { screen: 'home', fn: null, succeeded: null, after: 0 },
        { screen: 'appointments/list', fn: 'viewAppointment', succeeded: true, after: 1 },
        {
          screen: 'appointments/reschedule',
          fn: 'rescheduleAppointment',
          succeeded: false,
          after: 4,
        },
      ],
    },
    {
      id: PERSONA_SESSION.samEarlier,
      customer: PERSONA.sam,
      device: 'dev-sam-iphone',
      platform: 'IOS',
      start: daysFrom(anchor, -2 + (20 * 60 + 30) / 1440),
      endAfter: 9,
      screens: [
        { screen: 'home', fn: null, succeeded: null, after: 0 },
        { screen: 'plan-change/choose', fn: null, succeeded: null, after: 2 },
        { screen: 'plan-change/confirm', fn: 'changePlan', succeeded: false, after: 7 },
      ],
    },
    {
      id: PERSONA_SESSION.samPlanChange,
      customer: PERSONA.sam,
      device: 'dev-sam-iphone',
      platform: 'IOS',
      start: minutesAgo(100),
      endAfter: 9,
      relative: true,
      screens: [
        { screen: 'home', fn: null, succeeded: null, after: 0 },
        { screen: 'plan-change/choose', fn: null, succeeded: null, after: 2 },
        { screen: 'plan-change/confirm', fn: 'changePlan', succeeded: null, after: 5 },
      ],
    },
    {
      id: PERSONA_SESSION.samNow,
      customer: PERSONA.sam,
      device: 'dev-sam-iphone',
      platform: 'IOS',
      start: minutesAgo(6),
      endAfter: null,
      relative: true,
      screens: [
        { screen: 'home', fn: null, succeeded: null, after: 0 },
        { screen: 'plan-change/choose', fn: null, succeeded: null, after: 2 },
        { screen: 'plan-change/confirm', fn: 'changePlan', succeeded: null, after: 4 },
      ],
    },
  ];
  await db.transaction(async (tx) => {
    for (const session of sessions) await insertSession(tx, session);
    await seedGenerated(tx, options.customers, anchor);
    // The outcome table, from what was just seeded (events keep it up to date afterwards).
    const window = options.config?.appAttemptWindowHours ?? DEFAULT_WINDOW_HOURS;
    await refreshFunctionDays(tx, await allFunctionDayKeys(tx), window);
  });
}

/** Inserts one persona session with its screens and events; refreshes a live one's times. */
async function insertSession(tx: Queryable, s: SeedSession): Promise<void> {
  const at = (minutes: number): Date => new Date(s.start.getTime() + minutes * 60_000);
  const live = s.endAfter === null;
  const moved = s.relative === true;
  await tx.query(
    `INSERT INTO engagement.app_session (id, customer_id, device_id, platform, app_version, started_at, ended_at)
     VALUES ($1, $2, $3, $4, '5.12.0', $5, $6)
     ON CONFLICT (id) DO ${moved ? 'UPDATE SET started_at = EXCLUDED.started_at, ended_at = EXCLUDED.ended_at' : 'NOTHING'}`,
    [s.id, s.customer, s.device, s.platform, s.start, live ? null : at(s.endAfter ?? 0)],
  );
  for (const [n, screen] of s.screens.entries()) {
    await tx.query(
      `INSERT INTO engagement.screen_visit (session_id, seq, screen, function_name, succeeded, at)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (session_id, seq) DO ${moved ? 'UPDATE SET at = EXCLUDED.at, succeeded = EXCLUDED.succeeded' : 'NOTHING'}`,
      [s.id, n + 1, screen.screen, screen.fn, screen.succeeded, at(screen.after)],
    );
  }
  if (live) return;
  await insertSeedEvent(tx, `evt-${s.id}-started`, s, 'app.session_started', s.start);
  await insertSeedEvent(tx, `evt-${s.id}-ended`, s, 'app.session_ended', at(s.endAfter ?? 0));
}

/** The functions generated sessions try, and the screen of each. */
const GENERATED_FUNCTIONS = ['downloadBill', 'changePlan', 'payBill', 'rescheduleAppointment'];
const GENERATED_SCREENS = [
  'bills/latest',
  'plan-change/confirm',
  'payments/pay',
  'appointments/reschedule',
];

/** Records a persona event (its fixed id makes a second seed add nothing). */
async function insertSeedEvent(
  tx: Queryable,
  id: string,
  s: SeedSession,
  type: 'app.session_started' | 'app.session_ended',
  occurredAt: Date,
): Promise<void> {
  const failed = s.screens.filter((x) => x.succeeded === false).map((x) => x.fn);
  await recordEvent(tx, 'engagement', {
    id,
    customerId: s.customer,
    type,
    subject: { typename: 'AppSession', id: s.id },
    summary:
      type === 'app.session_started'
        ? `Opened the ${s.platform.toLowerCase()} app`
        : `Closed the app after ${s.screens.length} screen(s)` +
          (failed.length > 0 ? `; failed: ${failed.join(', ')}` : ''),
    channel: 'MOBILE_APP',
    actor: 'customer',
    occurredAt,
  });
}

/**
 * Generated customer `n` gets `n % 3` ended sessions (none for every third customer),
 * each with two screens, days before `anchor`; and when `n % 4 = 1` one more (`…-0`)
 * that ends 15 to 54 minutes before their support contact ({@link generatedContactAtSql}),
 * so some failed attempts are followed by a contact (failure demand). All in two
 * statements. The second screen tries one of four functions; by a hash of the session
 * id six in ten succeed, two fail and two stop without a result (abandoned), after 30 s
 * to 4 min; before a contact, three in ten succeed, four fail and three are abandoned
 * (a customer who then calls more often had trouble in the app).
 */
async function seedGenerated(tx: Queryable, customers: number, anchor: Date): Promise<void> {
  await tx.query(
    `INSERT INTO engagement.app_session (id, customer_id, device_id, platform, app_version, started_at, ended_at)
     SELECT 'ses-' || lpad(c::text, 6, '0') || '-' || k, ${generatedCustomerIdSql('c')},
            'dev-' || lpad(c::text, 6, '0'), (ARRAY['IOS', 'ANDROID', 'WEB'])[1 + c % 3], '5.11.2',
            $2::timestamptz - make_interval(days => k * 3 + c % 11, mins => c % 600),
            $2::timestamptz - make_interval(days => k * 3 + c % 11, mins => c % 600 - 5)
       FROM generate_series(1, $1::int) AS c, generate_series(1, c % 3) AS k
     UNION ALL
     SELECT 'ses-' || lpad(c::text, 6, '0') || '-0', ${generatedCustomerIdSql('c')},
            'dev-' || lpad(c::text, 6, '0'), (ARRAY['IOS', 'ANDROID', 'WEB'])[1 + c % 3], '5.11.2',
            ${generatedContactAtSql('c')} - make_interval(mins => 20 + c % 40),
            ${generatedContactAtSql('c')} - make_interval(mins => 15 + c % 40)
       FROM generate_series(1, $1::int) AS c WHERE c % 4 = 1
     ON CONFLICT (id) DO NOTHING`,
    [customers, anchor],
  );
  await tx.query(
    `INSERT INTO engagement.screen_visit (session_id, seq, screen, function_name, succeeded, at)
     SELECT s.id, v.seq, CASE v.seq WHEN 1 THEN 'home' ELSE ($1::text[])[1 + x.h % 4] END,
            CASE v.seq WHEN 2 THEN ($2::text[])[1 + x.h % 4] END,
            CASE WHEN v.seq = 2 AND x.h % 10 < x.ok THEN true WHEN v.seq = 2 AND x.h % 10 < x.failed THEN false END,
            s.started_at + make_interval(secs => (v.seq - 1) * (30 + x.h % 210))
       FROM engagement.app_session s
      -- Before a contact (ids ending -0) the function went wrong more often: 3 in 10 succeed, 4 fail.
      CROSS JOIN LATERAL (SELECT abs(hashtext(s.id)) AS h,
                                 CASE WHEN s.id LIKE '%-0' THEN 3 ELSE 6 END AS ok,
                                 CASE WHEN s.id LIKE '%-0' THEN 7 ELSE 8 END AS failed) x
      CROSS JOIN (VALUES (1), (2)) AS v(seq)
      WHERE s.id LIKE 'ses-0%'
     ON CONFLICT (session_id, seq) DO NOTHING`,
    [GENERATED_SCREENS, GENERATED_FUNCTIONS],
  );
}
