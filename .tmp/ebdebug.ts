import { startTestStack } from '../test/harness/startTestStack';
import { generatedPhone } from '../bench/workloads';
const QUERY = /* GraphQL */ `
  query Batched($value: String!) {
    customerByIdentifier(kind: PHONE, value: $value) {
      id
      displayName
      orders(first: 5) {
        edges {
          node {
            id
            status
            items {
              quantity
              offering {
                id
                name
                tier
              }
            }
            fulfilment {
              id
              status
            }
          }
        }
      }
      services {
        id
        status
        offering {
          id
          name
        }
        equipment {
          kind
          model
        }
      }
      appointments(upcoming: true) {
        id
        status
        technician {
          id
          name
        }
      }
      cases(openOnly: true) {
        id
        title
        order {
          id
          status
        }
      }
    }
  }
`;
(async () => {
  const stack = await startTestStack({ seedCustomers: 8 });
  const phones = Array.from({ length: 8 }, (_, i) => generatedPhone(i + 1));
  const dump = async (label: string) => {
    const text = await (await fetch(`${stack.gateway.url}/metrics`)).text();
    console.log(label, text.split('\n').filter((l) => /^gateway_(cache|subgraph_entity_batch_fetches_(sum|count)|subgraph_requests_total)/.test(l) && !l.endsWith(' 0')).join('\n'));
  };
  for (const p of phones) await stack.gatewayQuery(QUERY, { value: p });
  await dump('AFTER ALONE');
  await Promise.all(phones.map((p) => stack.gatewayQuery(QUERY, { value: p })));
  await dump('AFTER TOGETHER');
  await stack.stop();
})();
