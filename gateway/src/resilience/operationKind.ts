import { createHash } from 'node:crypto';
import { Kind, OperationTypeNode, parse } from 'graphql';

/**
 * Header the gateway's data source puts on each subgraph request: the kind of the
 * operation it sends when it knows it from the incoming operation (`query`), so the
 * fetcher need not parse the body to learn it.
 */
export const OPERATION_KIND_HEADER = 'x-cc-operation-kind';

/**
 * Whether a subgraph request is a query: from {@link OPERATION_KIND_HEADER} when the
 * data source set it, else (a call from elsewhere) from its body.
 */
export function isQueryRequest(
  headers: Readonly<Record<string, string>> | undefined,
  body: string | Buffer | undefined,
): boolean {
  const kind = headers?.[OPERATION_KIND_HEADER];
  if (kind !== undefined) return kind === String(OperationTypeNode.QUERY);
  return isQueryRequestBody(body);
}

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
    return isQueryOperation(query, typeof operationName === 'string' ? operationName : undefined);
  } catch {
    return false;
  }
}

/**
 * Subgraph operations come from query plans, a small set reused by every request: each
 * is parsed once. Keyed by a digest of (name, text), so entries are small whatever the
 * texts; bounded, emptied when full (a supergraph change brings new texts).
 */
const KNOWN_LIMIT = 2000;
const known = new Map<string, boolean>();

/** Whether the operation `operationName` (or the only one) of `query` is a query; false when unsure. */
export function isQueryOperation(query: string, operationName: string | undefined): boolean {
  const key = createHash('sha256')
    .update(JSON.stringify([operationName ?? null, query]))
    .digest('base64url');
  const cached = known.get(key);
  if (cached !== undefined) return cached;
  let result = false;
  try {
    const operations = parse(query, { noLocation: true }).definitions.filter(
      (d) => d.kind === Kind.OPERATION_DEFINITION,
    );
    const chosen =
      operations.length === 1
        ? operations[0]
        : operations.find((o) => o.name?.value === operationName);
    result = chosen?.operation === OperationTypeNode.QUERY;
  } catch {
    result = false;
  }
  if (known.size >= KNOWN_LIMIT) known.clear();
  known.set(key, result);
  return result;
}
