import { GatewayConfigError, loadGatewayConfig } from '../../../gateway/src/config';

const VALID = { JWT_SECRET: 's'.repeat(48), SUBGRAPH_HMAC_SECRET: 'h'.repeat(40) };

function problemsOf(env: NodeJS.ProcessEnv): string {
  try {
    loadGatewayConfig(env);
  } catch (error) {
    if (error instanceof GatewayConfigError) return error.problems.join('\n');
    throw error;
  }
  throw new Error('configuration was accepted');
}

describe('cache and subscription configuration', () => {
  it('defaults to an in-memory cache without Redis and to subscriptions on', () => {
    const config = loadGatewayConfig(VALID);
    expect(config.cache).toEqual({
      store: 'memory',
      auto: true,
      redisUrl: undefined,
      entities: true,
      conditionalRereads: true,
      maxTtlSeconds: 300,
      memoryMaxEntries: 50_000,
      memoryMaxBytes: 64 * 1024 * 1024,
      opTimeoutMs: 150,
      documentCacheMiB: 16,
      flushAfterFailures: 20,
      queryPlanCacheMiB: 32,
      apqTtlSeconds: 86_400,
    });
    expect(config.subscriptions).toEqual({
      enabled: true,
      keepAliveMs: 12_000,
      maxPerConnection: 100,
    });
  });

  it('uses Redis when REDIS_URL is set, unless told otherwise', () => {
    const url = 'redis://cache:6379';
    expect(loadGatewayConfig({ ...VALID, REDIS_URL: url }).cache).toMatchObject({
      store: 'redis',
      redisUrl: url,
    });
    expect(loadGatewayConfig({ ...VALID, REDIS_URL: url, CACHE: 'memory' }).cache.store).toBe(
      'memory',
    );
    expect(loadGatewayConfig({ ...VALID, CACHE: 'off' }).cache.store).toBe('off');
    expect(loadGatewayConfig({ ...VALID, ENTITY_CACHE: 'off' }).cache.entities).toBe(false);
    expect(
      loadGatewayConfig({ ...VALID, CONDITIONAL_REREADS: 'off' }).cache.conditionalRereads,
    ).toBe(false);
    expect(
      loadGatewayConfig({ ...VALID, SUBSCRIPTIONS: 'off', SUBSCRIPTIONS_KEEPALIVE_MS: '5000' })
        .subscriptions,
    ).toMatchObject({ enabled: false, keepAliveMs: 5000 });
  });

  it('names every bad cache setting, without echoing a Redis URL', () => {
    const text = problemsOf({
      ...VALID,
      CACHE: 'sometimes',
      ENTITY_CACHE: 'partly',
      REDIS_URL: 'http://user:hunter2@cache',
      CACHE_OP_TIMEOUT_MS: '0',
      SUBSCRIPTIONS: 'maybe',
    });
    for (const name of [
      'CACHE=',
      'ENTITY_CACHE',
      'REDIS_URL',
      'CACHE_OP_TIMEOUT_MS',
      'SUBSCRIPTIONS',
    ])
      expect(text).toContain(name);
    expect(text).not.toContain('hunter2');
    expect(problemsOf({ ...VALID, CACHE: 'redis' })).toMatch(/REDIS_URL is required/);
  });
});
