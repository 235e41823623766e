import { Kind, OperationTypeNode, parse } from 'graphql';

/**
 * Whether a subgraph request body (the JSON the gateway sends) carries a QUERY. Anything
 * that is not certainly a query (a mutation, an unparsable body) answers false, so that
 * it is never retried or shared.
 */
export function isQueryRequestBody(body: string | Buffer | undefined): boolean {
  if (body === undefined) return false;
  try {
    const parsed: unknown = JSON.parse(body.toString());
    if (typeof parsed !== 'object' || parsed === null || !('query' in parsed)) return false;
    const { query, operationName } = parsed as { query: unknown; operationName?: unknown };
    if (typeof query !== 'string') return false;
    const operations = parse(query, { noLocation: true }).definitions.filter(
      (d) => d.kind === Kind.OPERATION_DEFINITION,
    );
    const chosen =
      operations.length === 1
        ? operations[0]
        : operations.find((o) => o.name?.value === operationName);
    return chosen?.operation === OperationTypeNode.QUERY;
  } catch {
    return false;
  }
}
