import { maskContactValue } from './maskContactValue';
import { ErrorCode } from '../../../../../schema/errorCodes';
import type { Database } from '../../../../shared/db';
import { codedError } from '../../../../shared/errors';
import { idempotent } from '../../../../shared/idempotency';
import { recordEvent } from '../../../../shared/outbox';
import { lockCustomer, SCHEMA, SUBJECT } from './mutations';
import { customerIdByContactPoint, type ContactPointRow } from './repository';

/** A validated contact point to add; `value` already normalised. */
export interface ContactPointAddition {
  idempotencyKey: string;
  customerId: string;
  kind: ContactPointRow['kind'];
  value: string;
  isPrimary: boolean;
  actor: string;
}

const KIND_LABEL: Record<ContactPointRow['kind'], string> = {
  PHONE: 'phone number',
  EMAIL: 'email address',
  SOCIAL: 'social handle',
  APP_DEVICE: 'app device',
};

/**
 * Adds a contact point at most once per idempotency key. A value the customer already
 * holds changes nothing; one another customer holds is IDENTIFIER_CONFLICT.
 */
export function addContactPoint(
  db: Database,
  add: ContactPointAddition,
): Promise<{ customerId: string }> {
  const { idempotencyKey, ...request } = add;
  return idempotent(
    db,
    SCHEMA,
    { scope: 'addContactPoint', key: idempotencyKey, request },
    async (tx) => {
      await lockCustomer(tx, add.customerId);
      const inserted = await tx.query(
        `INSERT INTO crm.contact_point (kind, value, customer_id, is_primary)
       VALUES ($1, $2, $3, $4) ON CONFLICT (kind, value) DO NOTHING RETURNING kind`,
        [add.kind, add.value, add.customerId, add.isPrimary],
      );
      if (inserted.length === 0) {
        const holder = await customerIdByContactPoint(tx, add.kind, add.value);
        if (holder === add.customerId) return { customerId: add.customerId };
        throw codedError(
          ErrorCode.IDENTIFIER_CONFLICT,
          `this ${KIND_LABEL[add.kind]} already belongs to another customer`,
          { argument: 'input.value', kind: add.kind },
        );
      }
      if (add.isPrimary) {
        await tx.query(
          `UPDATE crm.contact_point SET is_primary = false
          WHERE customer_id = $1 AND kind = $2 AND value <> $3 AND is_primary`,
          [add.customerId, add.kind, add.value],
        );
      }
      await recordEvent(tx, SCHEMA, {
        customerId: add.customerId,
        type: 'customer.contact_point_added',
        subject: SUBJECT(add.customerId),
        // Masked: a summary is read by every reader of the timeline, whatever their scopes
        // (contact values in full need `pii:read`); the payload keeps the value for consumers.
        summary: `${add.isPrimary ? 'Primary ' : ''}${KIND_LABEL[add.kind]} ${maskContactValue(add.kind, add.value)} added`,
        actor: add.actor,
        payload: { kind: add.kind, value: add.value, isPrimary: add.isPrimary },
      });
      return { customerId: add.customerId };
    },
  );
}
