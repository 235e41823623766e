import { ErrorCode } from '../../../../../schema/errorCodes';
import type { Database, Queryable } from '../../../../shared/db';
import { codedError } from '../../../../shared/errors';
import { recordEvent } from '../../../../shared/outbox';
import type { Channel } from '../../generated/graphql';
import type { ConsentRow } from './repository';
import type { QuietHoursValue } from './validation';

/** The PostgreSQL schema (and outbox) this subgraph writes to. */
export const SCHEMA = 'crm';
/** The event subject for a customer. */
export const SUBJECT = (id: string) => ({ typename: 'Customer', id });

/** Validated preferences to store. */
export interface PreferencesChange {
  customerId: string;
  preferredChannel: Channel | null;
  language: string;
  quietHours: QuietHoursValue | null;
  actor: string;
}

/** A validated consent decision to store; `channels` deduplicated and sorted. */
export interface ConsentChange {
  customerId: string;
  purpose: ConsentRow['purpose'];
  granted: boolean;
  channels: Channel[];
  actor: string;
}

/** Locks the customer row for this transaction; NOT_FOUND when there is none. */
export async function lockCustomer(tx: Queryable, customerId: string): Promise<void> {
  const rows = await tx.query('SELECT id FROM crm.customer WHERE id = $1 FOR NO KEY UPDATE', [
    customerId,
  ]);
  if (rows.length === 0) {
    throw codedError(ErrorCode.NOT_FOUND, `no customer has id ${JSON.stringify(customerId)}`, {
      argument: 'input.customerId',
    });
  }
}

/**
 * Upserts the customer's preferences. Writes (and records `customer.preferences_updated`)
 * only when something differs from what is stored, so a retry changes nothing.
 */
export async function savePreferences(db: Database, change: PreferencesChange): Promise<void> {
  const quiet = change.quietHours;
  await db.transaction(async (tx) => {
    await lockCustomer(tx, change.customerId);
    const written = await tx.query(
      `INSERT INTO crm.preferences AS p
         (customer_id, preferred_channel, language, quiet_start, quiet_end, quiet_time_zone)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (customer_id) DO UPDATE SET
         preferred_channel = EXCLUDED.preferred_channel, language = EXCLUDED.language,
         quiet_start = EXCLUDED.quiet_start, quiet_end = EXCLUDED.quiet_end,
         quiet_time_zone = EXCLUDED.quiet_time_zone, updated_at = now()
       WHERE (p.preferred_channel, p.language, p.quiet_start, p.quiet_end, p.quiet_time_zone)
         IS DISTINCT FROM (EXCLUDED.preferred_channel, EXCLUDED.language, EXCLUDED.quiet_start,
                           EXCLUDED.quiet_end, EXCLUDED.quiet_time_zone)
       RETURNING customer_id`,
      [
        change.customerId,
        change.preferredChannel,
        change.language,
        quiet?.start ?? null,
        quiet?.end ?? null,
        quiet?.timeZone ?? null,
      ],
    );
    if (written.length === 0) return;
    const quietText = quiet
      ? `quiet ${quiet.start}–${quiet.end} ${quiet.timeZone}`
      : 'no quiet hours';
    await recordEvent(tx, SCHEMA, {
      customerId: change.customerId,
      type: 'customer.preferences_updated',
      subject: SUBJECT(change.customerId),
      summary: `Contact preferences updated: ${change.preferredChannel ?? 'no preferred channel'}, language ${change.language}, ${quietText}`,
      actor: change.actor,
      payload: {
        preferredChannel: change.preferredChannel,
        language: change.language,
        quietHours: quiet,
      },
    });
  });
}

/**
 * Upserts one consent decision, stamping `updated_at`. Writes (and records
 * `customer.consent_updated`) only when the decision differs from the stored one.
 */
export async function saveConsent(db: Database, change: ConsentChange): Promise<void> {
  await db.transaction(async (tx) => {
    await lockCustomer(tx, change.customerId);
    const written = await tx.query(
      `INSERT INTO crm.consent AS c (customer_id, purpose, granted, channels)
       VALUES ($1, $2, $3, $4::text[])
       ON CONFLICT (customer_id, purpose) DO UPDATE SET
         granted = EXCLUDED.granted, channels = EXCLUDED.channels, updated_at = now()
       WHERE (c.granted, c.channels) IS DISTINCT FROM (EXCLUDED.granted, EXCLUDED.channels)
       RETURNING customer_id`,
      [change.customerId, change.purpose, change.granted, change.channels],
    );
    if (written.length === 0) return;
    const scope =
      change.channels.length > 0 ? `for ${change.channels.join(', ')}` : 'on every channel';
    await recordEvent(tx, SCHEMA, {
      customerId: change.customerId,
      type: 'customer.consent_updated',
      subject: SUBJECT(change.customerId),
      summary: `Consent to ${change.purpose} ${change.granted ? 'granted' : 'refused'} ${scope}`,
      actor: change.actor,
      payload: { purpose: change.purpose, granted: change.granted, channels: change.channels },
    });
  });
}
