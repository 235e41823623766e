import { timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { Claims } from './claims';
import {
  bodyDigest,
  CALL_HEADER,
  CLAIMS_HEADER,
  CLAIMS_SIGNATURE_HEADER,
  claimsHmac,
  type SignedCall,
} from './signedClaims';

/** Why signed claims were refused. */
export type ClaimsErrorReason =
  | 'missing'
  | 'malformed'
  | 'bad-signature'
  | 'stale'
  | 'future'
  | 'wrong-method'
  | 'wrong-subgraph'
  | 'wrong-body'
  | 'replayed';

/** Thrown by {@link verifySignedRequest}; the message is safe to return to the caller. */
export class ClaimsError extends Error {
  constructor(
    readonly reason: ClaimsErrorReason,
    message: string,
  ) {
    super(message);
    this.name = 'ClaimsError';
  }
}

/** Options for {@link verifySignedRequest}. */
export interface VerifySignedRequestOptions {
  /** Oldest signature accepted, in ms. Default 60 000 (one minute). */
  maxAgeMs?: number;
  /** Clock skew tolerated for an `iat` in the future, in ms. Default 5 000. */
  maxFutureMs?: number;
  /** The current time in ms since the epoch. Default `Date.now()`. */
  now?: number;
  /**
   * Records the call's nonce, valid until the given time (ms); false when it was seen
   * before. Default none: no replay check (unit tests of the format only).
   */
  firstUse?: (nonce: string, until: number) => boolean;
}

/** Incoming headers as Node (lower-case names) or a `Headers`-like map gives them. */
export type HeaderSource =
  | Readonly<Record<string, string | readonly string[] | undefined>>
  | { get(name: string): string | null | undefined };

function headerValue(headers: HeaderSource, name: string): string | undefined {
  if (typeof headers.get === 'function') {
    return (headers as { get(name: string): string | null | undefined }).get(name) ?? undefined;
  }
  const value = (headers as Readonly<Record<string, string | readonly string[] | undefined>>)[name];
  return typeof value === 'string' ? value : undefined;
}

const claimsSchema = z.object({
  claims: z
    .object({
      sub: z.string().min(1),
      role: z.enum(['customer', 'agent', 'supervisor', 'service']),
      team: z.string().optional(),
      scopes: z.array(z.string()),
      exp: z.number().optional(),
    })
    .nullable(),
});

const callSchema = z.object({
  iat: z.number().int(),
  nonce: z.string().min(16).max(128),
  method: z.string().min(1),
  subgraph: z.string().min(1),
  bodySha256: z.string().min(1),
});

/**
 * The caller's claims (null: anonymous) if the headers carry a valid signature under
 * `secret`, fresh, for this very request (`request`: the method it arrived with, the
 * receiving subgraph's name and the raw body bytes read), with a nonce not seen before; otherwise throws
 * {@link ClaimsError}. The nonce is recorded only once everything else held, so an
 * unsigned stranger cannot fill the replay cache.
 */
export function verifySignedRequest(
  headers: HeaderSource,
  secret: string,
  request: SignedCall,
  options: VerifySignedRequestOptions = {},
): Claims | null {
  const claimsValue = headerValue(headers, CLAIMS_HEADER);
  const callValue = headerValue(headers, CALL_HEADER);
  const signature = headerValue(headers, CLAIMS_SIGNATURE_HEADER);
  if (!claimsValue || !callValue || !signature) {
    throw new ClaimsError('missing', 'signed caller claims are missing');
  }
  const expected = claimsHmac(secret, claimsValue, callValue);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new ClaimsError('bad-signature', 'caller claims signature is invalid');
  }
  const call = decode(callValue, callSchema);
  const now = options.now ?? Date.now();
  const maxAgeMs = options.maxAgeMs ?? 60_000;
  const maxFutureMs = options.maxFutureMs ?? 5_000;
  if (now - call.iat > maxAgeMs) throw new ClaimsError('stale', 'caller claims are too old');
  if (call.iat - now > maxFutureMs) {
    throw new ClaimsError('future', 'caller claims are dated in the future');
  }
  if (call.method !== request.method.toUpperCase()) {
    throw new ClaimsError('wrong-method', 'caller claims were signed for another HTTP method');
  }
  if (call.subgraph !== request.subgraph) {
    throw new ClaimsError('wrong-subgraph', 'caller claims were signed for another subgraph');
  }
  if (call.bodySha256 !== bodyDigest(request.body)) {
    throw new ClaimsError('wrong-body', 'caller claims were signed for another request body');
  }
  const { claims } = decode(claimsValue, claimsSchema);
  if (options.firstUse && !options.firstUse(call.nonce, now + maxAgeMs + maxFutureMs)) {
    throw new ClaimsError('replayed', 'caller claims were already used for another call');
  }
  if (!claims) return null;
  return {
    sub: claims.sub,
    role: claims.role,
    scopes: claims.scopes,
    ...(claims.team === undefined ? {} : { team: claims.team }),
    ...(claims.exp === undefined ? {} : { exp: claims.exp }),
  };
}

function decode<T>(value: string, schema: z.ZodType<T>): T {
  try {
    const parsed = schema.safeParse(JSON.parse(Buffer.from(value, 'base64url').toString('utf8')));
    if (parsed.success) return parsed.data;
  } catch {
    // Not JSON: reported as malformed below.
  }
  throw new ClaimsError('malformed', 'caller claims are malformed');
}
