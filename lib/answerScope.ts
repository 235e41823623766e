import { createHmac, timingSafeEqual } from 'node:crypto';
import type { CallerClaims } from './claims';
import { sha256Key } from './stableJson';

/**
 * What a subgraph answer depends on, as the subgraph declares it per answer, so the
 * gateway may share it between callers of one authorization class (role, team, scopes)
 * instead of keeping it for one caller (identity).
 *
 * `x-cc-answer-scope: class` promises: this answer would be the same for any caller of
 * the caller's authorization class, AND every side effect that reading it has per reader
 * (an audit row naming the person) is either absent or can be had again without the
 * read, by sending back the answer's receipt (below) as that reader. Anything else,
 * the header missing included, means "depends on who asked": the gateway keeps the
 * answer for that caller only (fail safe). A customer reading her own record gets no
 * such header; a rep reading any customer, whose reads depend on role, team and scopes
 * only, does.
 */
export const ANSWER_SCOPE_HEADER = 'x-cc-answer-scope';

/** The one value of {@link ANSWER_SCOPE_HEADER} that shares an answer: by authorization class. */
export const CLASS_SCOPE = 'class';

/**
 * Sent by the gateway on a query fetch whose answer it may store and serve again: a
 * subgraph that records who reads (an access log) then returns a receipt of what it
 * recorded in {@link READ_RECEIPT_HEADER}.
 */
export const WANT_RECEIPT_HEADER = 'x-cc-want-receipt';

/**
 * A signed list of the reads a subgraph recorded for one answer (types and owners, the
 * operation), bound to the caller's authorization class. The gateway sends it back as
 * `If-None-Match` (with any other caller's claims of that class) whenever it serves a
 * stored copy of the answer; the subgraph records the same reads for that caller and
 * answers 304 without reading. It grants nothing but an audit row naming the sender.
 */
export const READ_RECEIPT_HEADER = 'x-cc-read-receipt';

/** Reads a receipt records: `[type, owner id]` pairs and the client operation. */
export interface ReceiptPayload {
  /** Format version. */
  v: 1;
  /** The subgraph that signed it (a receipt is recorded only where it was issued). */
  s: string;
  /** `[typename, owner id]` of every read. */
  r: [string, string][];
  /** The client operation the rows name. */
  o: string | null;
}

/** What receipts start with, so a subgraph tells them from other validators. */
const RECEIPT_PREFIX = 'rr1.';

/**
 * A digest of the caller's authorization class, without who they are (the same inputs
 * as the gateway's `authorizationClass`): what validators and receipts are bound to.
 */
export function classDigest(claims: CallerClaims | null): string {
  if (!claims) return 'anonymous';
  return sha256Key(
    JSON.stringify(['class', claims.role, claims.team ?? null, [...claims.scopes].sort()]),
  ).slice(0, 22);
}

/** The key receipts are signed with, derived from the subgraphs' shared secret. */
export function receiptKey(secret: string): Buffer {
  return createHmac('sha256', secret).update('read receipt v1').digest();
}

function receiptMac(key: Buffer, body: string, claims: CallerClaims | null): Buffer {
  return createHmac('sha256', key).update(body).update('\n').update(classDigest(claims)).digest();
}

/** A strong entity tag carrying `payload`, for callers of `claims`' class only. */
export function issueReceipt(
  key: Buffer,
  payload: ReceiptPayload,
  claims: CallerClaims | null,
): string {
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `"${RECEIPT_PREFIX}${body}.${receiptMac(key, body, claims).toString('base64url')}"`;
}

/** Whether an `If-None-Match` value holds receipts (and nothing else). */
export function holdsReceipts(ifNoneMatch: string): boolean {
  const tags = splitTags(ifNoneMatch);
  return tags.length > 0 && tags.every((tag) => tag.startsWith(`"${RECEIPT_PREFIX}`));
}

/** Most receipts one conditional request may carry. */
export const MAX_RECEIPTS = 64;

/**
 * The payloads of every receipt in `ifNoneMatch` when each was signed by `subgraph`
 * for `claims`' class; null when any is not (forged, another class's, another
 * subgraph's, malformed, too many).
 */
export function verifyReceipts(
  key: Buffer,
  ifNoneMatch: string,
  subgraph: string,
  claims: CallerClaims | null,
): ReceiptPayload[] | null {
  const tags = splitTags(ifNoneMatch);
  if (tags.length === 0 || tags.length > MAX_RECEIPTS) return null;
  const payloads: ReceiptPayload[] = [];
  for (const tag of tags) {
    const match = /^"rr1\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)"$/.exec(tag);
    if (!match) return null;
    const [, body, signature] = match as unknown as [string, string, string];
    const expected = receiptMac(key, body, claims);
    const given = Buffer.from(signature, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    const payload = parsePayload(body);
    if (!payload || payload.s !== subgraph) return null;
    payloads.push(payload);
  }
  return payloads;
}

function parsePayload(body: string): ReceiptPayload | null {
  try {
    const value = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as ReceiptPayload;
    const valid =
      value.v === 1 &&
      typeof value.s === 'string' &&
      Array.isArray(value.r) &&
      value.r.every(
        (read) =>
          Array.isArray(read) &&
          read.length === 2 &&
          typeof read[0] === 'string' &&
          typeof read[1] === 'string',
      ) &&
      (value.o === null || typeof value.o === 'string');
    return valid ? value : null;
  } catch {
    return null;
  }
}

/** The entity tags of an `If-None-Match` list (RFC 9110 §13.1.2), trimmed. */
function splitTags(value: string): string[] {
  return value
    .split(',')
    .map((tag) => tag.trim())
    .filter((tag) => tag.length > 0);
}
