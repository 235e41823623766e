import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  buildTrustedDocumentManifest,
  documentHash,
  loadTrustedDocumentManifest,
  normalizeDocument,
  parseTrustedDocumentManifest,
} from '../../../gateway/src/limits/trustedDocumentManifest';
import {
  gatewayPluginTrustedDocuments,
  type TrustedDocumentsMode,
} from '../../../gateway/src/plugins/trustedDocumentsPlugin';
import { startLimitsTestGateway, type LimitsTestGateway } from './limitsSupport';

const REGISTERED = /* GraphQL */ `
  # Comments and spacing do not matter: the manifest holds the printed document.
  query Names {
    products(first: 2) {
      name
    }
  }
`;
const UNREGISTERED = /* GraphQL */ `
  query Prices {
    products(first: 2) {
      price
    }
  }
`;
const manifest = buildTrustedDocumentManifest([REGISTERED]);
const id = documentHash(normalizeDocument(REGISTERED));
const names = { products: [{ name: 'Product 1' }, { name: 'Product 2' }, { name: 'Product 3' }] };

describe('the trusted-documents manifest', () => {
  it('keys each normalised document by its SHA-256 and refuses a tampered entry', () => {
    expect(manifest.documents[id]).toBe(normalizeDocument(REGISTERED));
    expect(parseTrustedDocumentManifest(manifest)).toEqual(manifest);
    const tampered = { version: 1, documents: { [id]: UNREGISTERED } };
    expect(() => parseTrustedDocumentManifest(tampered)).toThrow(/hash does not match/);
  });

  it('is committed up to date with schema/operations', () => {
    const schemaDir = join(__dirname, '../../../schema');
    const operations = readdirSync(join(schemaDir, 'operations'))
      .filter((name) => name.endsWith('.graphql'))
      .map((name) => readFileSync(join(schemaDir, 'operations', name), 'utf8'));
    const committed = loadTrustedDocumentManifest(join(schemaDir, 'trusted-documents.json'));
    expect(committed).toEqual(buildTrustedDocumentManifest(operations));
    expect(Object.keys(committed.documents).length).toBeGreaterThan(0);
  });
});

describe.each<TrustedDocumentsMode>(['off', 'allow-registered', 'require'])('mode %s', (mode) => {
  let stack: LimitsTestGateway;
  beforeAll(async () => {
    stack = await startLimitsTestGateway(() => [gatewayPluginTrustedDocuments({ manifest, mode })]);
  });
  afterAll(() => stack.stop());

  it('runs a registered document sent as text, in any formatting', async () => {
    expect((await stack.send({ query: REGISTERED })).body.data).toEqual(names);
    expect((await stack.send({ query: normalizeDocument(REGISTERED) })).body.data).toEqual(names);
  });

  it(`${mode === 'require' ? 'refuses' : 'runs'} an unregistered document`, async () => {
    const before = stack.subgraphRequests();
    const { status, body } = await stack.send({ query: UNREGISTERED });
    if (mode !== 'require') {
      expect(body.data?.products).toHaveLength(3);
      return;
    }
    expect(status).toBe(400);
    expect(body.errors?.[0]?.extensions?.code).toBe('TRUSTED_DOCUMENT_REQUIRED');
    expect(stack.subgraphRequests()).toBe(before);
  });

  it(`${mode === 'off' ? 'ignores' : 'resolves'} a documentId (POST and GET) and an APQ hash`, async () => {
    const byId = await stack.send({ documentId: `sha256:${id}` });
    const byGet = await stack.get(`documentId=sha256%3A${id}`);
    const byApq = await stack.send({
      extensions: { persistedQuery: { version: 1, sha256Hash: id } },
    });
    if (mode === 'off') {
      expect(byId.status).toBe(400);
      expect(byApq.body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
      return;
    }
    for (const response of [byId, byGet, byApq]) expect(response.body.data).toEqual(names);
  });

  it('answers an unknown documentId without calling a subgraph', async () => {
    const before = stack.subgraphRequests();
    const { status, body } = await stack.send({ documentId: `sha256:${'0'.repeat(64)}` });
    expect(status).toBe(400);
    const expected = {
      off: 'BAD_REQUEST',
      'allow-registered': 'PERSISTED_QUERY_NOT_FOUND',
      require: 'TRUSTED_DOCUMENT_REQUIRED',
    };
    expect(body.errors?.[0]?.extensions?.code).toBe(expected[mode]);
    expect(stack.subgraphRequests()).toBe(before);
  });
});

describe('require mode with the APQ protocol', () => {
  it('never lets a client register its own document through APQ', async () => {
    const stack = await startLimitsTestGateway(() => [
      gatewayPluginTrustedDocuments({ manifest, mode: 'require' }),
    ]);
    try {
      const sha256Hash = documentHash(UNREGISTERED);
      const persistedQuery = { version: 1, sha256Hash };
      const register = await stack.send({ query: UNREGISTERED, extensions: { persistedQuery } });
      expect(register.body.errors?.[0]?.extensions?.code).toBe('TRUSTED_DOCUMENT_REQUIRED');
      const replay = await stack.send({ extensions: { persistedQuery } });
      expect(replay.body.errors?.[0]?.extensions?.code).toBe('TRUSTED_DOCUMENT_REQUIRED');
      const mismatch = await stack.send({ query: UNREGISTERED, documentId: `sha256:${id}` });
      expect(mismatch.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(stack.subgraphRequests()).toBe(0);
    } finally {
      await stack.stop();
    }
  });
});
