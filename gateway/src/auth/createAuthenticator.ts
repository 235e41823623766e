import { createHash } from 'node:crypto';
import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload } from 'jose';
import type { CallerClaims } from '../../../lib/claims';
import { AuthenticationError, SigningKeysUnavailableError } from './authenticationError';
import {
  authenticatorOptionProblems,
  DEFAULT_MAX_LIFETIME_SEC,
  type AuthenticatorOptions,
} from './authenticatorOptions';
import { checkTokenTimes } from './checkTokenTimes';
import { claimsFromPayload } from './claimsFromPayload';

export type { AuthenticatorOptions } from './authenticatorOptions';

/** Request headers as Node (`req.headers`) or Apollo/Fetch (`HeaderMap`, `Headers`) hold them. */
export type RequestHeaders =
  | Readonly<Record<string, string | readonly string[] | undefined>>
  | { get(name: string): string | null | undefined };

/**
 * Resolves the verified caller; `null` when no `Authorization` header was sent
 * (anonymous: authorization decides later). Rejects with {@link AuthenticationError}
 * for any bad token, or {@link SigningKeysUnavailableError} when the JWKS is unreachable.
 */
export type Authenticate = (headers: RequestHeaders) => Promise<CallerClaims | null>;

/** Tokens longer than this are refused unparsed (Node caps all headers at 16 KiB anyway). */
const MAX_TOKEN_CHARS = 8192;

/**
 * Builds the gateway's JWT check (jose): HS256 with a shared `secret`, or RS256/ES256
 * keys from a JWKS URL; issuer, audience, expiry (required) and `nbf` checked within
 * `clockToleranceSec`, then `iat` not in the future and a lifetime of at most
 * `maxLifetimeSec` (see `checkTokenTimes`). The algorithm allow-list is fixed per mode, so `alg: none` and
 * HS/RS confusion are refused. Throws `TypeError` listing every bad option.
 */
export function createAuthenticator(options: AuthenticatorOptions): Authenticate {
  const problems = authenticatorOptionProblems(options);
  if (problems.length > 0) {
    throw new TypeError(`invalid authenticator options: ${problems.join('; ')}`);
  }
  const jwks = options.jwksUrl !== undefined;
  const verify = verifier(options);
  const limits = {
    maxLifetimeSec: options.maxLifetimeSec ?? DEFAULT_MAX_LIFETIME_SEC,
    clockToleranceSec: options.clockToleranceSec ?? 30,
  };
  const verified = new Map<string, { claims: CallerClaims; until: number }>();
  const clock = options.now ?? Date.now;
  return async (headers) => {
    const token = bearerToken(headers);
    if (token === null) return null;
    const now = clock();
    const key = createHash('sha256').update(token).digest('base64url');
    const known = verified.get(key);
    // A copy: nothing a request does to its claims reaches the next request.
    if (known && now < known.until) return { ...known.claims, scopes: [...known.claims.scopes] };
    if (known) verified.delete(key);
    try {
      const payload = await verify(token, now);
      checkTokenTimes(payload, { ...limits, nowSec: Math.floor(now / 1000) });
      const claims = claimsFromPayload(payload, options.claims);
      remember(verified, key, claims, payload, now);
      return claims;
    } catch (error) {
      throw toAuthenticationError(error, jwks);
    }
  };
}

/** How long a verified token is taken on trust without verifying it again, ms. */
const VERIFIED_FOR_MS = 60_000;
/** Verified tokens remembered at most; the oldest goes first. */
const VERIFIED_LIMIT = 10_000;

/**
 * Remembers a verified token (by its SHA-256, so entries are small whatever the token's
 * size) until it expires (its `exp`, no clock tolerance) or for {@link VERIFIED_FOR_MS},
 * whichever is sooner, so a client's next requests skip the signature check (a token is
 * sent with every request). Entries are kept in insertion order and all live at most
 * that minute, so expired ones are dropped from the front as new ones come in. (jose
 * itself keeps a fetched JWKS for up to 10 minutes, so a key withdrawn from the set is
 * trusted that long anyway.)
 */
function remember(
  verified: Map<string, { claims: CallerClaims; until: number }>,
  key: string,
  claims: CallerClaims,
  payload: JWTPayload,
  now: number,
): void {
  if (typeof payload.exp !== 'number') return;
  const until = Math.min(payload.exp * 1000, now + VERIFIED_FOR_MS);
  if (until <= now) return;
  for (const [oldKey, entry] of verified) {
    if (entry.until > now && verified.size < VERIFIED_LIMIT) break;
    verified.delete(oldKey);
  }
  verified.set(key, { claims: { ...claims, scopes: [...claims.scopes] }, until });
}

/** jose's verification for the configured mode, with that mode's algorithm allow-list. */
function verifier(
  options: AuthenticatorOptions,
): (token: string, now: number) => Promise<JWTPayload> {
  const common = {
    issuer: options.issuer,
    audience: options.audience,
    clockTolerance: options.clockToleranceSec ?? 30,
    requiredClaims: ['sub', 'exp'],
  };
  if (options.jwksUrl === undefined) {
    const secret = new TextEncoder().encode(options.secret);
    const verifyOptions = { ...common, algorithms: ['HS256'] };
    return async (token, now) =>
      (await jwtVerify(token, secret, { ...verifyOptions, currentDate: new Date(now) })).payload;
  }
  const keySet = createRemoteJWKSet(new URL(options.jwksUrl), {
    timeoutDuration: options.jwksTimeoutMs ?? 5000,
    cooldownDuration: options.jwksCooldownMs ?? 30_000,
  });
  const verifyOptions = { ...common, algorithms: [...(options.algorithms ?? ['RS256', 'ES256'])] };
  return async (token, now) =>
    (await jwtVerify(token, keySet, { ...verifyOptions, currentDate: new Date(now) })).payload;
}

/** The token from `Authorization: Bearer <jwt>`; `null` when the header is absent or blank. */
function bearerToken(headers: RequestHeaders): string | null {
  const header = authorizationHeader(headers)?.trim();
  if (!header) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match?.[1]) {
    throw new AuthenticationError(/^Bearer\b/i.test(header) ? 'malformed' : 'scheme');
  }
  if (match[1].length > MAX_TOKEN_CHARS) throw new AuthenticationError('malformed');
  return match[1];
}

type HeaderGetter = Extract<RequestHeaders, { get: unknown }>;

function isHeaderGetter(headers: RequestHeaders): headers is HeaderGetter {
  return typeof (headers as Partial<HeaderGetter>).get === 'function';
}

function authorizationHeader(headers: RequestHeaders): string | undefined {
  if (isHeaderGetter(headers)) return headers.get('authorization') ?? undefined;
  const value = headers.authorization;
  return typeof value === 'string' ? value : value?.[0];
}

/** Maps jose's failures to a safe caller-facing reason; JWKS outages are not the caller's fault. */
function toAuthenticationError(error: unknown, jwks: boolean): Error {
  if (error instanceof AuthenticationError) return error;
  if (error instanceof errors.JWTExpired) return new AuthenticationError('expired');
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.reason === 'missing') return new AuthenticationError('missing_claim');
    if (error.claim === 'aud') return new AuthenticationError('audience');
    if (error.claim === 'iss') return new AuthenticationError('issuer');
    if (error.claim === 'nbf') return new AuthenticationError('not_yet_valid');
    return new AuthenticationError('malformed');
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) {
    return new AuthenticationError('invalid_signature');
  }
  // No key in the set with the token's kid/alg: the signer is not one we trust.
  if (error instanceof errors.JWKSNoMatchingKey) {
    return new AuthenticationError('invalid_signature');
  }
  if (error instanceof errors.JOSEAlgNotAllowed || error instanceof errors.JOSENotSupported) {
    return new AuthenticationError('algorithm');
  }
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid) {
    return new AuthenticationError('malformed');
  }
  // Left: JWKS fetch failures (timeout, non-200, bad JSON, network) in JWKS mode.
  if (jwks) return new SigningKeysUnavailableError({ cause: error });
  return error instanceof errors.JOSEError
    ? new AuthenticationError('malformed')
    : (error as Error);
}
