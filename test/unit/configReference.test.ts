import { readFileSync } from 'node:fs';
import { CONFIG_DOC, renderConfigReference } from '../../scripts/configReference';

describe('docs/configuration.md', () => {
  const current = readFileSync(CONFIG_DOC, 'utf8');
  const { page, undescribed } = renderConfigReference(current);

  it('describes every option of the gateway and subgraph schemas', () => {
    expect(undescribed).toEqual([]);
  });

  it('is what the schemas generate (run `npm run docs:config` after changing one)', () => {
    expect(current).toBe(page);
  });

  it('lists options by the variable a deployment sets, with their defaults', () => {
    expect(page).toMatch(/\| `MAX_QUERY_DEPTH` \| integer 1–1000 \| `15` \|/);
    expect(page).toMatch(/\| `<NAME>_PORT` \| integer 0–65535 \|/);
    expect(page).toMatch(/\| `CACHE` \| `auto`, `redis`, `memory`, `off` \| `auto` \|/);
  });
});
