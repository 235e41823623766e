import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { INVENTORY_SDL, startInventorySubgraph } from '../fixtures/inventorySubgraph';
import { runCli } from '../../gateway/src/cli';
import { ROOT, startCommand } from '../harness/runCommand';
import { runInProcess } from '../harness/runInProcess';

/** The gateway refuses to start without its secrets. */
const SECRETS = {
  JWT_SECRET: 'x'.repeat(48),
  SUBGRAPH_HMAC_SECRET: 'y'.repeat(40),
};

describe('customer-context-gateway serve', () => {
  it('serves a supergraph from another domain, found only through its join__Graph', async () => {
    const inventory = await startInventorySubgraph();
    try {
      const composed = composeServices([
        { name: 'inventory', url: inventory.url, typeDefs: parse(INVENTORY_SDL) },
      ]);
      expect(composed.errors).toBeUndefined();
      const dir = mkdtempSync(join(tmpdir(), 'cc-any-'));
      const file = join(dir, 'inventory.graphql');
      writeFileSync(file, composed.supergraphSdl!);

      const gateway = startCommand(
        join(ROOT, 'bin', 'customer-context-gateway.js'),
        ['serve', '--supergraph', file, '--port', '0'],
        { env: { LOG_LEVEL: 'silent', HOST: '127.0.0.1', ...SECRETS } },
      );
      try {
        const [, url] = await gateway.waitFor(/at (http:\/\/\S+\/graphql)/);
        const response = await fetch(url!, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: '{ topProducts(first: 3) { upc name inStock } }' }),
        });
        const body = (await response.json()) as { data: unknown; extensions: unknown };
        // The gateway reports its cost estimate on every response (demand control).
        expect(body.extensions).toEqual({ cost: { estimated: 10, limit: 5000 } });
        expect({ data: body.data }).toEqual({
          data: {
            topProducts: [
              { upc: 'p-1', name: 'Kettle', inStock: 3 },
              { upc: 'p-2', name: 'Toaster', inStock: 0 },
              { upc: 'p-3', name: 'Blender', inStock: 7 },
            ],
          },
        });
        const ready = await fetch(url!.replace('/graphql', '/ready'));
        expect(ready.status).toBe(200);
        expect(await ready.json()).toEqual({
          status: 'ready',
          checks: {
            supergraph: { ok: true, detail: expect.stringMatching(/^[0-9a-f]{16}$/) },
            // The cache never makes the gateway unready; it says which store is in use.
            cache: { ok: true, detail: expect.any(String) as string },
            'subgraph:inventory': { ok: true },
          },
        });
      } finally {
        gateway.child.kill('SIGTERM');
        expect(await gateway.exited).toBe(0);
      }
    } finally {
      await inventory.stop();
    }
  });

  it('refuses a file that is not a supergraph, saying why', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cc-any-'));
    const file = join(dir, 'plain.graphql');
    writeFileSync(file, 'type Query { hello: String }\n');
    // In this process: the bin's way of printing a start-up error is tested by portInUse.
    await expect(
      runInProcess(runCli, ['serve', '--supergraph', file, '--port', '0'], {
        env: { LOG_LEVEL: 'silent', ...SECRETS },
      }),
    ).rejects.toThrow(/not a Federation 2 supergraph/);
  });
});
