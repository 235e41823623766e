import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, exportSPKI, generateKeyPair, SignJWT, type KeyLike } from 'jose';
import {
  AuthenticationError,
  SigningKeysUnavailableError,
} from '../../../gateway/src/auth/authenticationError';
import { createAuthenticator } from '../../../gateway/src/auth/createAuthenticator';

const issuer = 'https://idp.example';
const audience = 'customer-context';

interface Jwks {
  url: string;
  /** Requests served so far. */
  hits: () => number;
  /** Makes the endpoint answer 500 from now on. */
  fail: () => void;
  close: () => Promise<void>;
}

/** A real HTTP server on port 0 publishing `keys` as a JWKS. */
async function serveJwks(keys: object[]): Promise<Jwks> {
  let hits = 0;
  let failing = false;
  const server: Server = createServer((_req, res) => {
    hits += 1;
    res.statusCode = failing ? 500 : 200;
    res.setHeader('content-type', 'application/json');
    res.end(failing ? '{}' : JSON.stringify({ keys }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/.well-known/jwks.json`,
    hits: () => hits,
    fail: () => {
      failing = true;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function sign(
  key: KeyLike | Uint8Array,
  alg: string,
  kid?: string,
  aud = audience,
): Promise<string> {
  return new SignJWT({ role: 'service', scope: 'audit:read' })
    .setProtectedHeader({ alg, ...(kid ? { kid } : {}) })
    .setSubject('svc-reporting')
    .setIssuer(issuer)
    .setAudience(aud)
    .setExpirationTime('5m')
    .sign(key);
}

async function reason(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => new Error('accepted'),
    (e: unknown) => e,
  );
  if (!(error instanceof AuthenticationError)) throw error;
  return error.message;
}

describe('createAuthenticator (JWKS)', () => {
  let rsa: { publicKey: KeyLike; privateKey: KeyLike };
  let ec: { publicKey: KeyLike; privateKey: KeyLike };
  let jwks: Jwks;

  beforeAll(async () => {
    rsa = await generateKeyPair('RS256');
    ec = await generateKeyPair('ES256');
    jwks = await serveJwks([
      { ...(await exportJWK(rsa.publicKey)), kid: 'rsa-1', alg: 'RS256', use: 'sig' },
      { ...(await exportJWK(ec.publicKey)), kid: 'ec-1', alg: 'ES256', use: 'sig' },
    ]);
  });
  afterAll(() => jwks.close());

  const auth = (): ReturnType<typeof createAuthenticator> =>
    createAuthenticator({ jwksUrl: jwks.url, issuer, audience });
  const bearer = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` });

  it('verifies RS256 and ES256 tokens against the published keys', async () => {
    const authenticate = auth();
    await expect(
      authenticate(bearer(await sign(rsa.privateKey, 'RS256', 'rsa-1'))),
    ).resolves.toEqual({
      sub: 'svc-reporting',
      role: 'service',
      scopes: ['audit:read'],
      exp: expect.any(Number),
    });
    await expect(
      authenticate(bearer(await sign(ec.privateKey, 'ES256', 'ec-1'))),
    ).resolves.toMatchObject({ sub: 'svc-reporting' });
    expect(jwks.hits()).toBeGreaterThanOrEqual(1);
  });

  it('refuses a token signed by a key that is not published', async () => {
    const stranger = await generateKeyPair('RS256');
    expect(await reason(auth()(bearer(await sign(stranger.privateKey, 'RS256', 'rsa-1'))))).toBe(
      'invalid signature',
    );
    expect(await reason(auth()(bearer(await sign(stranger.privateKey, 'RS256', 'rsa-9'))))).toBe(
      'invalid signature',
    );
  });

  it('refuses alg confusion: HS256 signed with the public key as the secret', async () => {
    const pem = await exportSPKI(rsa.publicKey);
    const token = await sign(new TextEncoder().encode(pem), 'HS256', 'rsa-1');
    expect(await reason(auth()(bearer(token)))).toBe('unsupported algorithm');
  });

  it('refuses algorithms outside a narrowed allow-list', async () => {
    const rsOnly = createAuthenticator({
      jwksUrl: jwks.url,
      issuer,
      audience,
      algorithms: ['RS256'],
    });
    expect(await reason(rsOnly(bearer(await sign(ec.privateKey, 'ES256', 'ec-1'))))).toBe(
      'unsupported algorithm',
    );
  });

  it('refuses a wrong audience from the identity provider', async () => {
    const token = await sign(rsa.privateKey, 'RS256', 'rsa-1', 'another-app');
    expect(await reason(auth()(bearer(token)))).toBe('token audience not accepted');
  });

  it('reports an unreachable or failing JWKS as unavailable, not as a bad token', async () => {
    const down = await serveJwks([]);
    await down.close();
    const unreachable = createAuthenticator({ jwksUrl: down.url, issuer, audience });
    const token = await sign(rsa.privateKey, 'RS256', 'rsa-1');
    await expect(unreachable(bearer(token))).rejects.toBeInstanceOf(SigningKeysUnavailableError);
    const failing = await serveJwks([]);
    failing.fail();
    const broken = createAuthenticator({ jwksUrl: failing.url, issuer, audience });
    await expect(broken(bearer(token))).rejects.toMatchObject({
      code: 'AUTHENTICATION_UNAVAILABLE',
    });
    await failing.close();
  });
});
