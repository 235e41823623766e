import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { sendJsonError } from '../../../lib/http/graphqlHttpHandler';
import type { GatewayContext } from '../context';
import { requestIdFrom } from '../plugins/requestIdPlugin';
import { AuthenticationError, SigningKeysUnavailableError } from './authenticationError';
import type { Authenticate } from './createAuthenticator';

/**
 * Verifies the caller before anything executes. A bad token answers HTTP 401
 * `UNAUTHENTICATED` (with `WWW-Authenticate`), an unreachable key set 503; either way
 * the response carries the request id and null is returned so nothing runs.
 */
export async function authenticateRequest(
  req: IncomingMessage,
  res: ServerResponse,
  authenticate: Authenticate,
  logger: Logger,
): Promise<Pick<GatewayContext, 'requestId' | 'claims' | 'incomingHeaders' | 'logger'> | null> {
  const requestId = requestIdFrom(req.headers);
  res.setHeader('x-request-id', requestId);
  const requestLogger = logger.child({ requestId });
  try {
    const claims = await authenticate(req.headers);
    return { requestId, claims, incomingHeaders: req.headers, logger: requestLogger };
  } catch (error) {
    if (error instanceof AuthenticationError) {
      requestLogger.info({ reason: error.message }, 'request refused: bad token');
      res.setHeader('www-authenticate', 'Bearer error="invalid_token"');
      sendJsonError(res, 401, error.code, error.message);
      return null;
    }
    if (error instanceof SigningKeysUnavailableError) {
      requestLogger.warn({ err: error }, 'signing keys unavailable');
      sendJsonError(res, 503, error.code, error.message);
      return null;
    }
    throw error;
  }
}
