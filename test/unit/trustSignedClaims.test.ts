import { createHmac } from 'node:crypto';
import type { Claims } from '../../lib/claims';
import {
  CLAIMS_HEADER,
  CLAIMS_SIGNATURE_HEADER,
  ClaimsError,
  claimsHeaders,
  signClaims,
  verifyClaims,
} from '../../lib/signedClaims';

const SECRET = 'a-test-secret-that-is-long-enough-0123456789';
const AGENT: Claims = { sub: 'a-100', role: 'agent', team: 'care', scopes: ['pii:read'] };
const NOW = 1_750_000_000_000;

function reasonOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof ClaimsError) return error.reason;
    throw error;
  }
  return 'accepted';
}

describe('signed claims', () => {
  it('round-trips the claims it signed', () => {
    const headers = signClaims(AGENT, SECRET, NOW);
    expect(verifyClaims(headers, SECRET, { now: NOW + 1000 })).toEqual(AGENT);
  });

  it('signs an anonymous caller as null, still verifiable', () => {
    expect(verifyClaims(signClaims(null, SECRET, NOW), SECRET, { now: NOW })).toBeNull();
  });

  it('reads a Headers-like map as well as Node headers', () => {
    const headers = new Headers({ ...claimsHeaders(AGENT, SECRET) });
    expect(verifyClaims(headers, SECRET)).toEqual(AGENT);
  });

  it('refuses missing headers', () => {
    expect(reasonOf(() => verifyClaims({}, SECRET))).toBe('missing');
    const only = { [CLAIMS_HEADER]: signClaims(AGENT, SECRET)[CLAIMS_HEADER] };
    expect(reasonOf(() => verifyClaims(only, SECRET))).toBe('missing');
  });

  it('refuses a signature made with another key', () => {
    const forged = signClaims(AGENT, 'somebody-elses-secret-of-enough-length!!', NOW);
    expect(reasonOf(() => verifyClaims(forged, SECRET, { now: NOW }))).toBe('bad-signature');
  });

  it('refuses claims changed after signing (a customer promoting themself)', () => {
    const signed = signClaims({ sub: 'cus-1', role: 'customer', scopes: [] }, SECRET, NOW);
    const tampered = Buffer.from(
      JSON.stringify({ claims: { sub: 'cus-1', role: 'supervisor', scopes: [] }, iat: NOW }),
    ).toString('base64url');
    const headers = { ...signed, [CLAIMS_HEADER]: tampered };
    expect(reasonOf(() => verifyClaims(headers, SECRET, { now: NOW }))).toBe('bad-signature');
  });

  it('refuses a signed value that is not the expected shape', () => {
    const value = Buffer.from('{"claims":{"sub":"x","role":"root"},"iat":1}').toString('base64url');
    const signature = createHmac('sha256', SECRET).update(value).digest('base64url');
    const headers = { [CLAIMS_HEADER]: value, [CLAIMS_SIGNATURE_HEADER]: signature };
    expect(reasonOf(() => verifyClaims(headers, SECRET))).toBe('malformed');
  });

  it('refuses stale claims and accepts them just inside the window', () => {
    const headers = signClaims(AGENT, SECRET, NOW);
    expect(reasonOf(() => verifyClaims(headers, SECRET, { now: NOW + 60_001 }))).toBe('stale');
    expect(verifyClaims(headers, SECRET, { now: NOW + 60_000 })).toEqual(AGENT);
    expect(reasonOf(() => verifyClaims(headers, SECRET, { now: NOW + 2000, maxAgeMs: 1000 }))).toBe(
      'stale',
    );
  });

  it('refuses claims dated beyond the tolerated clock skew', () => {
    const headers = signClaims(AGENT, SECRET, NOW + 10_000);
    expect(reasonOf(() => verifyClaims(headers, SECRET, { now: NOW }))).toBe('future');
    expect(verifyClaims(signClaims(AGENT, SECRET, NOW + 4000), SECRET, { now: NOW })).toEqual(
      AGENT,
    );
  });
});
