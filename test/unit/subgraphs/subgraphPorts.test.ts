import { SUBGRAPHS } from '../../../subgraphs/registry';
import { SUBGRAPH_PORTS, subgraphDefaultPort } from '../../../subgraphs/subgraphPorts';

describe('the subgraphs a start checks the ports of before loading them', () => {
  it('are the registry’s, in the same order, each on its own port', () => {
    expect(Object.keys(SUBGRAPH_PORTS)).toEqual(SUBGRAPHS.map((s) => s.name));
    const ports = Object.values(SUBGRAPH_PORTS);
    expect(new Set(ports).size).toBe(ports.length);
    expect(subgraphDefaultPort('crm')).toBe(4001);
  });

  it('refuses an unknown name, listing the known ones', () => {
    for (const name of ['nope', 'toString', '__proto__', '']) {
      expect(() => subgraphDefaultPort(name)).toThrow(
        /^unknown subgraph ".*"; known: crm, orders, provisioning, support, engagement$/,
      );
    }
  });
});
