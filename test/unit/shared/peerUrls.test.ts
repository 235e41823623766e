import { ConfigError, loadSubgraphConfig } from '../../../subgraphs/shared/config';
import { peerUrlsFrom } from '../../../subgraphs/shared/peerUrls';

const SECRET = 'x'.repeat(32);

describe('SUBGRAPH_URLS: where a subgraph started alone asks about ids others own', () => {
  it('reads name=url pairs, and a subgraph not listed has no URL', () => {
    const config = loadSubgraphConfig('orders', 4002, {
      SUBGRAPH_HMAC_SECRET: SECRET,
      SUBGRAPH_URLS: 'crm=http://crm:4001/graphql, support=http://support:4004/graphql',
    });
    const peerUrl = peerUrlsFrom(config.peerUrls);
    expect(peerUrl('crm')).toBe('http://crm:4001/graphql');
    expect(peerUrl('support')).toBe('http://support:4004/graphql');
    expect(peerUrl('provisioning')).toBeNull();
    expect(peerUrl('toString')).toBeNull();
  });

  it('defaults to none', () => {
    const config = loadSubgraphConfig('orders', 4002, { SUBGRAPH_HMAC_SECRET: SECRET });
    expect(config.peerUrls).toEqual({});
  });

  it('refuses an entry that is not name=url, naming the variable and the entry', () => {
    const load = () =>
      loadSubgraphConfig('orders', 4002, {
        SUBGRAPH_HMAC_SECRET: SECRET,
        SUBGRAPH_URLS: 'crm=http://crm:4001/graphql,crm4001',
      });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(/SUBGRAPH_URLS=.*not name=url: "crm4001"/);
  });
});
