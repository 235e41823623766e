/** Incoming headers in any of the shapes the gateway meets them. */
export type HeadersLike =
  | { get(name: string): string | null | undefined }
  | Readonly<Record<string, string | readonly string[] | undefined>>;

/** Which client headers may reach a subgraph. */
export interface HeaderPropagationRules {
  /** Header names (any case) to forward when present. Default none. */
  allow: readonly string[];
}

/**
 * Headers that describe one connection or are set by the gateway itself; they are never
 * forwarded, even when allow-listed.
 */
const NEVER_FORWARDED = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
  'proxy-authorization',
  'proxy-authenticate',
  'host',
  'content-length',
  'content-type',
  // Subgraph answers are read as plain text (undici's request does not decompress).
  'accept-encoding',
  // Conditional re-reads are the gateway's own (lib/readValidators.ts), never a client's.
  'if-none-match',
  'if-modified-since',
  'x-cc-want-validator',
]);

/**
 * The allow-listed headers of an incoming request, lower-cased, ready to set on a subgraph
 * request. Multi-valued headers are joined with `, `; hop-by-hop headers never pass.
 */
export function propagateHeaders(
  incoming: HeadersLike,
  rules: HeaderPropagationRules,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const allowed of rules.allow) {
    const name = allowed.toLowerCase();
    if (NEVER_FORWARDED.has(name)) continue;
    const value = headerValue(incoming, name);
    if (value !== undefined) out[name] = value;
  }
  return out;
}

/** One header of `incoming` by lower-case name; multiple values are joined with `, `. */
export function headerValue(incoming: HeadersLike, name: string): string | undefined {
  if (typeof incoming.get === 'function') {
    return incoming.get(name) ?? undefined;
  }
  const record = incoming as Readonly<Record<string, string | readonly string[] | undefined>>;
  const key = Object.keys(record).find((k) => k.toLowerCase() === name);
  const value = key === undefined ? undefined : record[key];
  return typeof value === 'string' ? value : value?.join(', ');
}
