import type { ClaimsMapping } from '../domain/domainConfig';

/** What every authenticator checks, whichever way keys are obtained. */
interface CommonAuthenticatorOptions {
  /** The `iss` tokens must carry. Required (gateway env `JWT_ISSUER`). */
  issuer: string | string[];
  /** The `aud` tokens must carry (any one of them). Required (gateway env `JWT_AUDIENCE`). */
  audience: string | string[];
  /** Clock skew allowed on `exp`/`nbf`/`iat`, seconds. Default 30; 0–300. */
  clockToleranceSec?: number;
  /**
   * Longest token lifetime accepted, `exp - (iat or now)`, seconds. Default
   * {@link DEFAULT_MAX_LIFETIME_SEC} (24 h); 60 – {@link MAX_MAX_LIFETIME_SEC}.
   */
  maxLifetimeSec?: number;
  /** How the payload maps to roles, team and scopes. Default: any role (`GENERIC_DOMAIN.claims`). */
  claims?: ClaimsMapping;
  /** The clock every time check reads, ms since the epoch. Default `Date.now` (tests set their own). */
  now?: () => number;
}

/** HS256 with a shared secret (dev, or a single trusted token issuer). */
export interface SecretAuthenticatorOptions extends CommonAuthenticatorOptions {
  /** The HS256 key, used as its UTF-8 bytes; at least 32 bytes. No default. */
  secret: string;
  jwksUrl?: never;
}

/** Asymmetric keys published by an identity provider as a JWKS. */
export interface JwksAuthenticatorOptions extends CommonAuthenticatorOptions {
  /** http(s) URL of the JWKS, fetched on demand and cached by jose. No default. */
  jwksUrl: string;
  secret?: never;
  /** Algorithms accepted. Default `['RS256', 'ES256']`; HS* and `none` are never allowed. */
  algorithms?: readonly ('RS256' | 'ES256')[];
  /** How long one JWKS fetch may take, ms. Default 5000. */
  jwksTimeoutMs?: number;
  /** Minimum time between JWKS re-fetches (e.g. on an unknown `kid`), ms. Default 30000. */
  jwksCooldownMs?: number;
}

/** Options for `createAuthenticator`: exactly one of `secret` or `jwksUrl`. */
export type AuthenticatorOptions = SecretAuthenticatorOptions | JwksAuthenticatorOptions;

/** Smallest HS256 secret accepted, in bytes (RFC 7518 §3.2: at least the hash size). */
export const MIN_SECRET_BYTES = 32;

/** Default {@link CommonAuthenticatorOptions.maxLifetimeSec}: 24 hours, a working day and more. */
export const DEFAULT_MAX_LIFETIME_SEC = 24 * 3600;

/** Largest `maxLifetimeSec` accepted: 30 days. */
export const MAX_MAX_LIFETIME_SEC = 30 * 24 * 3600;

/** Largest clock tolerance accepted, seconds. */
export const MAX_CLOCK_TOLERANCE_SEC = 300;

/**
 * Every problem with `options`, each naming the bad value (empty when valid), so the
 * gateway's config can report them all at boot.
 */
export function authenticatorOptionProblems(options: AuthenticatorOptions): string[] {
  const problems: string[] = [];
  const { secret, jwksUrl, clockToleranceSec } = options;
  if ((secret === undefined) === (jwksUrl === undefined)) {
    problems.push('set exactly one of secret (JWT_SECRET) or jwksUrl (JWKS_URL)');
  }
  if (secret !== undefined && Buffer.byteLength(secret, 'utf8') < MIN_SECRET_BYTES) {
    problems.push(`secret must be at least ${MIN_SECRET_BYTES} bytes`);
  }
  if (jwksUrl !== undefined && !/^https?:\/\/[^/]/i.test(jwksUrl)) {
    problems.push(`jwksUrl ${JSON.stringify(jwksUrl)} is not an http(s) URL`);
  }
  if (isBlank(options.issuer)) problems.push('issuer is required');
  if (isBlank(options.audience)) problems.push('audience is required');
  if (
    clockToleranceSec !== undefined &&
    !(
      Number.isInteger(clockToleranceSec) &&
      clockToleranceSec >= 0 &&
      clockToleranceSec <= MAX_CLOCK_TOLERANCE_SEC
    )
  ) {
    problems.push(
      `clockToleranceSec ${clockToleranceSec} must be an integer 0–${MAX_CLOCK_TOLERANCE_SEC}`,
    );
  }
  const { maxLifetimeSec } = options;
  if (
    maxLifetimeSec !== undefined &&
    !(
      Number.isInteger(maxLifetimeSec) &&
      maxLifetimeSec >= 60 &&
      maxLifetimeSec <= MAX_MAX_LIFETIME_SEC
    )
  ) {
    problems.push(`maxLifetimeSec ${maxLifetimeSec} must be an integer 60–${MAX_MAX_LIFETIME_SEC}`);
  }
  return problems;
}

function isBlank(value: string | string[]): boolean {
  const values = typeof value === 'string' ? [value] : value;
  return values.length === 0 || values.some((v) => v.trim().length === 0);
}
