import { crmSubgraph } from '../../../subgraphs/crm/src';
import { PERSONA, generatedCustomerId } from '../../../subgraphs/shared/seedIds';
import { startTestSubgraphs, type TestSubgraphs } from '../../harness/startTestSubgraphs';
import { oneEngine } from '../../harness/testDatabase';

interface Flag {
  code: string;
  severity: string;
  message: string;
  subjectType: string;
  subjectId: string;
}
interface Attention {
  id: string;
  crmAttention: Flag[];
}

const ATTENTION = /* GraphQL */ `
  query ($representations: [_Any!]!, $at: DateTime) {
    _entities(representations: $representations) {
      ... on Customer {
        id
        crmAttention(at: $at) {
          code
          severity
          message
          subjectType
          subjectId
        }
      }
    }
  }
`;

const NO_MARKETING = {
  code: 'CONTACT_RESTRICTED',
  severity: 'INFO',
  message: 'No marketing consent: do not offer products on outbound contact',
  subjectType: 'Customer',
};

describe.each(oneEngine())('crm attention on %s', (engine) => {
  let stack: TestSubgraphs;
  beforeAll(async () => {
    stack = await startTestSubgraphs([crmSubgraph], { engine, seedCustomers: 25 });
  });
  afterAll(() => stack.stop());

  const attentionOf = async (ids: string[], at: string): Promise<(Attention | null)[]> => {
    const representations = ids.map((id) => ({ __typename: 'Customer', id }));
    const result = await stack.query<{ _entities: (Attention | null)[] }>('crm', ATTENTION, {
      representations,
      at,
    });
    expect(result.errors).toBeUndefined();
    return result.data?._entities ?? [];
  };

  it('warns not to contact Lee inside her quiet hours in Sydney', async () => {
    // 11:15 UTC on 27 Nov is 22:15 in Sydney (UTC+11 in summer).
    const [lee] = await attentionOf([PERSONA.lee], '2026-11-27T11:15:00Z');
    expect(lee?.crmAttention).toEqual([
      { ...NO_MARKETING, subjectId: PERSONA.lee },
      {
        code: 'CONTACT_RESTRICTED',
        severity: 'WARNING',
        message:
          'Quiet hours 21:00–08:00 Australia/Sydney (now 22:15 there): do not call or message',
        subjectType: 'Customer',
        subjectId: PERSONA.lee,
      },
    ]);
  });

  it("names Lee's quiet hours and preferred channel outside them", async () => {
    const [lee] = await attentionOf([PERSONA.lee], '2026-11-27T00:15:00Z');
    expect(lee?.crmAttention).toEqual([
      { ...NO_MARKETING, subjectId: PERSONA.lee },
      {
        code: 'CONTACT_RESTRICTED',
        severity: 'INFO',
        message: 'Quiet hours 21:00–08:00 Australia/Sydney (now 11:15 there); prefers SMS',
        subjectType: 'Customer',
        subjectId: PERSONA.lee,
      },
    ]);
  });

  it('flags refused or missing marketing consent only, and nothing for Dana', async () => {
    const [dana, sam, nobody] = await attentionOf(
      [PERSONA.dana, PERSONA.sam, 'cus-nobody'],
      '2026-11-27T11:15:00Z',
    );
    expect(dana?.crmAttention).toEqual([]);
    expect(sam?.crmAttention).toEqual([{ ...NO_MARKETING, subjectId: PERSONA.sam }]);
    expect(nobody).toBeNull();
  });

  it('answers 25 generated customers with at most the consent flag in two statements', async () => {
    const ids = Array.from({ length: 25 }, (_, i) => generatedCustomerId(i + 1));
    const before = await stack.statements('crm');
    const customers = await attentionOf(ids, '2026-11-27T11:15:00Z');
    // The customers themselves, then their contact rules.
    expect((await stack.statements('crm')) - before).toBe(2);
    expect(customers.map((c) => c?.id)).toEqual(ids);
    for (const customer of customers) {
      // The generated seed records no marketing decision, which counts as no consent.
      const allowed = [[], [{ ...NO_MARKETING, subjectId: customer?.id }]];
      expect(allowed).toContainEqual(customer?.crmAttention);
      expect(customer?.crmAttention.filter((f) => f.severity !== 'INFO')).toEqual([]);
    }
  });
});
