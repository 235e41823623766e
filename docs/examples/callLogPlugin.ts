import { appendFileSync } from 'node:fs';
import type { GatewayPlugin } from '../../gateway/src/plugins/gatewayPlugin';

/**
 * An example gateway plugin (docs/plugins.md): appends one JSON line per subgraph call
 * and per domain event to the file the operator names in `CALL_LOG_FILE`. It records
 * what was called and how it went, never a token, claims or variables.
 */
export default function callLogPlugin(): GatewayPlugin {
  const file = process.env.CALL_LOG_FILE;
  if (!file) throw new Error('callLogPlugin: set CALL_LOG_FILE to the file to append to');
  const write = (line: Record<string, unknown>): void =>
    appendFileSync(file, `${JSON.stringify({ plugin: 'call-log', ...line })}\n`);
  return {
    name: 'call-log',
    beforeSubgraphRequest: ({ subgraph, context }) =>
      write({ hook: 'beforeSubgraphRequest', subgraph, requestId: context?.requestId }),
    afterSubgraphResponse: ({ subgraph, response, durationMs }) =>
      write({
        hook: 'afterSubgraphResponse',
        subgraph,
        errors: response.errors?.length ?? 0,
        durationMs: Math.round(durationMs),
      }),
    onDomainEvent: ({ eventType, tags }) => write({ hook: 'onDomainEvent', eventType, tags }),
    apollo: {
      async requestDidStart({ contextValue }) {
        write({ hook: 'requestDidStart', role: contextValue.claims?.role ?? null });
      },
    },
  };
}
