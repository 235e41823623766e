import { setTimeout as sleep } from 'node:timers/promises';
import { Registry } from 'prom-client';
import { Agent } from 'undici';
import { SubgraphDataSource } from '../../../gateway/src/datasources/subgraphDataSource';
import { createSubgraphMetrics } from '../../../gateway/src/resilience/subgraphMetrics';
import { createLogger } from '../../../lib/logger';
import { startSlowSubgraph, type SlowSubgraph } from '../../fixtures/slowSubgraph';
import { eventually } from '../../harness/eventually';
import { QUERY, failureOf, send } from './resilienceSupport';

const logger = createLogger({ name: 'test', level: 'silent' });
let subgraph: SlowSubgraph;
let agent: Agent;
let registry: Registry;
let source: SubgraphDataSource;

beforeEach(async () => {
  subgraph = await startSlowSubgraph();
  agent = new Agent();
  registry = new Registry();
  source = new SubgraphDataSource('billing', subgraph.url, logger, {
    dispatcher: agent,
    metrics: createSubgraphMetrics(registry),
    call: { retries: 0, breaker: { consecutiveFailures: 3, halfOpenAfterMs: 300 } },
  });
});
afterEach(async () => {
  await agent.close();
  await subgraph.stop();
});

/** Current value of a metric sample, matched by labels. */
async function sample(name: string, labels: Record<string, string>): Promise<number | undefined> {
  const metric = await registry.getSingleMetric(name)?.get();
  const found = metric?.values.find((v) =>
    Object.entries(labels).every(([k, value]) => v.labels[k] === value),
  );
  return found?.value;
}

/** A second query, so that dedupe does not merge it with {@link QUERY}. */
const OTHER_QUERY = /* GraphQL */ `
  query Other__billing__0 {
    served
  }
`;

/**
 * Longer than the breaker's `halfOpenAfterMs` (300) from the third failure, which has
 * happened when the wait starts: load can only make it longer, never too short.
 */
const HALF_OPEN_WAIT_MS = 350;

const circuitState = () => sample('gateway_circuit_state', { subgraph: 'billing' });

async function failThreeTimes(): Promise<void> {
  subgraph.failNext(3, 500);
  for (let i = 0; i < 3; i++) await failureOf(send(source, QUERY));
}

describe('circuit breaker', () => {
  it('opens after N consecutive failures and then fails fast without calling the subgraph', async () => {
    expect(await circuitState()).toBe(0);
    await failThreeTimes();
    expect(await circuitState()).toBe(2);
    // The subgraph answers nothing now: only a fetch that never reaches it can fail.
    const release = subgraph.hold();
    const error = await failureOf(send(source, QUERY));
    release();
    expect(error.extensions).toEqual({
      code: 'SUBGRAPH_UNAVAILABLE',
      subgraph: 'billing',
      reason: 'circuit open',
    });
    expect(subgraph.requests).toHaveLength(3);
  });

  it('closes after a successful half-open trial; fetches during the trial wait for it', async () => {
    await failThreeTimes();
    await sleep(HALF_OPEN_WAIT_MS);
    const release = subgraph.hold();
    const trial = send(source, QUERY);
    // The trial is at the subgraph, which answers only when released.
    await eventually(async () => expect(subgraph.requests).toHaveLength(4));
    expect(await circuitState()).toBe(1);
    const other = send(source, OTHER_QUERY);
    let otherSettled = false;
    void other.finally(() => (otherSettled = true));
    // Not refused while the trial runs, and not sent: it waits for the trial.
    await new Promise(setImmediate);
    expect(otherSettled).toBe(false);
    expect(subgraph.requests).toHaveLength(4);
    release();
    expect((await trial).data).toEqual({ served: 4 });
    expect((await other).data).toEqual({ served: 5 });
    expect(await circuitState()).toBe(0);
  });

  it('opens again when the half-open trial fails, failing the waiting fetches fast', async () => {
    await failThreeTimes();
    await sleep(HALF_OPEN_WAIT_MS);
    const release = subgraph.hold();
    subgraph.failNext(1, 503);
    const trial = failureOf(send(source, QUERY));
    await eventually(async () => expect(subgraph.requests).toHaveLength(4));
    const other = failureOf(send(source, OTHER_QUERY));
    release();
    expect((await trial).extensions.reason).toBe('HTTP 503');
    expect((await other).extensions.reason).toBe('circuit open');
    expect(await circuitState()).toBe(2);
    expect(subgraph.requests).toHaveLength(4);
  });
});

describe('subgraph metrics', () => {
  it('records fetch latency by outcome and errors by reason', async () => {
    await send(source, QUERY);
    await failThreeTimes();
    await failureOf(send(source, QUERY));
    const count = (outcome: string) =>
      sample('gateway_subgraph_fetch_duration_seconds', {
        subgraph: 'billing',
        outcome,
        le: '+Inf',
      });
    expect(await count('success')).toBe(1);
    expect(await count('error')).toBe(4);
    const errors = (reason: string) =>
      sample('gateway_subgraph_errors_total', { subgraph: 'billing', reason });
    expect(await errors('HTTP 500')).toBe(3);
    expect(await errors('circuit open')).toBe(1);
    const text = await registry.metrics();
    expect(text).toContain('gateway_circuit_state{subgraph="billing"} 2');
  });
});
