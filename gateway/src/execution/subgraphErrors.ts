import { ERRORS, errorCodeDef } from '@apollo/federation-internals';
import type { FetchNode } from '@apollo/query-planner';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';

export type ResponsePath = (string | number)[];

/** Where a fetch ran: its path in the response (with `@` for lists) and the whole response. */
export interface Cursor {
  readonly path: ResponsePath;
  readonly data: unknown;
  readonly fullResult: unknown;
}

/**
 * A subgraph's error as the client sees it: the message, the subgraph's extensions plus
 * `serviceName`, a known federation code or `DOWNSTREAM_SERVICE_ERROR`, and the path
 * translated from the subgraph's operation to the client's (as `@apollo/gateway` does).
 */
export function downstreamError(
  error: GraphQLFormattedError,
  fetch: FetchNode,
  cursor: Cursor,
  hydrated: { paths?: ResponsePath[] },
): GraphQLError {
  const message =
    error.message || `Error while fetching subquery from service "${fetch.serviceName}"`;
  const options = {
    originalError: error as Error,
    path: responsePathOf(error.path as ResponsePath | undefined, fetch, cursor, hydrated),
    extensions: { ...error.extensions, serviceName: fetch.serviceName },
  };
  const known = errorCodeDef(error);
  if (!known && error.extensions?.code) return new GraphQLError(message, options);
  return (known ?? ERRORS.DOWNSTREAM_SERVICE_ERROR).err(message, options);
}

function responsePathOf(
  errorPath: ResponsePath | undefined,
  fetch: FetchNode,
  cursor: Cursor,
  hydrated: { paths?: ResponsePath[] },
): ResponsePath | undefined {
  if (fetch.requires && typeof errorPath?.[1] === 'number') {
    if (!hydrated.paths) {
      hydrated.paths = [];
      hydratePaths([], cursor.path, 0, cursor.fullResult, hydrated.paths);
    }
    return [...(hydrated.paths[errorPath[1]] ?? []), ...errorPath.slice(2)];
  }
  return errorPath ? [...cursor.path, ...errorPath] : undefined;
}

/** Every concrete response path (list indexes filled in) that `path` reaches in `data`. */
function hydratePaths(
  parent: ResponsePath,
  path: ResponsePath,
  at: number,
  data: unknown,
  result: ResponsePath[],
): void {
  if (data === null || data === undefined) return;
  const head = path[at];
  if (head === undefined) {
    result.push(parent.slice());
  } else if (head === '@') {
    if (!Array.isArray(data)) throw new Error('expected array when encountering `@`');
    data.forEach((value: unknown, index) => {
      parent.push(index);
      hydratePaths(parent, path, at + 1, value, result);
      parent.pop();
    });
  } else if (typeof head === 'string') {
    if (Array.isArray(data)) {
      data.forEach((value: unknown, index) => {
        parent.push(index);
        hydratePaths(parent, path, at, value, result);
        parent.pop();
      });
    } else if (Object.prototype.hasOwnProperty.call(data, head)) {
      parent.push(head);
      hydratePaths(parent, path, at + 1, (data as Record<string, unknown>)[head], result);
      parent.pop();
    }
  } else {
    throw new Error(`unknown path part "${head}"`);
  }
}
