import type { BaseContext, GraphQLRequestContext } from '@apollo/server';
import type {
  GatewayGraphQLRequest,
  GatewayGraphQLResponse,
} from '@apollo/server-gateway-interface';
import { MAX_RECEIPTS } from '../../../lib/answerScope';
import { isNotModified, withHeader, type ReadReceipt } from './requestCacheState';

/** Sends one fetch to `subgraph` as the request's caller (the response cache's `replay`). */
export type ReplayFetch = (
  subgraph: string,
  request: GatewayGraphQLRequest,
  requestContext: GraphQLRequestContext<BaseContext>,
) => Promise<GatewayGraphQLResponse | null>;

/**
 * Sends a stored answer's receipts back to the subgraphs that issued them, one call per
 * subgraph, as the caller (see `lib/answerScope.ts`): each records the reads for this
 * caller and answers 304. `outcome` stands when every one did ('not_modified' when
 * nothing was read again); anything else is a 'miss', and the request runs in full
 * (a subgraph that did record before another failed records that read twice).
 */
export async function sendReceipts(
  replay: ReplayFetch | undefined,
  receipts: readonly ReadReceipt[],
  outcome: 'hit' | 'revalidated' | 'not_modified',
  requestContext: GraphQLRequestContext<BaseContext>,
): Promise<'revalidated' | 'not_modified' | 'miss'> {
  if (!replay) return 'miss';
  const bySubgraph = new Map<string, string[]>();
  for (const { subgraph, receipt } of receipts) {
    const list = bySubgraph.get(subgraph) ?? [];
    list.push(receipt);
    bySubgraph.set(subgraph, list);
  }
  const calls = [...bySubgraph].flatMap(([subgraph, list]) => {
    const chunks: string[][] = [];
    for (let i = 0; i < list.length; i += MAX_RECEIPTS)
      chunks.push(list.slice(i, i + MAX_RECEIPTS));
    return chunks.map((chunk) => {
      const request: GatewayGraphQLRequest = { query: RECEIPT_QUERY };
      withHeader(request, 'if-none-match', chunk.join(', '));
      return replay(subgraph, request, requestContext).catch(() => null);
    });
  });
  const answers = await Promise.all(calls);
  if (!answers.every((answer) => answer && isNotModified(answer))) return 'miss';
  return outcome === 'revalidated' ? 'revalidated' : 'not_modified';
}

/** The body a receipt call carries: a subgraph that does not take the receipts answers it. */
const RECEIPT_QUERY = '{ __typename }';
