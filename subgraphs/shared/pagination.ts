import { badUserInput } from './errors';

/** Default and largest page sizes for every connection in every subgraph. */
export const PAGE_SIZE = { default: 20, max: 100 } as const;

/** Validates a `first` argument: a whole number from 0 to {@link PAGE_SIZE.max}. */
export function pageSize(first: number | null | undefined, argument = 'first'): number {
  if (first === null || first === undefined) return PAGE_SIZE.default;
  if (!Number.isInteger(first) || first < 0) {
    throw badUserInput(`${argument} must be a whole number of 0 or more, got ${first}`, argument);
  }
  if (first > PAGE_SIZE.max) {
    throw badUserInput(`${argument} may be at most ${PAGE_SIZE.max}, got ${first}`, argument);
  }
  return first;
}

/** The position a keyset cursor points at: a sort timestamp and the row id that breaks ties. */
export interface CursorPosition {
  at: Date;
  id: string;
}

/** Encodes a keyset position as an opaque cursor. */
export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(JSON.stringify([position.at.toISOString(), position.id])).toString(
    'base64url',
  );
}

/** Decodes a cursor made by {@link encodeCursor}; anything else is `BAD_USER_INPUT`. */
export function decodeCursor(
  cursor: string | null | undefined,
  argument = 'after',
): CursorPosition | null {
  if (cursor === null || cursor === undefined) return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2) {
      const [at, id] = value as unknown[];
      const date = typeof at === 'string' ? new Date(at) : null;
      if (date && !Number.isNaN(date.getTime()) && typeof id === 'string') return { at: date, id };
    }
  } catch {
    // fall through to the error below
  }
  throw badUserInput(`${argument} is not a cursor this API issued`, argument);
}

/** A Relay connection page built from `limit + 1` fetched rows. */
export interface Page<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/** Builds a page from rows fetched with `LIMIT first + 1`, newest first. */
export function toPage<T>(rows: T[], first: number, position: (row: T) => CursorPosition): Page<T> {
  const nodes = rows.slice(0, first);
  const edges = nodes.map((node) => ({ cursor: encodeCursor(position(node)), node }));
  return {
    edges,
    pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null },
  };
}
