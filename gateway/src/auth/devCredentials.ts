import { randomBytes } from 'node:crypto';

/** `iss` of dev tokens when `JWT_ISSUER` is unset (the product's name, not a domain word). */
export const DEFAULT_JWT_ISSUER = 'customer-context-dev';

/** `aud` of dev tokens when `JWT_AUDIENCE` is unset. */
export const DEFAULT_JWT_AUDIENCE = 'customer-context';

/** The HS256 secret a local start uses. */
export interface DevCredentials {
  /** The secret: `JWT_SECRET`, or a fresh random one. */
  secret: string;
  /** True when generated for this process (print it, so `npm run token` can use it). */
  generated: boolean;
}

/**
 * The secret for a local start: `JWT_SECRET` when set; otherwise, outside production
 * and without `JWKS_URL`, a random 48-byte secret (base64url). `null` when none
 * applies (JWKS mode, or production without a secret, which config refuses).
 */
export function devCredentials(env: NodeJS.ProcessEnv): DevCredentials | null {
  if (env.JWT_SECRET) return { secret: env.JWT_SECRET, generated: false };
  if (env.JWKS_URL || env.NODE_ENV === 'production') return null;
  return { secret: randomBytes(48).toString('base64url'), generated: true };
}

/**
 * The secret a start may sign ready-to-paste example tokens with, or null when it must
 * print none: never in production (`NODE_ENV=production`), where a printed token is a
 * working credential signed with the real key and ends up in logs and terminals; and
 * not without an HS256 secret (JWKS: tokens come from the identity provider).
 */
export function exampleTokenSecret(env: NodeJS.ProcessEnv): string | null {
  if (env.NODE_ENV === 'production') return null;
  return env.JWT_SECRET || null;
}
