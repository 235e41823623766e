import { join } from 'node:path';
import { createAuthenticator } from '../../../gateway/src/auth/createAuthenticator';
import {
  DEFAULT_JWT_AUDIENCE,
  DEFAULT_JWT_ISSUER,
  devCredentials,
  exampleTokenSecret,
} from '../../../gateway/src/auth/devCredentials';
import { signToken } from '../../../gateway/src/auth/signToken';
import { ROOT, runCommand, type CommandResult } from '../../harness/runCommand';
import { runInProcess } from '../../harness/runInProcess';
import { exampleTokens } from '../../../scripts/exampleTokens';
import { runToken } from '../../../scripts/runToken';

const secret = 'script-test-secret-0123456789abcdefgh';
const devAuth = createAuthenticator({
  secret,
  issuer: DEFAULT_JWT_ISSUER,
  audience: DEFAULT_JWT_AUDIENCE,
});
const bearer = (token: string): Record<string, string> => ({
  authorization: `Bearer ${token.trim()}`,
});

/** The environment of a run: no JWT variable of the test's own, then `env`. */
const clean = (env: NodeJS.ProcessEnv): NodeJS.ProcessEnv => ({
  JWT_SECRET: '',
  JWT_ISSUER: '',
  JWT_AUDIENCE: '',
  ...env,
});

/** `npm run token` as a user runs it (tsx, a child process): once, for the wiring. */
function tokenScriptProcess(args: string[], env: NodeJS.ProcessEnv): Promise<CommandResult> {
  const tsx = join(ROOT, 'node_modules', '.bin', 'tsx');
  return runCommand(tsx, ['scripts/token.ts', ...args], { env: clean(env), timeoutMs: 30_000 });
}

/** The same command in this process: its entry function with its own environment and output. */
function tokenScript(args: string[], env: NodeJS.ProcessEnv): Promise<CommandResult> {
  return runInProcess(runToken, args, { env: clean(env) });
}

describe('scripts/token.ts', () => {
  it('prints only a token the gateway accepts, signed with JWT_SECRET (the real script)', async () => {
    const result = await tokenScriptProcess(
      [
        '--role',
        'agent',
        '--sub',
        'a-100',
        '--team',
        'care',
        '--scopes',
        'pii:read,notes:write',
        '--ttl',
        '600',
      ],
      { JWT_SECRET: secret },
    );
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout.trim()).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    const claims = await devAuth(bearer(result.stdout));
    expect(claims).toMatchObject({
      sub: 'a-100',
      role: 'agent',
      team: 'care',
      scopes: ['pii:read', 'notes:write'],
    });
    expect(claims!.exp! - Date.now() / 1000).toBeLessThanOrEqual(600);
  });

  it('honours JWT_ISSUER and JWT_AUDIENCE', async () => {
    const result = await tokenScript(['--role', 'customer', '--sub', 'cus-1'], {
      JWT_SECRET: secret,
      JWT_ISSUER: 'iss-x',
      JWT_AUDIENCE: 'aud-x',
    });
    expect(result.code).toBe(0);
    const auth = createAuthenticator({ secret, issuer: 'iss-x', audience: 'aud-x' });
    await expect(auth(bearer(result.stdout))).resolves.toMatchObject({
      sub: 'cus-1',
      role: 'customer',
    });
  });

  it('explains a missing secret, a bad role and a missing subject, printing no token', async () => {
    const noSecret = await tokenScript(['--role', 'agent', '--sub', 'a-100'], {});
    expect(noSecret).toMatchObject({ code: 2, stdout: '' });
    expect(noSecret.stderr).toMatch(/JWT_SECRET is not set/);
    const badRole = await tokenScript(['--role', 'admin', '--sub', 'a-100'], {
      JWT_SECRET: secret,
    });
    expect(badRole).toMatchObject({ code: 2, stdout: '' });
    expect(badRole.stderr).toMatch(
      /--role must be one of customer, agent, supervisor, service \(got "admin"\)/,
    );
    const noSub = await tokenScript(['--role', 'agent'], { JWT_SECRET: secret });
    expect(noSub.stderr).toMatch(/--sub is required/);
  });

  it('refuses to print a token with NODE_ENV=production unless --allow-production', async () => {
    const args = ['--role', 'agent', '--sub', 'a-1', '--scopes', 'pii:read'];
    const refused = await tokenScript(args, { JWT_SECRET: secret, NODE_ENV: 'production' });
    expect(refused.code).toBe(2);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toMatch(/NODE_ENV=production: refusing to print a working credential/);
    const explicit = await tokenScript([...args, '--allow-production'], {
      JWT_SECRET: secret,
      NODE_ENV: 'production',
    });
    expect(explicit.code).toBe(0);
    await expect(devAuth(bearer(explicit.stdout))).resolves.toMatchObject({ sub: 'a-1' });
  });
});

describe('devCredentials and exampleTokens', () => {
  it('prints example tokens only outside production and only with an HS256 secret', () => {
    expect(exampleTokenSecret({ JWT_SECRET: secret })).toBe(secret);
    expect(exampleTokenSecret({ JWT_SECRET: secret, NODE_ENV: 'development' })).toBe(secret);
    expect(exampleTokenSecret({ JWT_SECRET: secret, NODE_ENV: 'production' })).toBeNull();
    expect(exampleTokenSecret({ JWKS_URL: 'https://idp.example/jwks.json' })).toBeNull();
  });

  it('uses JWT_SECRET when set and generates a 48-byte secret otherwise (not in production or JWKS mode)', () => {
    expect(devCredentials({ JWT_SECRET: secret })).toEqual({ secret, generated: false });
    const first = devCredentials({ JWT_SECRET: '' });
    const second = devCredentials({});
    expect(first).toMatchObject({ generated: true, secret: expect.stringMatching(/^[\w-]{64}$/) });
    expect(Buffer.from(first!.secret, 'base64url')).toHaveLength(48);
    expect(second!.secret).not.toBe(first!.secret);
    expect(devCredentials({ NODE_ENV: 'production' })).toBeNull();
    expect(devCredentials({ JWKS_URL: 'https://idp.example/jwks' })).toBeNull();
  });

  it('mints a care agent token with pii:read and a customer token for Dana, valid 12 h', async () => {
    const { agent, customer } = await exampleTokens(secret, {
      agent: { sub: 'agt-care-jordan', team: 'care' },
      customerSub: 'cus-dana-reyes',
    });
    await expect(devAuth(bearer(agent))).resolves.toMatchObject({
      sub: 'agt-care-jordan',
      role: 'agent',
      team: 'care',
      scopes: ['pii:read'],
    });
    const dana = await devAuth(bearer(customer));
    expect(dana).toMatchObject({ sub: 'cus-dana-reyes', role: 'customer', scopes: [] });
    expect(dana!.exp! - Date.now() / 1000).toBeGreaterThan(12 * 3600 - 60);
  });

  it('refuses to sign with a short secret or a non-positive ttl', async () => {
    const base = { issuer: 'i', audience: 'a', sub: 's', role: 'agent' as const };
    await expect(signToken({ ...base, secret: 'short' })).rejects.toThrow(/at least 32 bytes/);
    await expect(signToken({ ...base, secret, ttlSec: 0 })).rejects.toThrow(/positive/);
  });
});
