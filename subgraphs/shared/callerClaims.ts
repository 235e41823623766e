import type { IncomingMessage } from 'node:http';
import { GraphQLError } from 'graphql';
import type { Claims } from '../../lib/claims';
import { NonceCache } from '../../lib/nonceCache';
import { ClaimsError, verifySignedRequest } from '../../lib/verifySignedClaims';

/** Code of the 401 a subgraph answers to a request without valid signed claims. */
export const UNAUTHENTICATED = 'UNAUTHENTICATED';

/** Options for {@link createCallerVerifier}. */
export interface CallerClaimsOptions {
  /** The key shared with the gateway (`SUBGRAPH_HMAC_SECRET`). Required. */
  secret: string;
  /** This subgraph's name as the supergraph names it; calls signed for another are refused. */
  subgraph: string;
  /** Oldest signature accepted, in ms. Default 60 000. */
  maxAgeMs?: number;
  /** Where call ids are remembered. Default a {@link NonceCache} of this process. */
  nonces?: NonceCache;
}

/** An HTTP refusal, written before the body is parsed. */
export interface ClaimsRefusal {
  status: number;
  code: string;
  message: string;
}

/** What {@link createCallerVerifier} returns. */
export interface CallerVerifier {
  /**
   * Verifies one request's signed claims against its raw body; null when accepted (the
   * caller is then {@link CallerVerifier.claimsOf} the request), else the 401 to send.
   */
  verify(req: IncomingMessage, body: Uint8Array): ClaimsRefusal | null;
  /**
   * The verified caller of `req` (null: anonymous). Throws a 401 `UNAUTHENTICATED`
   * GraphQL error for a request that was not verified, so a path that skips
   * {@link CallerVerifier.verify} fails closed.
   */
  claimsOf(req: IncomingMessage): Claims | null;
}

/**
 * The subgraph's gate: every request, `_service` and `__typename` included, needs
 * claims the gateway signed for this very call (method, target, body, nonce); anything
 * else is refused with HTTP 401 `UNAUTHENTICATED` before the body is parsed or
 * validated, so a stranger learns nothing, not even a "Did you mean" suggestion.
 */
export function createCallerVerifier(options: CallerClaimsOptions): CallerVerifier {
  const verified = new WeakMap<IncomingMessage, Claims | null>();
  const nonces = options.nonces ?? new NonceCache();
  return {
    verify(req, body) {
      try {
        const claims = verifySignedRequest(
          req.headers,
          options.secret,
          { method: req.method ?? 'GET', subgraph: options.subgraph, body },
          {
            ...(options.maxAgeMs === undefined ? {} : { maxAgeMs: options.maxAgeMs }),
            firstUse: (nonce, until) => nonces.firstUse(nonce, until),
          },
        );
        verified.set(req, claims);
        return null;
      } catch (error) {
        if (!(error instanceof ClaimsError)) throw error;
        return { status: 401, code: UNAUTHENTICATED, message: error.message };
      }
    },
    claimsOf(req) {
      if (!verified.has(req)) {
        throw new GraphQLError('signed caller claims are missing', {
          extensions: { code: UNAUTHENTICATED, http: { status: 401 } },
        });
      }
      return verified.get(req) ?? null;
    },
  };
}
