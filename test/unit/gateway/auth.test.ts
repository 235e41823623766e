import { SignJWT } from 'jose';
import { AuthenticationError } from '../../../gateway/src/auth/authenticationError';
import { createAuthenticator } from '../../../gateway/src/auth/createAuthenticator';
import { signToken } from '../../../gateway/src/auth/signToken';
import { domainFromFile } from '../../../gateway/src/domain/domainConfig';

const secret = 'unit-test-secret-0123456789abcdef-xyz';
const issuer = 'test-issuer';
const audience = 'customer-context';
/** This repository's claims mapping: the four roles, a team for agents and supervisors. */
const claims = domainFromFile('schema/domain.json').claims;
const authenticate = createAuthenticator({ secret, issuer, audience, claims });
const nowSec = (): number => Math.floor(Date.now() / 1000);
const bearer = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` });
const b64 = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Signs arbitrary claims with the test secret (for tokens signToken would never make). */
function rawToken(claims: Record<string, unknown>, alg = 'HS256'): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg }).sign(new TextEncoder().encode(secret));
}

async function refusal(headers: Record<string, string>, auth = authenticate): Promise<string> {
  const error: unknown = await auth(headers).then(
    () => new Error('accepted'),
    (e: unknown) => e,
  );
  if (!(error instanceof AuthenticationError)) throw error;
  expect(error.code).toBe('UNAUTHENTICATED');
  return error.message;
}

describe('createAuthenticator (HS256)', () => {
  it('maps a valid token to claims', async () => {
    const token = await signToken({
      secret,
      issuer,
      audience,
      sub: 'agt-1',
      role: 'agent',
      team: 'care',
      scopes: ['pii:read', 'notes:write'],
    });
    const claims = await authenticate(bearer(token));
    expect(claims).toEqual({
      sub: 'agt-1',
      role: 'agent',
      team: 'care',
      scopes: ['pii:read', 'notes:write'],
      exp: expect.any(Number),
    });
    expect(claims!.exp! - nowSec()).toBeGreaterThan(3500);
  });

  it('reads Fetch/Apollo-style headers too', async () => {
    const token = await signToken({ secret, issuer, audience, sub: 'cus-1', role: 'customer' });
    const claims = await authenticate(new Headers({ Authorization: `bearer ${token}` }));
    expect(claims).toMatchObject({ sub: 'cus-1', role: 'customer', scopes: [] });
  });

  it('answers null (anonymous) without an Authorization header', async () => {
    await expect(authenticate({})).resolves.toBeNull();
    await expect(authenticate({ authorization: '  ' })).resolves.toBeNull();
    await expect(authenticate(new Headers())).resolves.toBeNull();
  });

  it('refuses an expired token', async () => {
    const token = await signToken({
      secret,
      issuer,
      audience,
      sub: 'a',
      role: 'agent',
      ttlSec: 60,
      now: nowSec() - 3600,
    });
    expect(await refusal(bearer(token))).toBe('token expired');
  });

  it('refuses a bad signature: another secret, or a tampered payload', async () => {
    const other = await signToken({
      secret: `${secret}-other`,
      issuer,
      audience,
      sub: 'a',
      role: 'agent',
    });
    expect(await refusal(bearer(other))).toBe('invalid signature');
    const [header, , signature] = (
      await signToken({ secret, issuer, audience, sub: 'cus-1', role: 'customer' })
    ).split('.');
    const forged = b64({
      sub: 'cus-1',
      role: 'supervisor',
      iss: issuer,
      aud: audience,
      exp: nowSec() + 60,
    });
    expect(await refusal(bearer(`${header}.${forged}.${signature}`))).toBe('invalid signature');
  });

  it('refuses alg none and algorithms outside the allow-list', async () => {
    const payload = {
      sub: 'a',
      role: 'supervisor',
      iss: issuer,
      aud: audience,
      exp: nowSec() + 60,
    };
    const none = `${b64({ alg: 'none', typ: 'JWT' })}.${b64(payload)}.`;
    expect(await refusal(bearer(none))).toBe('unsupported algorithm');
    expect(await refusal(bearer(await rawToken(payload, 'HS512')))).toBe('unsupported algorithm');
  });

  it('refuses a wrong audience and a wrong issuer', async () => {
    const wrongAud = await signToken({
      secret,
      issuer,
      audience: 'someone-else',
      sub: 'a',
      role: 'agent',
    });
    expect(await refusal(bearer(wrongAud))).toBe('token audience not accepted');
    const wrongIss = await signToken({ secret, issuer: 'evil', audience, sub: 'a', role: 'agent' });
    expect(await refusal(bearer(wrongIss))).toBe('token issuer not accepted');
  });

  it('refuses an unknown or missing role', async () => {
    const base = { iss: issuer, aud: audience, sub: 'a', exp: nowSec() + 60 };
    expect(await refusal(bearer(await rawToken({ ...base, role: 'admin' })))).toBe('unknown role');
    expect(await refusal(bearer(await rawToken(base)))).toBe('unknown role');
  });

  it('refuses tokens without exp or sub, and claims of the wrong type', async () => {
    const base = { iss: issuer, aud: audience, role: 'agent' };
    expect(await refusal(bearer(await rawToken({ ...base, sub: 'a' })))).toBe(
      'token lacks a required claim',
    );
    expect(await refusal(bearer(await rawToken({ ...base, exp: nowSec() + 60 })))).toBe(
      'token lacks a required claim',
    );
    const full = { ...base, sub: 'a', exp: nowSec() + 60 };
    expect(await refusal(bearer(await rawToken({ ...full, scopes: 'pii:read' })))).toBe(
      'malformed token',
    );
    expect(await refusal(bearer(await rawToken({ ...full, team: 7 })))).toBe('malformed token');
  });

  it('accepts clock skew within the tolerance and refuses beyond it', async () => {
    const expiredBy = (sec: number): Promise<string> =>
      signToken({
        secret,
        issuer,
        audience,
        sub: 'a',
        role: 'agent',
        ttlSec: 60,
        now: nowSec() - 60 - sec,
      });
    await expect(authenticate(bearer(await expiredBy(20)))).resolves.toMatchObject({ sub: 'a' });
    expect(await refusal(bearer(await expiredBy(45)))).toBe('token expired');
    const notBefore = (sec: number): Promise<string> =>
      rawToken({
        iss: issuer,
        aud: audience,
        sub: 'a',
        role: 'agent',
        nbf: nowSec() + sec,
        exp: nowSec() + 600,
      });
    await expect(authenticate(bearer(await notBefore(20)))).resolves.toMatchObject({ sub: 'a' });
    expect(await refusal(bearer(await notBefore(60)))).toBe('token not yet valid');
    const strict = createAuthenticator({ secret, issuer, audience, claims, clockToleranceSec: 0 });
    expect(await refusal(bearer(await expiredBy(5)), strict)).toBe('token expired');
  });

  it('remembers a verified token only until it expires, and only that exact token', async () => {
    let now = Date.now();
    const strict = createAuthenticator({
      secret,
      issuer,
      audience,
      claims,
      clockToleranceSec: 0,
      now: () => now,
    });
    const token = await signToken({
      secret,
      issuer,
      audience,
      sub: 'agt-2',
      role: 'agent',
      scopes: ['pii:read'],
      ttlSec: 2,
    });
    const first = await strict(bearer(token));
    expect(first).toMatchObject({ sub: 'agt-2', scopes: ['pii:read'] });
    // What one request does to its claims does not reach the next one.
    first!.scopes.push('admin');
    await expect(strict(bearer(token))).resolves.toMatchObject({ scopes: ['pii:read'] });
    // A changed signature is verified, not looked up.
    const [head, body, signature] = token.split('.');
    const tampered = `${head}.${body}.${signature!.startsWith('A') ? 'B' : 'A'}${signature!.slice(1)}`;
    expect(await refusal(bearer(tampered), strict)).toBe('invalid signature');
    // Its clock moves, not the test's: still good just before `exp`, refused from then on.
    const exp = (JSON.parse(Buffer.from(body!, 'base64url').toString()) as { exp: number }).exp;
    now = exp * 1000 - 1;
    await expect(strict(bearer(token))).resolves.toMatchObject({ sub: 'agt-2' });
    now = exp * 1000;
    expect(await refusal(bearer(token), strict)).toBe('token expired');
  });

  it('refuses malformed headers and tokens', async () => {
    expect(await refusal({ authorization: 'Basic dXNlcjpwYXNz' })).toBe('expected a Bearer token');
    expect(await refusal({ authorization: 'Bearer' })).toBe('malformed token');
    expect(await refusal({ authorization: 'Bearer a b' })).toBe('malformed token');
    expect(await refusal(bearer('not-a-jwt'))).toBe('malformed token');
    expect(await refusal(bearer('a.b.c'))).toBe('malformed token');
    expect(await refusal(bearer(`${b64({ alg: 'HS256' })}.${'x'.repeat(9000)}.sig`))).toBe(
      'malformed token',
    );
  });
});
