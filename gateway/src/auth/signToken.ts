import { SignJWT } from 'jose';
import { MIN_SECRET_BYTES } from './authenticatorOptions';

/** Options for {@link signToken}. */
export interface SignTokenOptions {
  /** HS256 key (UTF-8 bytes), at least 32 bytes: the gateway's `JWT_SECRET`. */
  secret: string;
  /** `iss` claim. */
  issuer: string;
  /** `aud` claim. */
  audience: string;
  /** `sub` claim: customer id, agent id or client id. */
  sub: string;
  /** `role` claim, one of the roles the gateway's domain configuration allows. */
  role: string;
  /** `team` claim, for agents and supervisors. Default none. */
  team?: string;
  /** Written as the OAuth `scope` claim, space separated. Default none. */
  scopes?: readonly string[];
  /** Lifetime in seconds. Default 3600. */
  ttlSec?: number;
  /** Issue time, seconds since the epoch. Default now; tests use it to mint old tokens. */
  now?: number;
}

/**
 * Mints an HS256 JWT the gateway accepts, for dev tooling and tests (production
 * tokens come from an identity provider). Throws `TypeError` for a short secret or a
 * non-positive ttl.
 */
export async function signToken(options: SignTokenOptions): Promise<string> {
  const ttlSec = options.ttlSec ?? 3600;
  if (Buffer.byteLength(options.secret, 'utf8') < MIN_SECRET_BYTES) {
    throw new TypeError(`the signing secret must be at least ${MIN_SECRET_BYTES} bytes`);
  }
  if (!Number.isInteger(ttlSec) || ttlSec <= 0) {
    throw new TypeError(`ttl must be a positive whole number of seconds (got ${ttlSec})`);
  }
  const now = options.now ?? Math.floor(Date.now() / 1000);
  const payload: Record<string, string> = { role: options.role };
  if (options.team) payload.team = options.team;
  if (options.scopes && options.scopes.length > 0) payload.scope = options.scopes.join(' ');
  return new SignJWT(payload)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(options.sub)
    .setIssuer(options.issuer)
    .setAudience(options.audience)
    .setIssuedAt(now)
    .setExpirationTime(now + ttlSec)
    .sign(new TextEncoder().encode(options.secret));
}
