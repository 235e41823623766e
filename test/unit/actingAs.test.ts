import { actingAs, withActor } from '../../subgraphs/shared/actingAs';

const agent = { sub: 'agt-care-jordan', role: 'agent' as const, team: 'care', scopes: [] };

describe('who a change is recorded as', () => {
  it('records agents and supervisors as themselves, whatever the input says', () => {
    expect(actingAs(agent, undefined)).toBe('agt-care-jordan');
    expect(actingAs(agent, 'agt-care-jordan')).toBe('agt-care-jordan');
    expect(actingAs({ ...agent, role: 'supervisor' }, null)).toBe('agt-care-jordan');
  });

  it('refuses an agent naming someone else as the actor', () => {
    expect(() => actingAs(agent, 'agt-sales-morgan')).toThrow(
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'FORBIDDEN' }) }),
    );
  });

  it('records customers as customer, and lets only a service name the actor', () => {
    expect(actingAs({ sub: 'cus-1', role: 'customer', scopes: [] }, 'agt-care-jordan')).toBe(
      'customer',
    );
    const service = { sub: 'batch-job', role: 'service' as const, scopes: [] };
    expect(actingAs(service, 'agt-care-jordan')).toBe('agt-care-jordan');
    expect(actingAs(service, undefined)).toBe('system');
    expect(withActor({ body: 'x', actor: undefined }, service, null)).toEqual({ body: 'x' });
    expect(withActor({ body: 'x', actor: 'agt-care-jordan' }, agent)).toEqual({
      body: 'x',
      actor: 'agt-care-jordan',
    });
  });
});
