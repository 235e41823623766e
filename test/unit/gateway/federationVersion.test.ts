import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  COMPOSITION_VERSION,
  readSupergraphConfig,
} from '../../../gateway/src/composition/readSupergraphConfig';
const ROOT = join(__dirname, '..', '..', '..');

function configWith(versionLine: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'fedver-'));
  const path = join(dir, 'supergraph.yaml');
  writeFileSync(
    path,
    `${versionLine}\nsubgraphs:\n  crm:\n    routing_url: http://localhost:4001/graphql\n    schema:\n      file: ${join(ROOT, 'subgraphs/crm/src/schema.graphql')}\n`,
  );
  return path;
}

describe('federation_version in supergraph.yaml', () => {
  it('is the composition version the project composes with', () => {
    expect(() => readSupergraphConfig(join(ROOT, 'schema/supergraph.yaml'))).not.toThrow();
    expect(COMPOSITION_VERSION).toMatch(/^2\.\d+\.\d+$/);
  });

  it('accepts our exact version and no pin at all', () => {
    expect(
      readSupergraphConfig(configWith(`federation_version: =${COMPOSITION_VERSION}`)),
    ).toHaveLength(1);
    expect(readSupergraphConfig(configWith('# no pin'))).toHaveLength(1);
  });

  it('refuses another pin, naming the version to write, instead of ignoring it', () => {
    expect(() => readSupergraphConfig(configWith('federation_version: =2.7.0'))).toThrow(
      `federation_version: "=2.7.0": this gateway composes with @apollo/composition ${COMPOSITION_VERSION}; write \`federation_version: =${COMPOSITION_VERSION}\``,
    );
    expect(() => readSupergraphConfig(configWith('federation_version: "2"'))).toThrow(
      /federation_version: "2"/,
    );
  });
});
