import { Supergraph, operationFromDocument } from '@apollo/federation-internals';
import { QueryPlanner, type QueryPlan } from '@apollo/query-planner';
import { parse } from 'graphql';
import { stripSecurityLinks } from '../gateway/src/authz/stripSecurityLinks';

/**
 * The query plans `@apollo/gateway` builds (same planner, same supergraph) for each
 * operation, keyed by the caller's key. The `limit` contender replays these fetches.
 */
export function queryPlansFor(
  supergraphSdl: string,
  operations: Readonly<Record<string, string>>,
): Record<string, QueryPlan> {
  const supergraph = Supergraph.build(stripSecurityLinks(supergraphSdl));
  const planner = new QueryPlanner(supergraph);
  return Object.fromEntries(
    Object.entries(operations).map(([key, text]) => [
      key,
      planner.buildQueryPlan(operationFromDocument(supergraph.schema, parse(text))),
    ]),
  );
}
