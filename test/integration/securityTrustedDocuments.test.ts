import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CUSTOMER_CONTEXT } from '../harness/customerContext';
import { postToGateway, statementCounts } from '../harness/postToGateway';
import { ROOT } from '../harness/runCommand';
import { startTestStack, type TestStack } from '../harness/startTestStack';

const MANIFEST = join(ROOT, 'schema', 'trusted-documents.json');
const VARIABLES = { kind: 'PHONE', value: '(415) 555-0134' };

/** The manifest hash of the registered CustomerContext operation. */
function customerContextHash(): string {
  const { documents } = JSON.parse(readFileSync(MANIFEST, 'utf8')) as {
    documents: Record<string, string>;
  };
  const entry = Object.entries(documents).find(([, text]) =>
    text.includes('query CustomerContext'),
  );
  if (!entry) throw new Error('CustomerContext is not in schema/trusted-documents.json');
  return entry[0];
}

let stack: TestStack;
let token: string;
beforeAll(async () => {
  stack = await startTestStack({
    seedCustomers: 5,
    gatewayEnv: { TRUSTED_DOCUMENTS: 'require', TRUSTED_DOCUMENTS_FILE: MANIFEST },
  });
  token = await stack.tokenFor({
    sub: 'agt-care-jordan',
    role: 'agent',
    team: 'care',
    scopes: ['pii:read'],
  });
});
afterAll(() => stack.stop());

const post = (body: unknown) =>
  postToGateway<{ customer: { id: string; displayName: string } | null }>(stack.gateway.url, body, {
    authorization: `Bearer ${token}`,
  });

describe('TRUSTED_DOCUMENTS=require', () => {
  it('runs the registered CustomerContext sent as its full text', async () => {
    const response = await post({ query: CUSTOMER_CONTEXT, variables: VARIABLES });
    expect(response.status).toBe(200);
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data?.customer).toMatchObject({
      id: 'cus-dana-reyes',
      displayName: 'Dana Reyes',
    });
  });

  it('runs it by documentId "sha256:<hash>" alone', async () => {
    const response = await post({
      documentId: `sha256:${customerContextHash()}`,
      operationName: 'CustomerContext',
      variables: VARIABLES,
    });
    expect(response.status).toBe(200);
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data?.customer?.displayName).toBe('Dana Reyes');
  });

  it.each([
    ['an ad-hoc query', { query: '{ customer(id: "cus-dana-reyes") { displayName } }' }],
    [
      'the registered text with one field added',
      {
        query: CUSTOMER_CONTEXT.replace('displayName', 'displayName\n    status'),
        variables: VARIABLES,
      },
    ],
    ['an unregistered documentId', { documentId: `sha256:${'0'.repeat(64)}` }],
  ])('refuses %s: HTTP 400 TRUSTED_DOCUMENT_REQUIRED, no subgraph called', async (_name, body) => {
    const before = await statementCounts(stack);
    const response = await post(body);
    expect(response.status).toBe(400);
    expect(response.body.data ?? null).toBeNull();
    expect(response.body.errors?.[0]?.extensions?.code).toBe('TRUSTED_DOCUMENT_REQUIRED');
    expect(await statementCounts(stack)).toEqual(before);
  });
});
