import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Claims } from '../../../../../lib/claims';
import { WANT_VALIDATOR_HEADER } from '../../../../../lib/readValidators';
import { sha256Key, stableJson } from '../../../../../lib/stableJson';
import type { Queryable } from '../../../../shared/db';
import { joinInFlight, perDatabase, sharedReads } from '../../../../shared/sharedReads';

/**
 * Validators (ETags) for crm's audited reads, so the gateway can re-check a stored rep
 * answer without crm running the read again.
 *
 * What a crm answer depends on: the request (query, operation, variables), the caller's
 * authorization class (masking and access follow role and scopes; for staff, never who
 * they are), the rows of the customers it names, and the
 * time (the quiet-hours flag names the local time to the minute). A validator names all
 * four: a digest of the request and the caller's class; the data counter (`crm.data_generation`) as
 * read BEFORE the read began, with the customers the answer depends on; and the UTC
 * minute. Every write to crm's data stamps the customers it touched with the counter's
 * new value (`crm.customer_version`, migration 0005), in its own transaction, so a
 * conditional read is answered "not modified" only while none of those customers was
 * stamped after the validator's counter, in the same minute; anything else runs the read
 * in full. Reading the counter first matters: a write that commits during the read is
 * stamped later than it, so the validator is stale at once, never the other way round.
 *
 * Only answers whose every root field says what it depends on get a validator
 * ({@link VALIDATED_ROOT_FIELDS}); a list, a place, the access log or an identifier that
 * names no one does not (a new customer or contact point would change it without
 * stamping anyone it names).
 *
 * A validator is signed (HMAC) with a key derived from the subgraphs' shared secret, so
 * neither a client nor a caller of another class can forge or reuse one; and it carries what the
 * audit row needs (the customers read, the operation), so a "not modified" read is
 * recorded exactly as a full one would be.
 */

/** Root fields that declare what their answer depends on (the customers they name). */
export const VALIDATED_ROOT_FIELDS: ReadonlySet<string> = new Set([
  'customer',
  'customerByIdentifier',
  'customersByIds',
  '__typename',
]);

/** What a validator asserts, signed. */
export interface ValidatorPayload {
  /** Format version. */
  v: 2;
  /** `crm.data_generation` as read before the read began. */
  g: string;
  /** The database's `crm.data_generation.install`: a validator holds only against it. */
  i: string;
  /** Customers the answer depends on: none may have been stamped after `g`. */
  d: string[];
  /** UTC minute (epoch minutes) the read began and ended in. */
  m: number;
  /** Customers the read recorded (the audit rows a repeat must write). */
  c: string[];
  /** The operation name the audit rows name. */
  o: string | null;
}

/** The request a validator is bound to: same text, operation, variables and authorization class. */
export interface ValidatorBinding {
  query: string;
  operationName: string | null | undefined;
  variables: unknown;
  claims: Claims;
}

/** Per-request state of a read that asked for a validator. */
export interface ReadValidatorState {
  /** `crm.data_generation` before any of the request's reads. */
  generation: string;
  /** The database's install value (migration 0007). */
  install: string;
  /** UTC minute the request began in. */
  minute: number;
  /**
   * Whether the answer depends only on what the validator covers; a resolver of an
   * allowed root field whose answer names no customer (an identifier that matched no
   * one) clears it. Other root fields get no validator at all (VALIDATED_ROOT_FIELDS).
   */
  covered: boolean;
  /** Customers the answer depends on (beside those the read recorded). */
  depends: Set<string>;
}

/** Notes that the answer depends on `customerIds` (found or not). */
export function dependOn(state: ReadValidatorState | null, customerIds: readonly string[]): void {
  if (state) for (const id of customerIds) state.depends.add(id);
}

/** Notes that the answer depends on something no validator covers. */
export function notCovered(state: ReadValidatorState | null): void {
  if (state) state.covered = false;
}

/** The current UTC minute, in whole minutes since the epoch. */
export function currentMinute(now = Date.now()): number {
  return Math.floor(now / 60_000);
}

/** The key validators are signed with, derived from the subgraphs' shared secret. */
export function validatorKey(secret: string): Buffer {
  return createHmac('sha256', secret).update('crm read validator v2').digest();
}

/** The data counter now, and the database's install value. */
export async function currentGeneration(
  db: Queryable,
): Promise<{ generation: string; install: string }> {
  const [row] = await db.query<{ n: string; install: string }>(
    'SELECT n::text AS n, install FROM crm.data_generation',
  );
  if (!row) throw new Error('crm.data_generation has no row (migration 0004 not applied?)');
  return { generation: row.n, install: row.install };
}

/**
 * The generation for requests starting now: requests that start while a read of it is
 * under way take its answer (see `joinInFlight`). That answer may be older than the
 * request but never newer than its first read, which is all a validator needs: an older
 * generation only makes the validator stale sooner. Under the rep's workload every
 * request read it alone, one more statement each waiting for a pooled connection.
 */
const sharedGeneration = perDatabase((db: Queryable) => joinInFlight(() => currentGeneration(db)));

/**
 * The state for a request that asked for a validator (`x-cc-want-validator`) as an agent
 * or supervisor (the reads that are audited); null otherwise. Reads the generation, so it
 * must run before the request reads anything.
 */
export async function startReadValidator(
  db: Queryable,
  claims: Claims | null,
  req: Pick<IncomingMessage, 'headers'>,
): Promise<ReadValidatorState | null> {
  if (req.headers[WANT_VALIDATOR_HEADER] !== '1') return null;
  if (claims?.role !== 'agent' && claims?.role !== 'supervisor') return null;
  const minute = currentMinute();
  try {
    return { ...(await sharedGeneration(db)()), minute, covered: true, depends: new Set() };
  } catch {
    // No validator then; the read itself goes on (and meets the database's state itself).
    return null;
  }
}

/** A customer's stamp beside the database's install value and floor, read together. */
interface StampRow {
  customer_id: string;
  /** Null: never stamped. */
  changed_at: string | null;
  install: string;
  floor: string;
}

/**
 * The stamps of many customers, with the install value and floor, in one statement that
 * the conditional reads of concurrent requests share (see `sharedReads`): each read's
 * statement starts after it asked, so it sees every write committed before.
 */
const sharedStamps = perDatabase((db: Queryable) =>
  sharedReads<string, StampRow>({
    fetch: (customerIds) =>
      db.query<StampRow>(
        `SELECT k.id AS customer_id, v.changed_at::text AS changed_at, d.install,
                d.floor::text AS floor
           FROM crm.data_generation d
          CROSS JOIN unnest($1::text[]) AS k(id)
           LEFT JOIN crm.customer_version v ON v.customer_id = k.id`,
        [customerIds],
      ),
    keyOf: (id) => id,
    rowKeyOf: (row) => row.customer_id,
    customerOf: (row) => row.customer_id,
  }),
);

/**
 * Whether a validator issued at data counter `generation` for an answer depending on
 * `customerIds` still holds: no TRUNCATE since, and none of them stamped after it.
 */
export async function validatorHolds(
  db: Queryable,
  generation: string,
  install: string,
  customerIds: readonly string[],
): Promise<boolean> {
  // crm signs no validator that names nobody (it names the customers the read recorded);
  // one that did would prove nothing, so it never holds. A malformed counter neither.
  if (customerIds.length === 0 || !/^\d+$/.test(generation)) return false;
  const g = BigInt(generation);
  const rows = await sharedStamps(db)(customerIds);
  return (
    rows.length === customerIds.length &&
    rows.every(
      (row) =>
        row.install === install &&
        BigInt(row.floor) <= g &&
        (row.changed_at === null || BigInt(row.changed_at) <= g),
    )
  );
}

/**
 * The request and the caller's authorization class (role, team, scopes), not who the
 * caller is: a staff read's answer depends only on the class (masking follows the
 * scopes), so any rep of the class may send the validator back; the audit row of a
 * "not modified" read names whoever sent it (`answerConditionalRead`).
 */
function bindingDigest(binding: ValidatorBinding): string {
  const { role, team, scopes } = binding.claims;
  return sha256Key(
    stableJson([
      binding.query,
      binding.operationName ?? null,
      binding.variables ?? {},
      [role, team ?? null, [...scopes].sort()],
    ]),
  );
}

function mac(key: Buffer, payload: string, binding: ValidatorBinding): Buffer {
  return createHmac('sha256', key)
    .update(payload)
    .update('\n')
    .update(bindingDigest(binding))
    .digest();
}

/** A strong ETag (quoted) asserting `payload` for the request `binding` describes. */
export function issueValidator(
  key: Buffer,
  payload: ValidatorPayload,
  binding: ValidatorBinding,
): string {
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `"${body}.${mac(key, body, binding).toString('base64url')}"`;
}

/**
 * The payload of `etag` when crm signed it for exactly this request and the caller's
 * class; null for anything else (tampered, another class's, another request's,
 * malformed, a list).
 */
export function verifyValidator(
  key: Buffer,
  etag: string,
  binding: ValidatorBinding,
): ValidatorPayload | null {
  const match = /^"([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)"$/.exec(etag.trim());
  if (!match) return null;
  const [, body, signature] = match as unknown as [string, string, string];
  const expected = mac(key, body, binding);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as ValidatorPayload;
    const valid =
      payload.v === 2 &&
      typeof payload.g === 'string' &&
      /^[0-9]+$/.test(payload.g) &&
      typeof payload.i === 'string' &&
      Array.isArray(payload.d) &&
      payload.d.every((id) => typeof id === 'string') &&
      Number.isInteger(payload.m) &&
      Array.isArray(payload.c) &&
      payload.c.every((id) => typeof id === 'string') &&
      (payload.o === null || typeof payload.o === 'string');
    return valid ? payload : null;
  } catch {
    return null;
  }
}
