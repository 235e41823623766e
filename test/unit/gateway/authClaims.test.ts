import { SignJWT } from 'jose';
import { authenticatorOptionProblems } from '../../../gateway/src/auth/authenticatorOptions';
import { join } from 'node:path';
import { createAuthenticator } from '../../../gateway/src/auth/createAuthenticator';
import { domainFromFile } from '../../../gateway/src/domain/domainConfig';

const secret = 'unit-test-secret-0123456789abcdef-xyz';
const issuer = 'test-issuer';
const audience = 'customer-context';
// This repository's claims mapping (schema/domain.json): team kept for agents and supervisors.
const { claims } = domainFromFile(join(__dirname, '..', '..', '..', 'schema', 'domain.json'));
const authenticate = createAuthenticator({ secret, issuer, audience, claims });
const nowSec = (): number => Math.floor(Date.now() / 1000);
const bearer = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` });

/** Signs arbitrary claims with the test secret, as an identity provider might shape them. */
function rawToken(claims: Record<string, unknown>): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .sign(new TextEncoder().encode(secret));
}

describe('claims mapping', () => {
  it('parses scopes from `scope` (space separated) and `scopes` (array), merged', async () => {
    const base = { iss: issuer, aud: audience, sub: 'a', exp: nowSec() + 60 };
    const scopesOf = async (claims: Record<string, unknown>): Promise<string[] | undefined> =>
      (await authenticate(bearer(await rawToken({ ...base, ...claims }))))?.scopes;
    expect(await scopesOf({ role: 'agent', scope: ' pii:read   notes:write ' })).toEqual([
      'pii:read',
      'notes:write',
    ]);
    expect(await scopesOf({ role: 'service', scopes: ['a', 'b'] })).toEqual(['a', 'b']);
    expect(await scopesOf({ role: 'agent', scope: 'a b', scopes: ['b', 'c'] })).toEqual([
      'a',
      'b',
      'c',
    ]);
    expect(await scopesOf({ role: 'customer' })).toEqual([]);
  });

  it('keeps team for agents and supervisors only', async () => {
    const base = { iss: issuer, aud: audience, sub: 'a', exp: nowSec() + 60, team: 'care' };
    expect(
      await authenticate(bearer(await rawToken({ ...base, role: 'supervisor' }))),
    ).toHaveProperty('team', 'care');
    expect(
      await authenticate(bearer(await rawToken({ ...base, role: 'customer' }))),
    ).not.toHaveProperty('team');
  });
});

describe('authenticator options', () => {
  it('lists every problem at once', () => {
    expect(
      authenticatorOptionProblems({
        secret: 'short',
        issuer: '',
        audience: [],
        clockToleranceSec: 301,
      }),
    ).toEqual([
      'secret must be at least 32 bytes',
      'issuer is required',
      'audience is required',
      'clockToleranceSec 301 must be an integer 0–300',
    ]);
    expect(authenticatorOptionProblems({ jwksUrl: 'ftp://keys', issuer, audience })).toEqual([
      'jwksUrl "ftp://keys" is not an http(s) URL',
    ]);
  });

  it('refuses to build with bad options, and with both secret and jwksUrl', () => {
    expect(() => createAuthenticator({ secret: 'short', issuer, audience })).toThrow(
      /at least 32 bytes/,
    );
    const both = { secret, jwksUrl: 'http://localhost/jwks', issuer, audience } as unknown as {
      secret: string;
      issuer: string;
      audience: string;
    };
    expect(() => createAuthenticator(both)).toThrow(/exactly one of secret/);
  });
});
