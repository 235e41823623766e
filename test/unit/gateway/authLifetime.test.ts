import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type JWTPayload, type KeyLike } from 'jose';
import { AuthenticationError } from '../../../gateway/src/auth/authenticationError';
import {
  createAuthenticator,
  type Authenticate,
} from '../../../gateway/src/auth/createAuthenticator';
import { loadGatewayConfig as loadConfig } from '../../../gateway/src/config';

const secret = 'lifetime-test-secret-0123456789abcdef';
const issuer = 'test-issuer';
const audience = 'customer-context';
const nowSec = (): number => Math.floor(Date.now() / 1000);
const HOUR = 3600;
/** 9999-12-31T23:59:59Z. */
const YEAR_9999 = 253_402_300_799;

type Sign = (claims: JWTPayload) => Promise<string>;

async function refusal(authenticate: Authenticate, token: string): Promise<string> {
  const error: unknown = await authenticate({ authorization: `Bearer ${token}` }).then(
    () => new Error('accepted'),
    (e: unknown) => e,
  );
  if (!(error instanceof AuthenticationError)) throw error;
  expect(error.code).toBe('UNAUTHENTICATED');
  return error.message;
}

const base = (): JWTPayload => ({ iss: issuer, aud: audience, sub: 'agt-1', role: 'agent' });

/** The same checks whichever way the key is obtained. */
function lifetimeCases(
  make: () => { authenticate: Authenticate; strict: Authenticate; sign: Sign },
) {
  it('accepts a token within the maximum lifetime', async () => {
    const { authenticate, sign } = make();
    const now = nowSec();
    const token = await sign({ ...base(), iat: now, exp: now + 12 * HOUR });
    await expect(authenticate({ authorization: `Bearer ${token}` })).resolves.toMatchObject({
      sub: 'agt-1',
    });
  });

  it('refuses exp in the year 9999, with or without iat', async () => {
    const { authenticate, sign } = make();
    const withIat = await sign({ ...base(), iat: nowSec(), exp: YEAR_9999 });
    expect(await refusal(authenticate, withIat)).toBe(
      'token lifetime exceeds the maximum of 86400 seconds',
    );
    const withoutIat = await sign({ ...base(), exp: YEAR_9999 });
    expect(await refusal(authenticate, withoutIat)).toMatch(/lifetime exceeds/);
  });

  it('counts the lifetime from iat: an old iat with a near exp is still too long', async () => {
    const { authenticate, sign } = make();
    const now = nowSec();
    const token = await sign({ ...base(), iat: now - 30 * HOUR, exp: now + HOUR });
    expect(await refusal(authenticate, token)).toMatch(/lifetime exceeds/);
  });

  it('honours a configured maximum', async () => {
    const { strict, sign } = make();
    const now = nowSec();
    expect(await refusal(strict, await sign({ ...base(), iat: now, exp: now + 2 * HOUR }))).toBe(
      'token lifetime exceeds the maximum of 3600 seconds',
    );
    await expect(
      strict({ authorization: `Bearer ${await sign({ ...base(), iat: now, exp: now + 600 })}` }),
    ).resolves.toMatchObject({ sub: 'agt-1' });
  });

  it('refuses an iat a year ahead, and one beyond the clock tolerance', async () => {
    const { authenticate, sign } = make();
    const now = nowSec();
    const yearAhead = now + 365 * 24 * HOUR;
    expect(
      await refusal(authenticate, await sign({ ...base(), iat: yearAhead, exp: yearAhead + HOUR })),
    ).toBe('token issued in the future');
    expect(
      await refusal(authenticate, await sign({ ...base(), iat: now + 120, exp: now + HOUR })),
    ).toBe('token issued in the future');
    // Within the default 30 s tolerance: a clock a little ahead of ours.
    const skewed = await sign({ ...base(), iat: now + 10, exp: now + HOUR });
    await expect(authenticate({ authorization: `Bearer ${skewed}` })).resolves.toMatchObject({
      sub: 'agt-1',
    });
  });

  it('refuses an nbf beyond the clock tolerance and a token without exp', async () => {
    const { authenticate, sign } = make();
    const now = nowSec();
    expect(
      await refusal(
        authenticate,
        await sign({ ...base(), iat: now, nbf: now + 120, exp: now + HOUR }),
      ),
    ).toBe('token not yet valid');
    expect(await refusal(authenticate, await sign({ ...base(), iat: now }))).toBe(
      'token lacks a required claim',
    );
  });
}

describe('token lifetime and issue time (HS256)', () => {
  const key = new TextEncoder().encode(secret);
  lifetimeCases(() => ({
    authenticate: createAuthenticator({ secret, issuer, audience }),
    strict: createAuthenticator({ secret, issuer, audience, maxLifetimeSec: HOUR }),
    sign: (claims) => new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).sign(key),
  }));
});

describe('token lifetime and issue time (JWKS)', () => {
  let server: Server;
  let url = '';
  let privateKey: KeyLike;
  beforeAll(async () => {
    const pair = await generateKeyPair('ES256');
    privateKey = pair.privateKey;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' };
    server = createServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  lifetimeCases(() => ({
    authenticate: createAuthenticator({ jwksUrl: url, issuer, audience }),
    strict: createAuthenticator({ jwksUrl: url, issuer, audience, maxLifetimeSec: HOUR }),
    sign: (claims) =>
      new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid: 'k1' }).sign(privateKey),
  }));
});

describe('JWT_MAX_LIFETIME_SEC', () => {
  const env = { JWT_SECRET: secret, SUBGRAPH_HMAC_SECRET: 'x'.repeat(32) };
  it('defaults to 24 h and is read from the environment', () => {
    expect(loadConfig(env).auth.maxLifetimeSec).toBe(86_400);
    expect(loadConfig({ ...env, JWT_MAX_LIFETIME_SEC: '3600' }).auth.maxLifetimeSec).toBe(3600);
  });

  it('refuses a value out of range, naming it', () => {
    expect(() => loadConfig({ ...env, JWT_MAX_LIFETIME_SEC: '5' })).toThrow(/JWT_MAX_LIFETIME_SEC/);
  });
});
