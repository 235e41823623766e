import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { Claims } from './claims';

/**
 * The verified caller as the gateway forwards it to subgraphs: the claims plus the time
 * they were signed, as base64url JSON, and an HMAC-SHA256 of that string under a secret
 * the gateway replicas and the subgraphs share. A subgraph that receives a missing,
 * forged or stale header refuses the request.
 */

/** Header carrying base64url(JSON `{ claims, iat }`); `iat` in milliseconds since the epoch. */
export const CLAIMS_HEADER = 'x-cc-claims';
/** Header carrying base64url(HMAC-SHA256(secret, value of {@link CLAIMS_HEADER})). */
export const CLAIMS_SIGNATURE_HEADER = 'x-cc-claims-signature';

/** The two headers {@link signClaims} produces. */
export type SignedClaimsHeaders = Record<
  typeof CLAIMS_HEADER | typeof CLAIMS_SIGNATURE_HEADER,
  string
>;

/** Why signed claims were refused. */
export type ClaimsErrorReason = 'missing' | 'malformed' | 'bad-signature' | 'stale' | 'future';

/** Thrown by {@link verifyClaims}; the message is safe to return to the caller. */
export class ClaimsError extends Error {
  constructor(
    readonly reason: ClaimsErrorReason,
    message: string,
  ) {
    super(message);
    this.name = 'ClaimsError';
  }
}

/** Options for {@link verifyClaims}. */
export interface VerifyClaimsOptions {
  /** Oldest signature accepted, in ms. Default 60 000 (one minute). */
  maxAgeMs?: number;
  /** Clock skew tolerated for an `iat` in the future, in ms. Default 5 000. */
  maxFutureMs?: number;
  /** The current time in ms since the epoch. Default `Date.now()`. */
  now?: number;
}

const claimsSchema = z.object({
  sub: z.string().min(1),
  role: z.enum(['customer', 'agent', 'supervisor', 'service']),
  team: z.string().optional(),
  scopes: z.array(z.string()),
  exp: z.number().optional(),
});

const payloadSchema = z.object({ claims: claimsSchema.nullable(), iat: z.number().int() });

function hmac(secret: string, value: string): Buffer {
  return createHmac('sha256', secret).update(value).digest();
}

/** Signs `claims` (null: an anonymous caller, still signed) as of `now`. */
export function signClaims(
  claims: Claims | null,
  secret: string,
  now: number = Date.now(),
): SignedClaimsHeaders {
  const value = Buffer.from(JSON.stringify({ claims, iat: now })).toString('base64url');
  return {
    [CLAIMS_HEADER]: value,
    [CLAIMS_SIGNATURE_HEADER]: hmac(secret, value).toString('base64url'),
  };
}

/**
 * The headers to add to a subgraph request for `claims`, signed now. The gateway calls
 * this from its data source's `willSendRequest`.
 */
export function claimsHeaders(claims: Claims | null, secret: string): SignedClaimsHeaders {
  return signClaims(claims, secret);
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

/**
 * The caller's claims (null: anonymous) if the headers carry a valid, fresh signature
 * under `secret`; otherwise throws {@link ClaimsError}.
 */
export function verifyClaims(
  headers: HeaderSource,
  secret: string,
  options: VerifyClaimsOptions = {},
): Claims | null {
  const value = headerValue(headers, CLAIMS_HEADER);
  const signature = headerValue(headers, CLAIMS_SIGNATURE_HEADER);
  if (!value || !signature) throw new ClaimsError('missing', 'signed caller claims are missing');
  const expected = hmac(secret, value);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new ClaimsError('bad-signature', 'caller claims signature is invalid');
  }
  const payload = parsePayload(value);
  const now = options.now ?? Date.now();
  if (now - payload.iat > (options.maxAgeMs ?? 60_000)) {
    throw new ClaimsError('stale', 'caller claims are too old');
  }
  if (payload.iat - now > (options.maxFutureMs ?? 5_000)) {
    throw new ClaimsError('future', 'caller claims are dated in the future');
  }
  const { claims } = payload;
  if (!claims) return null;
  return {
    sub: claims.sub,
    role: claims.role,
    scopes: claims.scopes,
    ...(claims.team === undefined ? {} : { team: claims.team }),
    ...(claims.exp === undefined ? {} : { exp: claims.exp }),
  };
}

function parsePayload(value: string): z.infer<typeof payloadSchema> {
  try {
    const parsed = payloadSchema.safeParse(
      JSON.parse(Buffer.from(value, 'base64url').toString('utf8')),
    );
    if (parsed.success) return parsed.data;
  } catch {
    // Not JSON: reported as malformed below.
  }
  throw new ClaimsError('malformed', 'caller claims are malformed');
}
