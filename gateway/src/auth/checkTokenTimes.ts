import type { JWTPayload } from 'jose';
import { AuthenticationError } from './authenticationError';

/** What {@link checkTokenTimes} needs besides the payload. */
export interface TokenTimeLimits {
  /** Longest lifetime accepted, `exp - (iat or now)`, seconds. */
  maxLifetimeSec: number;
  /** Clock skew allowed on `iat` in the future, seconds (the same as on `exp`/`nbf`). */
  clockToleranceSec: number;
  /** The current time, seconds since the epoch. */
  nowSec: number;
}

/**
 * The time checks jose leaves to us, run on a payload whose signature, `exp` and `nbf`
 * jose already verified: an `iat` later than now (beyond the tolerance) is a token
 * minted by a clock we do not share or made to outlive its issuer's policy, and a
 * lifetime above `maxLifetimeSec` is a credential that cannot be revoked in time (a
 * token for the year 9999). Without `iat` the lifetime is counted from now, so leaving
 * `iat` out does not lift the limit. `exp` itself is required by the authenticator.
 */
export function checkTokenTimes(payload: JWTPayload, limits: TokenTimeLimits): void {
  const { iat, exp } = payload;
  if (iat !== undefined && typeof iat !== 'number') throw new AuthenticationError('malformed');
  if (typeof iat === 'number' && iat > limits.nowSec + limits.clockToleranceSec) {
    throw new AuthenticationError('issued_in_future');
  }
  if (typeof exp !== 'number') throw new AuthenticationError('missing_claim');
  const from = typeof iat === 'number' ? Math.min(iat, limits.nowSec) : limits.nowSec;
  if (exp - from > limits.maxLifetimeSec) {
    throw new AuthenticationError(
      'lifetime',
      `token lifetime exceeds the maximum of ${limits.maxLifetimeSec} seconds`,
    );
  }
}
