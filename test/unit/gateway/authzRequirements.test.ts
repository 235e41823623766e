import { composeServices } from '@apollo/composition';
import { ApolloGateway } from '@apollo/gateway';
import { parse } from 'graphql';
import { createLogger } from '../../../lib/logger';
import { readAuthRequirements } from '../../../gateway/src/authz/readAuthRequirements';
import { stripSecurityLinks } from '../../../gateway/src/authz/stripSecurityLinks';
import { ACCOUNTS_SDL, BILLING_SDL } from '../../fixtures/authzSubgraphs';

const supergraphSdl = composeServices([
  { name: 'accounts', url: 'http://accounts.invalid/graphql', typeDefs: parse(ACCOUNTS_SDL) },
  { name: 'billing', url: 'http://billing.invalid/graphql', typeDefs: parse(BILLING_SDL) },
]).supergraphSdl!;

describe('stripSecurityLinks', () => {
  it('removes for: SECURITY from the three authorization links only', () => {
    const stripped = stripSecurityLinks(supergraphSdl);
    expect(supergraphSdl).toMatch(/authenticated\/v0\.1", for: SECURITY/);
    expect(stripped).not.toMatch(/SECURITY\)|SECURITY,/);
    expect(stripped).toContain('@link(url: "https://specs.apollo.dev/authenticated/v0.1")');
    expect(stripped).toContain(
      '@link(url: "https://specs.apollo.dev/requiresScopes/v0.1", import: [{name: "@requiresScopes", as: "@scoped"}])',
    );
    expect(stripped).toContain('@link(url: "https://specs.apollo.dev/join/v0.4", for: EXECUTION)');
    expect(stripped.length).toBe(supergraphSdl.length - 3 * ', for: SECURITY'.length);
  });

  it('leaves an SDL ApolloGateway loads, where the original is refused', async () => {
    const logger = createLogger({ name: 'test', level: 'silent' });
    const refused = new ApolloGateway({ supergraphSdl, logger });
    await expect(refused.load()).rejects.toThrow(/for: SECURITY but is unsupported/);
    const gateway = new ApolloGateway({ supergraphSdl: stripSecurityLinks(supergraphSdl), logger });
    const { schema } = await gateway.load();
    expect(schema.getType('Account')).toBeDefined();
    await gateway.stop();
  });

  it('leaves other links and for: arguments alone', () => {
    const sdl = /* GraphQL */ `
      schema @link(url: "https://specs.apollo.dev/other/v0.1", for: SECURITY) {
        query: Query
      }
      type Query {
        a: Int
      }
    `;
    expect(stripSecurityLinks(sdl)).toBe(sdl);
  });
});

describe('readAuthRequirements', () => {
  it('reads types and fields from the composed supergraph, through an import rename', () => {
    const { types, fields } = readAuthRequirements(supergraphSdl);
    expect(Object.fromEntries(types)).toEqual({ Vault: { authenticated: true } });
    expect(Object.fromEntries(fields)).toEqual({
      'Query.me': { authenticated: true },
      'Account.email': { authenticated: false, scopes: [['pii:read'], ['admin']] },
      'Account.ssn': { authenticated: false, scopes: [['pii:read', 'ssn:read']] },
      'Account.note': { authenticated: false, policies: [['staff']] },
      'Account.balance': { authenticated: true },
      'Dog.sound': { authenticated: true },
      'Invoice.amount': { authenticated: false, scopes: [['billing:read']] },
    });
  });

  it("follows a link's as: and ANDs several requirements on one element", () => {
    const sdl = /* GraphQL */ `
      schema
        @link(url: "https://specs.apollo.dev/authenticated/v0.1", as: "signedIn", for: SECURITY)
        @link(url: "https://specs.apollo.dev/requiresScopes/v0.1", for: SECURITY) {
        query: Query
      }
      type Query {
        a: Int @signedIn @requiresScopes(scopes: [["x"], ["y"]])
        b: Int @authenticated
      }
      extend type Query @requiresScopes(scopes: [["z"]])
    `;
    const { types, fields } = readAuthRequirements(sdl);
    expect(fields.get('Query.a')).toEqual({ authenticated: true, scopes: [['x'], ['y']] });
    expect(fields.has('Query.b')).toBe(false);
    expect(types.get('Query')).toEqual({ authenticated: false, scopes: [['z']] });
  });

  it('finds nothing in a supergraph without the specs', () => {
    const { types, fields } = readAuthRequirements('type Query { a: Int @authenticated }');
    expect(types.size + fields.size).toBe(0);
  });
});
