import { execFile } from 'node:child_process';
import { request } from 'node:http';
import { join } from 'node:path';
import { eventually } from '../harness/eventually';
import { startDelayProxy, type DelayProxy } from '../harness/delayProxy';
import { runCli } from '../../gateway/src/cli';
import { ROOT } from '../harness/runCommand';
import { runInProcess } from '../harness/runInProcess';
import { startGatewayProcess, type GatewayProcess } from '../harness/startGatewayProcess';
import { startTestStack, TEST_AGENT, type TestStack } from '../harness/startTestStack';
import type { GraphQLResponse } from '../harness/startTestSubgraphs';

const BIN = join(ROOT, 'bin', 'customer-context-gateway.js');
const DANA = /* GraphQL */ `
  query Dana {
    customer(id: "cus-dana-reyes") {
      displayName
    }
  }
`;

let stack: TestStack;
let proxy: DelayProxy;
let token: string;
beforeAll(async () => {
  stack = await startTestStack({ seedCustomers: 2 });
  proxy = await startDelayProxy(stack.subgraphs.orders!.graphqlUrl);
  token = await stack.tokenFor(TEST_AGENT);
}, 180_000);
afterAll(async () => {
  await proxy?.stop();
  await stack?.stop();
});

/** `serve --workers 2` over the stack, logging each served request (with its pid). */
function startCluster(env: Record<string, string> = { CACHE: 'off' }): Promise<GatewayProcess> {
  return startGatewayProcess(stack, {
    args: ['--workers', '2'],
    env: { LOG_LEVEL: 'info', ...env },
    urls: { orders: proxy.url },
    // Two workers each load the whole gateway; on a busy CI machine that takes a while.
    startTimeoutMs: 150_000,
  });
}

/**
 * POSTs an operation on a connection of its own: the cluster hands out connections,
 * not requests, so a pooled connection would always reach the same worker.
 */
function postOnNewConnection<TData>(
  baseUrl: string,
  body: unknown,
  requestId: string,
): Promise<{ status: number; body: GraphQLResponse<TData> }> {
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      `${baseUrl}/graphql`,
      {
        method: 'POST',
        agent: false,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(payload),
          authorization: `Bearer ${token}`,
          'x-request-id': requestId,
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: JSON.parse(text) as GraphQLResponse<TData>,
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** Sends `count` requests one after another, each on a new connection; all must succeed. */
async function askDana(gateway: GatewayProcess, prefix: string, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const response = await postOnNewConnection<{ customer: { displayName: string } }>(
      gateway.url,
      { query: DANA },
      `${prefix}-${i}`,
    );
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      data: { customer: { displayName: 'Dana Reyes' } },
      extensions: expect.anything(),
    });
  }
}

/** The pids that logged serving the requests whose ids start with `prefix`, once all have. */
function servedBy(gateway: GatewayProcess, prefix: string, count: number): Promise<Set<number>> {
  return eventually(async () => {
    const lines = gateway
      .logLines()
      .filter(
        (line) => line.msg === 'graphql request' && String(line.requestId).startsWith(prefix),
      );
    expect(lines).toHaveLength(count);
    return new Set(lines.map((line) => line.pid as number));
  });
}

/** The primary's log line with this message whose fields include `fields`. */
function primaryLine(
  gateway: GatewayProcess,
  msg: string,
  fields: Record<string, unknown> = {},
): Record<string, unknown> {
  const line = gateway
    .logLines()
    .find((candidate) => candidate.msg === msg && candidate.cluster === 'primary');
  expect(line).toMatchObject(fields);
  return line!;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

it('serves from two workers on one port, replaces a killed one, and drains both on SIGTERM', async () => {
  const gateway = await startCluster();
  const primary = gateway.command.child.pid!;
  try {
    const announced = gateway.command.output().match(/gateway serving .*/g);
    expect(announced).toEqual([
      expect.stringMatching(/ at http:\/\/127\.0\.0\.1:\d+\/graphql with 2 workers$/),
    ]);

    await askDana(gateway, 'spread', 40);
    const workers = await servedBy(gateway, 'spread-', 40);
    expect(workers.size).toBe(2);
    expect(workers.has(primary)).toBe(false);

    const [victim, survivor] = [...workers] as [number, number];
    process.kill(victim, 'SIGKILL');
    const replacement = await eventually(async () => {
      primaryLine(gateway, 'gateway worker died; replacing it', {
        workerPid: victim,
        signal: 'SIGKILL',
      });
      return primaryLine(gateway, 'gateway worker replaced', { replacedPid: victim })
        .workerPid as number;
      // "replaced" is logged once the new worker listens: a whole gateway start, which
      // takes tens of seconds on a busy 2-core machine. How fast is not what this tests.
    }, 150_000);
    await askDana(gateway, 'after-kill', 40);
    expect(await servedBy(gateway, 'after-kill-', 40)).toEqual(new Set([survivor, replacement]));

    // Requests in flight at both workers when the primary is told to stop all complete.
    proxy.delayMs = 1000;
    const before = proxy.requests.length;
    const inFlight = Array.from({ length: 6 }, (_, i) =>
      postOnNewConnection<{ order: { id: string } | null }>(
        gateway.url,
        // Distinct variables, so no worker can share one subgraph fetch among them.
        {
          query: 'query Order($id: ID!) { order(id: $id) { id } }',
          variables: { id: `ord-x-${i}` },
        },
        `drain-${i}`,
      ),
    );
    await eventually(async () => expect(proxy.requests.length - before).toBe(6));
    gateway.command.child.kill('SIGTERM');
    for (const response of await Promise.all(inFlight)) {
      expect(response.status).toBe(200);
      expect(response.body.errors).toBeUndefined();
      expect(response.body.data).toEqual({ order: null });
    }
    expect(await servedBy(gateway, 'drain-', 6)).toEqual(new Set([survivor, replacement]));
    expect(await gateway.command.exited).toBe(0);
    expect([survivor, replacement].filter(isRunning)).toEqual([]);
  } finally {
    proxy.delayMs = 0;
    await gateway.stop();
  }
}, 300_000);

it('gives up with exit 1 when workers keep dying', async () => {
  const gateway = await startCluster();
  const killed = new Set<number>();
  try {
    // Kill every worker the primary starts, as soon as it says so.
    const killer = setInterval(() => {
      for (const line of gateway.logLines()) {
        const pid = line.msg === 'gateway worker started' ? (line.workerPid as number) : 0;
        if (pid && !killed.has(pid)) {
          killed.add(pid);
          process.kill(pid, 'SIGKILL');
        }
      }
    }, 20);
    const code = await gateway.command.exited;
    clearInterval(killer);
    expect(code).toBe(1);
    primaryLine(gateway, 'gateway workers died 5 times within 60 s; giving up', { crashes: 5 });
  } finally {
    await gateway.stop();
  }
}, 240_000);

/** Runs the bin with exactly `env` (plus PATH), without the test's REDIS_URL or CACHE. */
function runBin(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, 'serve', '--supergraph', 'schema/supergraph.graphql', '--port', '0', ...args],
      {
        cwd: ROOT,
        // Starting the bin is not what is tested: give a busy machine room.
        timeout: 120_000,
        env: {
          PATH: process.env.PATH ?? '',
          JWT_SECRET: stack.jwtSecret,
          SUBGRAPH_HMAC_SECRET: stack.secret,
          ...env,
        },
      },
      (error, _stdout, stderr) =>
        resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, stderr }),
    );
  });
}

/** The same refusal in this process (`runCli`), without the test's REDIS_URL or CACHE. */
async function refusalInProcess(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; stderr: string }> {
  const { code, stderr } = await runInProcess(
    runCli,
    ['serve', '--supergraph', 'schema/supergraph.graphql', '--port', '0', ...args],
    {
      env: {
        REDIS_URL: '',
        CACHE: '',
        GATEWAY_WORKERS: '',
        JWT_SECRET: stack.jwtSecret,
        SUBGRAPH_HMAC_SECRET: stack.secret,
        ...env,
      },
    },
  );
  return { code, stderr };
}

it('refuses several workers whose caches could not be shared, saying why and how to fix it', async () => {
  // One through the bin, as an operator meets it; the others in this process, where the
  // same decision is made before anything loads.
  const unshared = await runBin(['--workers', '2'], {});
  const fromEnv = await refusalInProcess([], { GATEWAY_WORKERS: '2' });
  const memory = await refusalInProcess(['--workers', '2'], {
    CACHE: 'memory',
    REDIS_URL: 'redis://127.0.0.1:6379',
  });
  const nonsense = await refusalInProcess(['--workers', 'many'], { CACHE: 'off' });
  expect(unshared.code).toBe(2);
  expect(unshared.stderr).toContain(
    'in-memory caches cannot be shared across workers: a change through one worker would leave the others serving stale data',
  );
  expect(unshared.stderr).toMatch(/Set REDIS_URL .* or set CACHE=off/);
  expect(fromEnv.code).toBe(2);
  expect(fromEnv.stderr).toContain('2 workers need REDIS_URL');
  expect(memory.code).toBe(2);
  expect(memory.stderr).toContain('2 workers with CACHE=memory');
  expect(nonsense.code).toBe(2);
  expect(nonsense.stderr).toContain(
    '--workers must be a whole number of at least 1 or "auto" (got "many")',
  );
}, 300_000);

const itWithRedis = process.env.REDIS_URL ? it : it.skip;

itWithRedis(
  'runs two workers over the Redis in REDIS_URL',
  async () => {
    const gateway = await startCluster({ REDIS_URL: process.env.REDIS_URL!, CACHE: 'auto' });
    try {
      await askDana(gateway, 'redis', 20);
      expect((await servedBy(gateway, 'redis-', 20)).size).toBe(2);
      gateway.command.child.kill('SIGTERM');
      expect(await gateway.command.exited).toBe(0);
    } finally {
      await gateway.stop();
    }
  },
  240_000,
);
