import type { CallerClaims } from '../../../lib/claims';
import { signRequest } from '../../../lib/signedClaims';

/** A GraphQL error as a subgraph returns it. */
export interface GraphqlError {
  message: string;
  extensions?: Record<string, unknown>;
}

/** What a subgraph answered to one POST: the HTTP status and the parsed JSON body (null if not JSON). */
export interface GraphqlAnswer {
  status: number;
  body: { data?: Record<string, unknown> | null; errors?: GraphqlError[] } | null;
}

/** How to sign a request: no headers, claims signed with a secret, or explicit headers. */
export type Signing =
  | { kind: 'unsigned' }
  | { kind: 'signed'; secret: string; claims: CallerClaims; subgraph: string }
  | { kind: 'headers'; headers: Record<string, string> };

/** The caller `verify-subgraph` signs as: a machine client with no scopes. */
export const VERIFIER_CLAIMS: Readonly<CallerClaims> = {
  sub: 'verify-subgraph',
  role: 'service',
  scopes: [],
};

/** Options for {@link postGraphql}. */
export interface PostGraphqlOptions {
  url: string;
  query: string;
  variables?: Record<string, unknown>;
  signing: Signing;
  /** Abort after this many ms. Default 10 000. */
  timeoutMs?: number;
}

/** The headers `signing` adds to a POST of `body` (signed over that very body). */
function signingHeaders(signing: Signing, body: string): Record<string, string> {
  switch (signing.kind) {
    case 'unsigned':
      return {};
    case 'signed':
      return signRequest(signing.claims, signing.secret, { subgraph: signing.subgraph, body });
    case 'headers':
      return signing.headers;
    default: {
      const unreachable: never = signing;
      throw new Error(`unknown signing ${JSON.stringify(unreachable)}`);
    }
  }
}

/** POSTs one operation as JSON; network failures reject, any HTTP status resolves. */
export async function postGraphql(options: PostGraphqlOptions): Promise<GraphqlAnswer> {
  const body = JSON.stringify({ query: options.query, variables: options.variables ?? {} });
  const response = await fetch(options.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      // Apollo Server's CSRF prevention refuses simple requests without one of these.
      'apollo-require-preflight': 'true',
      ...signingHeaders(options.signing, body),
    },
    body,
    signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
  });
  const text = await response.text();
  try {
    return { status: response.status, body: JSON.parse(text) as GraphqlAnswer['body'] };
  } catch {
    return { status: response.status, body: null };
  }
}

/** The `extensions.code` of each error in an answer. */
export function errorCodes(answer: GraphqlAnswer): string[] {
  return (answer.body?.errors ?? []).map((error) =>
    typeof error.extensions?.code === 'string' ? error.extensions.code : '(no code)',
  );
}

/** A short description of an answer for a report line. */
export function describeAnswer(answer: GraphqlAnswer): string {
  const errors = answer.body?.errors ?? [];
  if (answer.body === null) return `HTTP ${answer.status}, body is not JSON`;
  if (errors.length === 0) return `HTTP ${answer.status}`;
  const first = errors[0];
  return `HTTP ${answer.status}, ${errorCodes(answer).join(', ')}: ${first?.message ?? ''}`;
}
