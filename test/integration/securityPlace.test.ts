import type { Claims } from '../../lib/claims';
import { OFFERING, PERSONA, PERSONA_ORDER, PERSONA_PLACE } from '../../subgraphs/shared/seedIds';
import { startTestStack, type TestStack } from '../harness/startTestStack';
import type { GraphQLResponse } from '../harness/startTestSubgraphs';
import { oneEngine } from '../harness/testDatabase';

const DANA: Claims = { sub: PERSONA.dana, role: 'customer', scopes: [] };
const MORGAN: Claims = { sub: 'agt-sales-morgan', role: 'agent', team: 'sales', scopes: [] };
/** An agent who reads nothing else in this file, so the access log rows are hers alone. */
const RILEY: Claims = { sub: 'agt-care-riley', role: 'agent', team: 'care', scopes: [] };
/** Sam's home as crm seeds it: none of it may reach anyone but Sam and staff. */
const SAM_HOME = ['21 Brick Lane', 'London', 'E1 6PU'];

const PLACE = /* GraphQL */ `
  query Place($id: ID!) {
    place(id: $id) {
      id
      line1
      city
      postcode
    }
  }
`;
const ENTITIES = /* GraphQL */ `
  query ($representations: [_Any!]!) {
    _entities(representations: $representations) {
      ... on Place {
        id
        line1
      }
    }
  }
`;

interface PlaceAnswer {
  place: { id: string; line1: string; city: string; postcode: string } | null;
}

describe.each(oneEngine())('a place is read only by its customers and staff, on %s', (engine) => {
  let stack: TestStack;
  let dana: string;
  let riley: string;
  beforeAll(async () => {
    stack = await startTestStack({ engine, seedCustomers: 5 });
    dana = `Bearer ${await stack.tokenFor(DANA)}`;
    riley = `Bearer ${await stack.tokenFor(RILEY)}`;
  });
  afterAll(() => stack.stop());

  const asCaller = (authorization: string, id: string): Promise<GraphQLResponse<PlaceAnswer>> =>
    stack.gatewayQuery<PlaceAnswer>(PLACE, { id }, { authorization });

  it('an anonymous request gets no address, for a generated id or a persona’s', async () => {
    for (const id of ['plc-000001', PERSONA_PLACE.sam]) {
      const response = await asCaller('', id);
      expect(response.data?.place ?? null).toBeNull();
      expect(JSON.stringify(response)).not.toMatch(/Market St|Brick Lane|Springfield|London/);
    }
  });

  it('Dana reads her own home but gets null for Sam’s and for an unknown id alike', async () => {
    const own = await asCaller(dana, PERSONA_PLACE.danaNewHome);
    expect(own.errors).toBeUndefined();
    expect(own.data?.place?.id).toBe(PERSONA_PLACE.danaNewHome);

    const sams = await asCaller(dana, PERSONA_PLACE.sam);
    const unknown = await asCaller(dana, 'plc-no-such-place');
    expect(sams).toEqual(unknown);
    expect(sams.data?.place).toBeNull();
    for (const text of SAM_HOME) expect(JSON.stringify(sams)).not.toContain(text);
  });

  it('an entity reference to Sam’s place (as other subgraphs make) gives Dana null', async () => {
    const representations = [{ __typename: 'Place', id: PERSONA_PLACE.sam }];
    const asDana = await stack.query('crm', ENTITIES, { representations }, DANA);
    expect(asDana.data).toEqual({ _entities: [null] });
    const asMorgan = await stack.query('crm', ENTITIES, { representations }, MORGAN);
    expect(asMorgan.data).toEqual({
      _entities: [{ id: PERSONA_PLACE.sam, line1: '21 Brick Lane' }],
    });
  });

  it('Dana still sees the place of her own order through the gateway', async () => {
    const response = await stack.gatewayQuery<{ order: { place: { id: string } | null } }>(
      `query ($id: ID!) { order(id: $id) { place { id line1 } } }`,
      { id: PERSONA_ORDER.danaMove },
      { authorization: dana },
    );
    expect(response.errors).toBeUndefined();
    expect(response.data?.order.place?.id).toMatch(/^plc-dana-/);
  });

  it('an agent reads Sam’s place, and the read is on record under Sam', async () => {
    const before = await stack.database.db.query(
      `SELECT 1 FROM crm.customer_access WHERE agent_id = $1 AND customer_id = $2`,
      [RILEY.sub, PERSONA.sam],
    );
    expect(before).toHaveLength(0);
    const response = await asCaller(riley, PERSONA_PLACE.sam);
    expect(response.data?.place).toMatchObject({ id: PERSONA_PLACE.sam, line1: '21 Brick Lane' });
    const rows = await stack.database.db.query<{ operation_name: string | null }>(
      `SELECT operation_name FROM crm.customer_access WHERE agent_id = $1 AND customer_id = $2`,
      [RILEY.sub, PERSONA.sam],
    );
    expect(rows).toEqual([{ operation_name: 'Place' }]);
  });

  it('a home shared by two customers is read, and ordered to, by both; still not by Dana', async () => {
    // Priya moves in with Sam: crm links his home to her too.
    await stack.database.db.query(
      `INSERT INTO crm.customer_place (customer_id, place_id, position) VALUES ($1, $2, 5)`,
      [PERSONA.priya, PERSONA_PLACE.sam],
    );
    const priya = `Bearer ${await stack.tokenFor({ sub: PERSONA.priya, role: 'customer', scopes: [] })}`;
    expect((await asCaller(priya, PERSONA_PLACE.sam)).data?.place?.line1).toBe('21 Brick Lane');
    expect((await asCaller(dana, PERSONA_PLACE.sam)).data?.place).toBeNull();

    const order = (customerId: string, authorization: string) =>
      stack.gatewayQuery<{ placeOrder: { place: { id: string } | null } }>(
        /* GraphQL */ `
          mutation ($input: PlaceOrderInput!) {
            placeOrder(input: $input) {
              place {
                id
              }
            }
          }
        `,
        {
          input: {
            idempotencyKey: `shared-home-${customerId}`,
            customerId,
            channel: 'WEBSITE',
            placeId: PERSONA_PLACE.sam,
            items: [
              {
                offeringId: OFFERING.internet300,
                quantity: 1,
                deliveryMethod: 'TECHNICIAN_INSTALL',
              },
            ],
          },
        },
        { authorization },
      );
    const priyas = await order(PERSONA.priya, priya);
    expect(priyas.errors).toBeUndefined();
    expect(priyas.data?.placeOrder.place?.id).toBe(PERSONA_PLACE.sam);
    const danas = await order(PERSONA.dana, dana);
    expect(danas.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
