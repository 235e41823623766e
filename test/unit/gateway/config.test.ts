import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GatewayConfigError, loadGatewayConfig } from '../../../gateway/src/config';

const VALID = { JWT_SECRET: 's'.repeat(48), SUBGRAPH_HMAC_SECRET: 'h'.repeat(40) };

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadGatewayConfig(env);
  } catch (error) {
    if (error instanceof GatewayConfigError) return error.problems;
    throw error;
  }
  throw new Error('configuration was accepted');
}

describe('gateway configuration', () => {
  it('has sensible defaults', () => {
    const config = loadGatewayConfig(VALID);
    expect(config).toMatchObject({
      port: 4000,
      production: false,
      introspection: true,
      trustedDocuments: { mode: 'off' },
      limits: { maxDepth: 15, maxCost: 5000, maxBodyBytes: 1024 * 1024 },
      subgraphCalls: { timeoutMs: 5000, retries: 2 },
      maxBatchedOperations: 1,
      tracing: { endpoint: undefined, serviceName: 'gateway' },
      executor: 'native',
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('lists every problem at once, naming each variable, and never echoes a secret', () => {
    const problems = problemsOf({
      PORT: 'eighty',
      MAX_QUERY_DEPTH: '0',
      SUBGRAPH_HMAC_SECRET: 'too-short-secret',
      TRUSTED_DOCUMENTS: 'sometimes',
      SUBGRAPH_URL_CRM: 'ftp://crm',
      JWT_SECRET: 's'.repeat(48),
    });
    const text = problems.join('\n');
    for (const name of [
      'PORT',
      'MAX_QUERY_DEPTH',
      'SUBGRAPH_HMAC_SECRET',
      'TRUSTED_DOCUMENTS',
      'SUBGRAPH_URL_CRM',
    ]) {
      expect(text).toContain(name);
    }
    expect(text).not.toContain('too-short-secret');
    expect(problems.length).toBeGreaterThanOrEqual(5);
  });

  it('runs plans on the native executor unless EXECUTOR=apollo, and names a bad value', () => {
    expect(loadGatewayConfig({ ...VALID, EXECUTOR: 'apollo' }).executor).toBe('apollo');
    expect(problemsOf({ ...VALID, EXECUTOR: 'fast' }).join('\n')).toMatch(/EXECUTOR/);
  });

  it('requires exactly one way to verify tokens', () => {
    expect(problemsOf({ SUBGRAPH_HMAC_SECRET: 'h'.repeat(40) }).join('\n')).toMatch(
      /JWT_SECRET or JWKS_URL is required/,
    );
    expect(problemsOf({ ...VALID, JWKS_URL: 'https://idp.example/jwks' }).join('\n')).toMatch(
      /not both/,
    );
  });

  it('turns production safeguards on with NODE_ENV=production', () => {
    const config = loadGatewayConfig({ ...VALID, NODE_ENV: 'production' });
    expect(config).toMatchObject({
      production: true,
      introspection: false,
      trustedDocuments: { mode: 'require' },
    });
  });

  it('reads an optional JSON file, with the environment winning', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cc-config-'));
    const file = join(dir, 'gateway.json');
    writeFileSync(file, JSON.stringify({ MAX_COST: 900, PORT: 5000 }));
    const config = loadGatewayConfig({ ...VALID, CONFIG_FILE: file, PORT: '6000' });
    expect(config.limits.maxCost).toBe(900);
    expect(config.port).toBe(6000);
    expect(problemsOf({ ...VALID, CONFIG_FILE: join(dir, 'missing.json') }).join()).toMatch(
      /no such file/,
    );
  });
});
