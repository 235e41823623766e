/** Why a presented token was refused; stable values, fit for metrics labels and logs. */
export type AuthenticationFailure =
  | 'expired'
  | 'not_yet_valid'
  | 'issued_in_future'
  | 'lifetime'
  | 'invalid_signature'
  | 'audience'
  | 'issuer'
  | 'algorithm'
  | 'missing_claim'
  | 'unknown_role'
  | 'scheme'
  | 'malformed';

/** The message shown to the caller for each failure: safe, it echoes nothing from the token. */
const MESSAGES: Readonly<Record<AuthenticationFailure, string>> = {
  expired: 'token expired',
  not_yet_valid: 'token not yet valid',
  issued_in_future: 'token issued in the future',
  lifetime: 'token lifetime exceeds the maximum',
  invalid_signature: 'invalid signature',
  audience: 'token audience not accepted',
  issuer: 'token issuer not accepted',
  algorithm: 'unsupported algorithm',
  missing_claim: 'token lacks a required claim',
  unknown_role: 'unknown role',
  scheme: 'expected a Bearer token',
  malformed: 'malformed token',
};

/**
 * A token was presented and refused. The boundary answers HTTP 401 with
 * `extensions.code` {@link AuthenticationError.code} and executes nothing; the
 * message is safe to show.
 */
export class AuthenticationError extends Error {
  /** The registry code (`UNAUTHENTICATED`, Apollo's built-in). */
  readonly code = 'UNAUTHENTICATED';

  /** `message` replaces the reason's standard text; it must echo nothing from the token. */
  constructor(
    readonly reason: AuthenticationFailure,
    message: string = MESSAGES[reason],
  ) {
    super(message);
    this.name = 'AuthenticationError';
  }
}

/** Code for {@link SigningKeysUnavailableError}; to be added to `schema/errorCodes.ts`. */
export const AUTHENTICATION_UNAVAILABLE = 'AUTHENTICATION_UNAVAILABLE';

/**
 * The JWKS endpoint could not be reached or answered nonsense, so no token can be
 * checked. Not the caller's fault: the boundary answers HTTP 503, not 401, so clients
 * do not throw away good tokens.
 */
export class SigningKeysUnavailableError extends Error {
  /** The registry code, {@link AUTHENTICATION_UNAVAILABLE}. */
  readonly code = AUTHENTICATION_UNAVAILABLE;

  constructor(options?: { cause?: unknown }) {
    super('signing keys unavailable', options);
    this.name = 'SigningKeysUnavailableError';
  }
}
