import type { Authenticate } from '../auth/createAuthenticator';
import type { SubscriberAuth } from './subscriptionServerOptions';

/**
 * Adapts the gateway's request authenticator to subscriptions: verifies an
 * `Authorization` value exactly as HTTP requests are verified (same errors) and reports
 * when the token expires (its `exp`, in ms), so the connection or stream can end then.
 */
export function subscriberAuthenticator(
  authenticate: Authenticate,
): (authorization: string | undefined) => Promise<SubscriberAuth> {
  return async (authorization) => {
    const claims = await authenticate(authorization === undefined ? {} : { authorization });
    return { claims, expiresAt: claims?.exp !== undefined ? claims.exp * 1000 : null };
  };
}
