import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Claims } from '../../../../../lib/claims';
import { WANT_VALIDATOR_HEADER } from '../../../../../lib/readValidators';
import { sha256Key, stableJson } from '../../../../../lib/stableJson';
import type { Queryable } from '../../../../shared/db';

/**
 * Validators (ETags) for crm's audited reads, so the gateway can re-check a stored rep
 * answer without crm running the read again.
 *
 * What a crm answer depends on: the request (query, operation, variables), the caller
 * (masking and access follow the claims), the data in crm's tables, and the time (the
 * quiet-hours flag names the local time to the minute). A validator names all four:
 * a digest of the request and caller, the data generation (`crm.data_generation`, which
 * every write to those tables changes in its own transaction) as read BEFORE the read
 * began, and the UTC minute. A conditional read is answered "not modified" only when all
 * four still agree; anything else runs the read in full. Reading the generation first
 * matters: a write that commits during the read then makes the validator stale at once,
 * never the other way round.
 *
 * A validator is signed (HMAC) with a key derived from the subgraphs' shared secret, so
 * neither a client nor another caller can forge or reuse one; and it carries what the
 * audit row needs (the customers read, the operation), so a "not modified" read is
 * recorded exactly as a full one would be.
 */

/** What a validator asserts, signed. */
export interface ValidatorPayload {
  /** Format version. */
  v: 1;
  /** `crm.data_generation` as read before the read began. */
  g: string;
  /** UTC minute (epoch minutes) the read began and ended in. */
  m: number;
  /** Customers the read recorded (the audit rows a repeat must write). */
  c: string[];
  /** The operation name the audit rows name. */
  o: string | null;
}

/** The request a validator is bound to: same text, operation, variables and caller. */
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
  /** UTC minute the request began in. */
  minute: number;
  /**
   * Whether the answer depends only on what the validator covers; a resolver that reads
   * anything else (the access log) clears it.
   */
  covered: boolean;
}

/** The current UTC minute, in whole minutes since the epoch. */
export function currentMinute(now = Date.now()): number {
  return Math.floor(now / 60_000);
}

/** The key validators are signed with, derived from the subgraphs' shared secret. */
export function validatorKey(secret: string): Buffer {
  return createHmac('sha256', secret).update('crm read validator v1').digest();
}

/** The data generation now. */
export async function currentGeneration(db: Queryable): Promise<string> {
  const [row] = await db.query<{ n: string }>('SELECT n::text AS n FROM crm.data_generation');
  if (!row) throw new Error('crm.data_generation has no row (migration 0004 not applied?)');
  return row.n;
}

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
  return { generation: await currentGeneration(db), minute, covered: true };
}

function bindingDigest(binding: ValidatorBinding): string {
  const { sub, role, team, scopes } = binding.claims;
  return sha256Key(
    stableJson([
      binding.query,
      binding.operationName ?? null,
      binding.variables ?? {},
      [sub, role, team ?? null, [...scopes].sort()],
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
 * The payload of `etag` when crm signed it for exactly this request and caller; null
 * for anything else (tampered, another caller's, another request's, malformed, a list).
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
      payload.v === 1 &&
      typeof payload.g === 'string' &&
      Number.isInteger(payload.m) &&
      Array.isArray(payload.c) &&
      payload.c.every((id) => typeof id === 'string') &&
      (payload.o === null || typeof payload.o === 'string');
    return valid ? payload : null;
  } catch {
    return null;
  }
}
