import { AuthenticationError, SigningKeysUnavailableError } from '../auth/authenticationError';

/** Why a subscriber's credentials were refused, in the terms each transport answers with. */
export interface CredentialRefusal {
  /** HTTP status for SSE: 401 bad token, 503 keys unreachable. */
  status: 401 | 503;
  /** WebSocket close code: 4401 (graphql-ws Unauthorized) or 1013 (try again later). */
  closeCode: 4401 | 1013;
  code: string;
  message: string;
}

/**
 * Maps an authentication failure to how it is answered; `null` for anything else
 * (a bug, rethrown by the caller). A bad token is the caller's to fix and is not
 * retried (4401 / 401); unreachable signing keys are not their fault (1013 / 503).
 */
export function refuseCredentials(error: unknown): CredentialRefusal | null {
  if (error instanceof AuthenticationError) {
    return { status: 401, closeCode: 4401, code: error.code, message: error.message };
  }
  if (error instanceof SigningKeysUnavailableError) {
    return { status: 503, closeCode: 1013, code: error.code, message: error.message };
  }
  return null;
}
