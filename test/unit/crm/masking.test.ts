import { crmSubgraph } from '../../../subgraphs/crm/src';
import { maskContactValue } from '../../../subgraphs/crm/src/modules/customers/maskContactValue';
import { startTestSubgraphs, type TestSubgraphs } from '../../harness/startTestSubgraphs';

const CONTACTS = /* GraphQL */ `
  {
    customer(id: "cus-dana-reyes") {
      contactPoints {
        kind
        value
        masked
      }
    }
  }
`;

describe('contact values are masked without pii:read', () => {
  let stack: TestSubgraphs;
  beforeAll(async () => {
    stack = await startTestSubgraphs([crmSubgraph], { seedCustomers: 0 });
  });
  afterAll(() => stack.stop());

  it('masks phones, emails and handles so they cannot be used, but can be confirmed', () => {
    expect(maskContactValue('PHONE', '+14155550134')).toBe('+1••••••••34');
    expect(maskContactValue('PHONE', '+442079460321')).toBe('+44••••••••21');
    expect(maskContactValue('EMAIL', 'dana.reyes@example.com')).toBe('d•••@example.com');
    expect(maskContactValue('SOCIAL', 'dana_reyes')).toBe('da•••');
  });

  it('shows an agent without pii:read masked values, and one with it the real ones', async () => {
    const agent = { sub: 'agt-x', role: 'agent' as const, team: 'care', scopes: [] };
    const masked = await stack.query<{
      customer: { contactPoints: { kind: string; value: string; masked: boolean }[] };
    }>('crm', CONTACTS, {}, agent);
    const values = masked.data!.customer.contactPoints;
    expect(values.every((point) => point.masked)).toBe(true);
    expect(JSON.stringify(values)).not.toMatch(/5550134|dana\.reyes|dana_reyes/);

    const full = await stack.query<{
      customer: { contactPoints: { value: string; masked: boolean }[] };
    }>(
      'crm',
      CONTACTS,
      {},
      {
        ...agent,
        scopes: ['pii:read'],
      },
    );
    expect(full.data!.customer.contactPoints.map((p) => p.value)).toContain('+14155550134');
    expect(full.data!.customer.contactPoints.every((p) => !p.masked)).toBe(true);
  });

  it('shows customers their own values in full', async () => {
    const dana = { sub: 'cus-dana-reyes', role: 'customer' as const, scopes: [] };
    const own = await stack.query<{
      customer: { contactPoints: { value: string; masked: boolean }[] };
    }>('crm', CONTACTS, {}, dana);
    expect(own.data!.customer.contactPoints.map((p) => p.value)).toContain(
      'dana.reyes@example.com',
    );
  });
});
