import { DEFAULT_JWT_AUDIENCE, DEFAULT_JWT_ISSUER } from '../../gateway/src/auth/devCredentials';
import { signToken, type SignTokenOptions } from '../../gateway/src/auth/signToken';
import { postToGateway, statementCounts } from '../harness/postToGateway';
import { startTestStack, type TestStack } from '../harness/startTestStack';

const DANA_NAME = /* GraphQL */ `
  query DanaName {
    customer(id: "cus-dana-reyes") {
      displayName
    }
  }
`;

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack({ seedCustomers: 5 });
});
afterAll(() => stack.stop());

/** A token signed as the stack would sign it, with one thing changed. */
function token(overrides: Partial<SignTokenOptions> = {}): Promise<string> {
  return signToken({
    secret: stack.jwtSecret,
    issuer: DEFAULT_JWT_ISSUER,
    audience: DEFAULT_JWT_AUDIENCE,
    sub: 'agt-care-jordan',
    role: 'agent',
    team: 'care',
    scopes: ['pii:read'],
    ...overrides,
  });
}

/** An unsigned `alg: none` token with otherwise valid claims, built by hand. */
function algNoneToken(): string {
  const now = Math.floor(Date.now() / 1000);
  const part = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  const payload = {
    sub: 'agt-care-jordan',
    role: 'agent',
    team: 'care',
    scope: 'pii:read',
    iss: DEFAULT_JWT_ISSUER,
    aud: DEFAULT_JWT_AUDIENCE,
    iat: now,
    exp: now + 3600,
  };
  return `${part({ alg: 'none', typ: 'JWT' })}.${part(payload)}.`;
}

const BAD_TOKENS: [string, () => Promise<string>][] = [
  ['expired', () => token({ now: Math.floor(Date.now() / 1000) - 7200, ttlSec: 600 })],
  ['signed with another secret', () => token({ secret: 'another-secret-'.repeat(4) })],
  ['alg none', () => Promise.resolve(algNoneToken())],
  ['for another audience', () => token({ audience: 'some-other-api' })],
  ['from another issuer', () => token({ issuer: 'https://evil.example' })],
  // Finding 8: no token lives past JWT_MAX_LIFETIME_SEC (24 h) or is issued in the future.
  [
    'expiring in the year 9999',
    () => token({ ttlSec: 253_402_300_799 - Math.floor(Date.now() / 1000) }),
  ],
  ['issued a year ahead', () => token({ now: Math.floor(Date.now() / 1000) + 365 * 86_400 })],
];

describe('bad tokens are refused before anything executes', () => {
  it.each(BAD_TOKENS)(
    'a token %s: HTTP 401 UNAUTHENTICATED, request id, nothing run',
    async (_name, make) => {
      const before = await statementCounts(stack);
      const response = await postToGateway(
        stack.gateway.url,
        { query: DANA_NAME },
        { authorization: `Bearer ${await make()}` },
      );
      expect(response.status).toBe(401);
      expect(response.body.data ?? null).toBeNull();
      expect(response.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      expect(response.headers.get('x-request-id')).toMatch(/^[A-Za-z0-9._-]+$/);
      expect(JSON.stringify(response.body)).not.toContain('Dana');
      expect(await statementCounts(stack)).toEqual(before);
    },
  );

  it('the same request with a good token runs (so the counters above could move)', async () => {
    const before = await statementCounts(stack);
    const response = await postToGateway<{ customer: { displayName: string } }>(
      stack.gateway.url,
      { query: DANA_NAME },
      { authorization: `Bearer ${await token()}` },
    );
    expect(response.status).toBe(200);
    expect(response.body.data?.customer.displayName).toBe('Dana Reyes');
    expect((await statementCounts(stack)).crm).toBeGreaterThan(before.crm ?? 0);
  });
});
