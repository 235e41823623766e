import { createHmac } from 'node:crypto';
import type { Claims } from '../../lib/claims';
import { NonceCache } from '../../lib/nonceCache';
import {
  CALL_HEADER,
  CLAIMS_HEADER,
  CLAIMS_SIGNATURE_HEADER,
  signRequest,
  type SignedClaimsHeaders,
} from '../../lib/signedClaims';
import {
  ClaimsError,
  verifySignedRequest,
  type VerifySignedRequestOptions,
} from '../../lib/verifySignedClaims';

const SECRET = 'a-test-secret-that-is-long-enough-0123456789';
const AGENT: Claims = { sub: 'a-100', role: 'agent', team: 'care', scopes: ['pii:read'] };
const NOW = 1_750_000_000_000;
const BODY = JSON.stringify({ query: '{ customer(id: "cus-1") { id } }' });
/** The request as the subgraph sees it arrive. */
const ARRIVED = { method: 'POST', subgraph: 'crm', body: Buffer.from(BODY) };

function sign(claims: Claims | null = AGENT, now = NOW, body = BODY): SignedClaimsHeaders {
  return signRequest(claims, SECRET, { subgraph: 'crm', body }, { now });
}

function reasonOf(
  headers: Record<string, string> | Headers,
  arrived = ARRIVED,
  options: VerifySignedRequestOptions = { now: NOW },
): string {
  try {
    verifySignedRequest(headers, SECRET, arrived, options);
  } catch (error) {
    if (error instanceof ClaimsError) return error.reason;
    throw error;
  }
  return 'accepted';
}

describe('signed claims', () => {
  it('round-trips the claims it signed, and an anonymous caller', () => {
    expect(verifySignedRequest(sign(), SECRET, ARRIVED, { now: NOW + 1000 })).toEqual(AGENT);
    expect(verifySignedRequest(sign(null), SECRET, ARRIVED, { now: NOW })).toBeNull();
  });

  it('reads Fetch-style headers', () => {
    const headers = new Headers({ ...signRequest(AGENT, SECRET, { subgraph: 'crm', body: BODY }) });
    expect(verifySignedRequest(headers, SECRET, ARRIVED)).toEqual(AGENT);
  });

  it('refuses missing headers, even one of three', () => {
    expect(reasonOf({})).toBe('missing');
    const { [CALL_HEADER]: _call, ...withoutCall } = sign();
    expect(reasonOf(withoutCall)).toBe('missing');
  });

  it('refuses a signature made with another key or over other headers', () => {
    const forged = signRequest(AGENT, 'somebody-elses-secret-of-enough-length!!', {
      subgraph: 'crm',
      body: BODY,
    });
    expect(reasonOf(forged)).toBe('bad-signature');
    // Promoting oneself to supervisor under the agent's signature.
    const boss = Buffer.from(JSON.stringify({ claims: { ...AGENT, role: 'supervisor' } })).toString(
      'base64url',
    );
    expect(reasonOf({ ...sign(), [CLAIMS_HEADER]: boss })).toBe('bad-signature');
    // Another call's binding under this call's signature.
    expect(reasonOf({ ...sign(), [CALL_HEADER]: sign(AGENT, NOW, '{}')[CALL_HEADER] })).toBe(
      'bad-signature',
    );
  });

  it('refuses a body other than the one signed: the same header cannot carry a mutation', () => {
    const mutation = Buffer.from(JSON.stringify({ query: 'mutation { deleteEverything }' }));
    expect(reasonOf(sign(), { ...ARRIVED, body: mutation })).toBe('wrong-body');
    // One byte of difference is enough.
    expect(reasonOf(sign(), { ...ARRIVED, body: Buffer.from(`${BODY} `) })).toBe('wrong-body');
  });

  it('refuses another method or another subgraph', () => {
    expect(reasonOf(sign(), { ...ARRIVED, method: 'GET' })).toBe('wrong-method');
    expect(reasonOf(sign(), { ...ARRIVED, subgraph: 'orders' })).toBe('wrong-subgraph');
  });

  it('refuses the same call id twice within the window, and only then', () => {
    const nonces = new NonceCache();
    const options = {
      now: NOW,
      firstUse: (nonce: string, until: number) => nonces.firstUse(nonce, until, NOW),
    };
    const headers = sign();
    expect(reasonOf(headers, ARRIVED, options)).toBe('accepted');
    expect(reasonOf(headers, ARRIVED, options)).toBe('replayed');
    expect(reasonOf(sign(), ARRIVED, options)).toBe('accepted');
  });

  it('records a nonce only for a request that passed every other check', () => {
    const nonces = new NonceCache();
    const headers = sign();
    const options = { now: NOW, firstUse: (n: string, u: number) => nonces.firstUse(n, u, NOW) };
    expect(reasonOf(headers, { ...ARRIVED, body: Buffer.from('{}') }, options)).toBe('wrong-body');
    expect(reasonOf(headers, ARRIVED, options)).toBe('accepted');
  });

  it('refuses a tampered or malformed payload with a valid signature', () => {
    const call = Buffer.from('not json').toString('base64url');
    const claims = sign()[CLAIMS_HEADER];
    const signature = createHmac('sha256', SECRET).update(`${claims}.${call}`).digest('base64url');
    expect(
      reasonOf({
        [CLAIMS_HEADER]: claims,
        [CALL_HEADER]: call,
        [CLAIMS_SIGNATURE_HEADER]: signature,
      }),
    ).toBe('malformed');
  });

  it('refuses stale claims after the window (default one minute)', () => {
    const headers = sign();
    expect(reasonOf(headers, ARRIVED, { now: NOW + 60_001 })).toBe('stale');
    expect(reasonOf(headers, ARRIVED, { now: NOW + 60_000 })).toBe('accepted');
    expect(reasonOf(headers, ARRIVED, { now: NOW + 2000, maxAgeMs: 1000 })).toBe('stale');
  });

  it('refuses claims dated in the future beyond the clock skew allowed', () => {
    expect(reasonOf(sign(AGENT, NOW + 10_000))).toBe('future');
    expect(reasonOf(sign(AGENT, NOW + 4000))).toBe('accepted');
  });
});

describe('NonceCache', () => {
  it('forgets a nonce once its time is up, and the oldest when full', () => {
    const cache = new NonceCache({ maxEntries: 2 });
    expect(cache.firstUse('a', 100, 0)).toBe(true);
    expect(cache.firstUse('a', 100, 50)).toBe(false);
    expect(cache.firstUse('a', 300, 150)).toBe(true);
    expect(cache.firstUse('b', 300, 150)).toBe(true);
    expect(cache.firstUse('c', 300, 150)).toBe(true);
    expect(cache.size).toBe(2);
  });
});
