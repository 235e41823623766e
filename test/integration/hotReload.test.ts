import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { parse as parseYaml } from 'yaml';
import { createLogger } from '../../lib/logger';
import { loadGatewayConfig } from '../../gateway/src/config';
import { createGatewayServer } from '../../gateway/src/server';
import { eventually } from '../harness/eventually';
import { ROOT } from '../harness/runCommand';
import { startGatewayFor, type ExtraGateway } from '../harness/startGatewayFor';
import { SUPERGRAPH_FILE, startTestStack, type TestStack } from '../harness/startTestStack';

/** The repository's supergraph composed again with crm's SDL changed by `edit`. */
function supergraphWithCrm(edit: (sdl: string) => string): string {
  const config = parseYaml(readFileSync(join(ROOT, 'schema', 'supergraph.yaml'), 'utf8')) as {
    subgraphs: Record<string, { routing_url: string; schema: { file: string } }>;
  };
  const services = Object.entries(config.subgraphs).map(([name, entry]) => {
    const sdl = readFileSync(join(ROOT, 'schema', entry.schema.file), 'utf8');
    return { name, url: entry.routing_url, typeDefs: parse(name === 'crm' ? edit(sdl) : sdl) };
  });
  const result = composeServices(services);
  if (!result.supergraphSdl) throw new Error(JSON.stringify(result.errors));
  return result.supergraphSdl;
}

const DISPLAY_NAME = /* GraphQL */ `
  {
    customer(id: "cus-dana-reyes") {
      displayName
    }
  }
`;
const SEGMENT = /* GraphQL */ `
  {
    customer(id: "cus-dana-reyes") {
      segment
    }
  }
`;

describe('hot reload of the supergraph', () => {
  let stack: TestStack;
  let gateway: ExtraGateway;
  let file: string;
  beforeAll(async () => {
    stack = await startTestStack({ seedCustomers: 3 });
    file = join(mkdtempSync(join(tmpdir(), 'cc-reload-')), 'supergraph.graphql');
    writeFileSync(file, readFileSync(SUPERGRAPH_FILE, 'utf8'));
    // Deadlines far from what a loaded machine takes: the test is about the swap.
    gateway = await startGatewayFor(stack, {
      env: { SUPERGRAPH_FILE: file, SUBGRAPH_TIMEOUT_MS: '15000', REQUEST_TIMEOUT_MS: '15000' },
    });
  });
  afterAll(async () => {
    await gateway.stop();
    await stack.stop();
  });

  it('swaps in a new supergraph under concurrent load without failing a request', async () => {
    const before = gateway.gateway.supergraphHash();
    expect((await gateway.post(SEGMENT)).body.errors).toBeUndefined();
    const withoutSegment = supergraphWithCrm((sdl) =>
      sdl.replace(/\n\s*segment: CustomerSegment!/, ''),
    );

    let stop = false;
    const failures: unknown[] = [];
    let sent = 0;
    let answered = 0;
    const worker = async (): Promise<void> => {
      while (!stop) {
        sent += 1;
        const { status, body } = await gateway.post(DISPLAY_NAME);
        answered += 1;
        if (status !== 200 || body.errors) failures.push({ status, errors: body.errors });
      }
    };
    const workers = Array.from({ length: 8 }, worker);
    // Load first: the swap happens while requests are being answered.
    await eventually(async () => expect(answered).toBeGreaterThanOrEqual(16), 30_000);
    writeFileSync(file, withoutSegment);
    await eventually(async () => expect(gateway.gateway.supergraphHash()).not.toBe(before));
    // Requests sent after the swap are answered too (two more rounds of every worker).
    const sentBySwap = sent;
    await eventually(async () => expect(answered).toBeGreaterThanOrEqual(sentBySwap + 16), 30_000);
    stop = true;
    await Promise.all(workers);

    expect(sent).toBeGreaterThan(20);
    expect(failures).toEqual([]);
    const after = await gateway.post(SEGMENT);
    expect(after.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const metrics = await gateway.metrics();
    expect(metrics).toContain(
      `gateway_supergraph_info{hash="${gateway.gateway.supergraphHash()}"} 1`,
    );
    expect(metrics).toMatch(/gateway_supergraph_reloads_total\{outcome="applied"\} 1/);
    const ready = (await (await fetch(`${gateway.gateway.url}/ready`)).json()) as {
      checks: Record<string, { detail?: string }>;
    };
    expect(ready.checks.supergraph?.detail).toBe(gateway.gateway.supergraphHash());
  });

  it('refuses a file that does not load, and keeps serving the last good supergraph', async () => {
    const live = gateway.gateway.supergraphHash();
    writeFileSync(file, 'type Query { nothing: String }\n');
    await eventually(async () =>
      expect(await gateway.metrics()).toMatch(
        /gateway_supergraph_reloads_total\{outcome="refused"\} 1/,
      ),
    );
    expect(gateway.gateway.supergraphHash()).toBe(live);
    const { body } = await gateway.post(DISPLAY_NAME);
    expect(body.data).toEqual({ customer: { displayName: 'Dana Reyes' } });
  });

  it('serves a supergraph composed from running subgraphs (serve --config)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cc-compose-live-'));
    const yaml = join(dir, 'supergraph.yaml');
    writeFileSync(
      yaml,
      `subgraphs:\n${Object.values(stack.subgraphs)
        .map(
          (s) =>
            `  ${s.name}:\n    routing_url: ${s.graphqlUrl}\n    schema:\n      subgraph_url: ${s.graphqlUrl}\n`,
        )
        .join('')}`,
    );
    const config = loadGatewayConfig(
      {
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'silent',
        JWT_SECRET: stack.jwtSecret,
        SUBGRAPH_HMAC_SECRET: stack.secret,
        // Far from a loaded machine's pace: the test is about the reload.
        SUBGRAPH_TIMEOUT_MS: '15000',
        REQUEST_TIMEOUT_MS: '15000',
      },
      { supergraphConfig: { path: yaml, pollIntervalMs: 500 } },
    );
    const composed = await createGatewayServer(config, {
      logger: createLogger({ name: 't', level: 'silent' }),
    }).listen();
    try {
      const token = await stack.tokenFor({ sub: 'agt-x', role: 'agent', team: 'care', scopes: [] });
      const response = await fetch(`${composed.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: DISPLAY_NAME }),
      });
      expect(await response.json()).toMatchObject({
        data: { customer: { displayName: 'Dana Reyes' } },
      });
      expect(composed.supergraphHash()).toMatch(/^[0-9a-f]{16}$/);
    } finally {
      await composed.stop();
    }
  });

  it('keeps serving when a recomposition (serve --config) does not compose', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cc-compose-broken-'));
    const config = parseYaml(readFileSync(join(ROOT, 'schema', 'supergraph.yaml'), 'utf8')) as {
      subgraphs: Record<string, { schema: { file: string } }>;
    };
    const lines = ['subgraphs:'];
    for (const [name, entry] of Object.entries(config.subgraphs)) {
      writeFileSync(
        join(dir, `${name}.graphql`),
        readFileSync(join(ROOT, 'schema', entry.schema.file), 'utf8'),
      );
      const url = stack.subgraphs[name]?.graphqlUrl ?? `http://127.0.0.1:9/${name}`;
      lines.push(
        `  ${name}:`,
        `    routing_url: ${url}`,
        '    schema:',
        `      file: ${name}.graphql`,
      );
    }
    const yaml = join(dir, 'supergraph.yaml');
    writeFileSync(yaml, `${lines.join('\n')}\n`);
    const gatewayConfig = loadGatewayConfig(
      {
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'silent',
        JWT_SECRET: stack.jwtSecret,
        SUBGRAPH_HMAC_SECRET: stack.secret,
        // Far from a loaded machine's pace: the test is about the reload.
        SUBGRAPH_TIMEOUT_MS: '15000',
        REQUEST_TIMEOUT_MS: '15000',
      },
      { supergraphConfig: { path: yaml, pollIntervalMs: 200 } },
    );
    const server = createGatewayServer(gatewayConfig, {
      logger: createLogger({ name: 't', level: 'silent' }),
      subgraphUrls: Object.fromEntries(
        Object.values(stack.subgraphs).map((s) => [s.name, s.graphqlUrl]),
      ),
    });
    const served = await server.listen();
    try {
      const live = served.supergraphHash();
      // crm's SDL now disagrees with orders about Customer.id: it cannot compose.
      const crmFile = join(dir, 'crm.graphql');
      writeFileSync(
        crmFile,
        readFileSync(crmFile, 'utf8').replace(
          'type Customer @key(fields: "id") @authenticated {\n  "Stable internal id, e.g. `cus-dana-reyes`."\n  id: ID!',
          'type Customer @key(fields: "id") @authenticated {\n  "Stable internal id, e.g. `cus-dana-reyes`."\n  id: Int!',
        ),
      );
      expect(readFileSync(crmFile, 'utf8')).toContain('id: Int!');
      await eventually(async () =>
        expect(await server.metrics.metrics()).toMatch(
          /gateway_supergraph_reloads_total\{outcome="refused"\} [1-9]/,
        ),
      );
      expect(served.supergraphHash()).toBe(live);
      const token = await stack.tokenFor({ sub: 'agt-x', role: 'agent', team: 'care', scopes: [] });
      const response = await fetch(`${served.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: DISPLAY_NAME }),
      });
      expect(await response.json()).toMatchObject({
        data: { customer: { displayName: 'Dana Reyes' } },
      });
    } finally {
      await served.stop();
    }
  });
});
