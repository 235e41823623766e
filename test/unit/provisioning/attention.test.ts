import { provisioningSubgraph } from '../../../subgraphs/provisioning/src';
import {
  PERSONA,
  PERSONA_PROVISIONING as P,
  generatedCustomerId,
} from '../../../subgraphs/shared/seedIds';
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
  provisioningAttention: Flag[];
  activeServiceOfferingIds: string[];
}

const ATTENTION = /* GraphQL */ `
  query ($representations: [_Any!]!) {
    _entities(representations: $representations) {
      ... on Customer {
        id
        provisioningAttention {
          code
          severity
          message
          subjectType
          subjectId
        }
        activeServiceOfferingIds
      }
    }
  }
`;

describe.each(oneEngine())('provisioning attention on %s', (engine) => {
  let stack: TestSubgraphs;
  beforeAll(async () => {
    stack = await startTestSubgraphs([provisioningSubgraph], { engine, seedCustomers: 25 });
  });
  afterAll(() => stack.stop());

  const attentionOf = async (ids: string[]): Promise<Attention[]> => {
    const representations = ids.map((id) => ({ __typename: 'Customer', id }));
    const result = await stack.query<{ _entities: Attention[] }>('provisioning', ATTENTION, {
      representations,
    });
    expect(result.errors).toBeUndefined();
    return result.data?._entities ?? [];
  };

  it("flags Dana's mis-skilled visit and her held service order", async () => {
    const [dana] = await attentionOf([PERSONA.dana]);
    const codes = dana?.provisioningAttention.map((f) => [
      f.code,
      f.severity,
      f.subjectType,
      f.subjectId,
    ]);
    expect(codes).toEqual([
      ['SKILL_MISMATCH', 'WARNING', 'Appointment', P.danaSecondVisit],
      ['ORDER_IN_JEOPARDY', 'WARNING', 'ServiceOrder', P.danaServiceOrder],
    ]);
    const [mismatch, jeopardy] = dana?.provisioningAttention ?? [];
    expect(mismatch?.message).toMatch(
      /^The visit on \d{1,2} [A-Z][a-z]{2} needs REWIRING, but Ava Kim cannot do it: assign a technician with REWIRING$/,
    );
    expect(jeopardy?.message).toMatch(
      /^The installation work is held on our side: Rewiring needed\. /,
    );
  });

  it("lists the offerings of Priya's active services, none for an unknown customer", async () => {
    const [priya, nobody] = await attentionOf([PERSONA.priya, 'cus-nobody']);
    expect(priya).toMatchObject({ activeServiceOfferingIds: ['off-internet-300'] });
    expect(priya?.provisioningAttention).toEqual([]);
    expect(nobody).toEqual({
      id: 'cus-nobody',
      provisioningAttention: [],
      activeServiceOfferingIds: [],
    });
  });

  it('answers 25 generated customers with no flags in at most one statement per table', async () => {
    const ids = Array.from({ length: 25 }, (_, i) => generatedCustomerId(i + 1));
    const before = await stack.statements('provisioning');
    const customers = await attentionOf(ids);
    expect((await stack.statements('provisioning')) - before).toBeLessThanOrEqual(3);
    expect(customers.map((c) => c.id)).toEqual(ids);
    expect(customers.flatMap((c) => c.provisioningAttention)).toEqual([]);
    expect(customers.filter((c) => c.activeServiceOfferingIds.length > 0)).not.toHaveLength(0);
  });

  it('clears SKILL_MISMATCH once the rewiring specialist is assigned', async () => {
    const assigned = await stack.query(
      'provisioning',
      /* GraphQL */ `
        mutation ($input: AssignTechnicianInput!) {
          assignTechnician(input: $input) {
            id
            technician {
              id
            }
          }
        }
      `,
      { input: { appointmentId: P.danaSecondVisit, technicianId: P.rewiringSpecialist } },
    );
    expect(assigned.errors).toBeUndefined();
    const [dana] = await attentionOf([PERSONA.dana]);
    expect(dana?.provisioningAttention.map((f) => f.code)).toEqual(['ORDER_IN_JEOPARDY']);
  });
});
