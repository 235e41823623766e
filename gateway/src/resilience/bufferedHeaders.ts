import type { RemoteGraphQLDataSource } from '@apollo/gateway';

type FetcherHeaders = Awaited<ReturnType<RemoteGraphQLDataSource['fetcher']>>['headers'];

/**
 * Headers over a map of lower-case names, as Fetch's `Headers` behave (repeated values
 * joined with ", "): a subgraph response's, and a subgraph request's as it is built.
 */
export class BufferedHeaders implements FetcherHeaders {
  /** Lower-case name → value. */
  readonly map: Map<string, string>;

  constructor(from?: Iterable<readonly [string, string]>) {
    this.map = new Map();
    if (from) for (const [name, value] of from) this.append(name, value);
  }

  append(name: string, value: string): void {
    const key = name.toLowerCase();
    const existing = this.map.get(key);
    this.map.set(key, existing === undefined ? value : `${existing}, ${value}`);
  }

  delete(name: string): void {
    this.map.delete(name.toLowerCase());
  }

  get(name: string): string | null {
    return this.map.get(name.toLowerCase()) ?? null;
  }

  has(name: string): boolean {
    return this.map.has(name.toLowerCase());
  }

  set(name: string, value: string): void {
    this.map.set(name.toLowerCase(), value);
  }

  entries(): IterableIterator<[string, string]> {
    return this.map.entries();
  }

  keys(): IterableIterator<string> {
    return this.map.keys();
  }

  values(): IterableIterator<string> {
    return this.map.values();
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.map.entries();
  }
}
