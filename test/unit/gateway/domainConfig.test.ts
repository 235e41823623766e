import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { claimsFromPayload } from '../../../gateway/src/auth/claimsFromPayload';
import { changeOfEvent } from '../../../gateway/src/changes/changeOfEvent';
import { loadGatewayConfig } from '../../../gateway/src/config';
import {
  domainFromFile,
  GENERIC_DOMAIN,
  readDomainConfig,
} from '../../../gateway/src/domain/domainConfig';
import { liveFieldsOf } from '../../../gateway/src/domain/liveFieldsOf';

const INVENTORY = {
  claims: { roles: ['clerk', 'auditor'], teamClaim: 'store', teamRoles: ['clerk'] },
  live: [
    {
      subscriptionField: 'stockLevel',
      queryField: 'product',
      argument: 'upc',
      tag: 'Product:{value}',
      followsTagPrefixes: ['shelf:'],
    },
  ],
  events: { requiredFields: ['warehouseId'], tags: ['warehouse:{warehouseId}', 'Product:{upc}'] },
};

function fileWith(content: unknown): string {
  const file = join(mkdtempSync(join(tmpdir(), 'cc-domain-')), 'domain.json');
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

describe('the domain comes from configuration', () => {
  it('maps claims by the configured roles and team claim, and refuses other roles', () => {
    const { claims } = domainFromFile(fileWith(INVENTORY));
    expect(claimsFromPayload({ sub: 'u1', role: 'clerk', store: 's-9' }, claims)).toEqual({
      sub: 'u1',
      role: 'clerk',
      team: 's-9',
      scopes: [],
    });
    // The team is kept for the roles listed only.
    expect(claimsFromPayload({ sub: 'u2', role: 'auditor', store: 's-9' }, claims)).toEqual({
      sub: 'u2',
      role: 'auditor',
      scopes: [],
    });
    expect(() => claimsFromPayload({ sub: 'u3', role: 'customer' }, claims)).toThrow(
      'unknown role',
    );
    expect(() => claimsFromPayload({ sub: 'u3', role: 'agent' }, claims)).toThrow('unknown role');
    // This repository's own file still refuses an inventory role.
    const ours = domainFromFile('schema/domain.json').claims;
    expect(() => claimsFromPayload({ sub: 'u1', role: 'clerk' }, ours)).toThrow('unknown role');
    // With no domain file: any non-empty role, never a missing one.
    expect(claimsFromPayload({ sub: 'u1', role: 'clerk' }, GENERIC_DOMAIN.claims).role).toBe(
      'clerk',
    );
    expect(() => claimsFromPayload({ sub: 'u1', role: '' }, GENERIC_DOMAIN.claims)).toThrow();
  });

  it('reads the tags of an event by the configured shape', () => {
    const { events } = domainFromFile(fileWith(INVENTORY));
    const event = { id: 'e1', type: 'stock.moved', warehouseId: 'w-1', upc: 'p-1' };
    expect(changeOfEvent(event, 5, events)).toEqual({
      change: { tags: ['warehouse:w-1', 'Product:p-1'], publishedAt: 5, eventType: 'stock.moved' },
    });
    // A template whose field is missing is skipped; a required field missing is no event.
    expect(changeOfEvent({ ...event, upc: undefined }, 5, events)).toMatchObject({
      change: { tags: ['warehouse:w-1'] },
    });
    expect(changeOfEvent({ id: 'e2', type: 'stock.moved', upc: 'p-1' }, 5, events)).toEqual({
      skipped: 'not an event',
    });
    // An explicit list wins, and an empty one evicts nothing.
    expect(
      changeOfEvent({ ...event, payload: { invalidates: ['Product:p-2'] } }, 5, events),
    ).toMatchObject({ change: { tags: ['Product:p-2'] } });
    expect(changeOfEvent({ ...event, payload: { invalidates: [] } }, 5, events)).toEqual({
      skipped: 'evicts nothing',
    });
    // The generic shape knows no customer: it evicts the subject only.
    const generic = { id: 'e3', type: 'x', customerId: 'c-1', subject: { typename: 'T', id: '1' } };
    expect(changeOfEvent(generic, 1, GENERIC_DOMAIN.events)).toMatchObject({
      change: { tags: ['T:1'] },
    });
  });

  it('turns live fields into tag and follow functions', () => {
    const [field] = liveFieldsOf(domainFromFile(fileWith(INVENTORY)));
    expect(field?.tag('p-1')).toBe('Product:p-1');
    expect(field?.follows?.('shelf:a')).toBe(true);
    expect(field?.follows?.('Product:p-1')).toBe(false);
  });

  it('reports every problem of a bad domain file at once, naming the field', () => {
    const problems: string[] = [];
    readDomainConfig(
      fileWith({
        claims: { roles: [] },
        live: [{ subscriptionField: 'bad name', queryField: 'q', argument: 'id', tag: 'x' }],
        extra: true,
      }),
      problems,
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining('claims.roles'),
        expect.stringContaining('live.0.subscriptionField'),
        expect.stringContaining('live.0.tag'),
        expect.stringContaining('extra'),
      ]),
    );
    const notJson: string[] = [];
    readDomainConfig(fileWith('{ not json'), notJson);
    expect(notJson).toHaveLength(1);
    expect(() =>
      loadGatewayConfig({
        JWT_SECRET: 'x'.repeat(48),
        SUBGRAPH_HMAC_SECRET: 'y'.repeat(40),
        DOMAIN_FILE: '/nonexistent/domain.json',
      }),
    ).toThrow(/DOMAIN_FILE="\/nonexistent\/domain.json": no such file/);
  });
});
