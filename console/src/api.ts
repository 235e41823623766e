import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print, type DocumentNode } from 'graphql';

/** One GraphQL error as the gateway sends it. */
export interface GatewayError {
  message: string;
  path?: readonly (string | number)[];
  extensions?: { code?: string };
}

/** What one operation answered: its data (possibly partial) and its errors. */
export interface GatewayAnswer<TData> {
  data: TData | null;
  errors: readonly GatewayError[];
  /** HTTP status; 0 when the gateway could not be reached. */
  status: number;
}

const printed = new WeakMap<object, string>();

/** The document's text, printed once: byte for byte what the trusted-documents manifest holds. */
function textOf(document: DocumentNode): string {
  let text = printed.get(document);
  if (!text) {
    text = print(document);
    printed.set(document, text);
  }
  return text;
}

/**
 * Sends one operation to the public `/graphql` endpoint with the rep's token, as any rep
 * tool would. Never throws: a network failure is status 0 with an error a rep can read.
 */
export async function request<TData, TVariables>(
  document: TypedDocumentNode<TData, TVariables>,
  variables: TVariables,
  token: string,
): Promise<GatewayAnswer<TData>> {
  let response: Response;
  try {
    response = await fetch('/graphql', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json, application/json',
        authorization: `Bearer ${token}`,
        'apollographql-client-name': 'rep-console',
      },
      body: JSON.stringify({ query: textOf(document), variables }),
    });
  } catch {
    return {
      data: null,
      errors: [{ message: 'network', extensions: { code: 'NETWORK' } }],
      status: 0,
    };
  }
  try {
    const body = (await response.json()) as { data?: TData | null; errors?: GatewayError[] };
    return { data: body.data ?? null, errors: body.errors ?? [], status: response.status };
  } catch {
    return {
      data: null,
      errors: [{ message: `HTTP ${response.status}`, extensions: { code: 'BAD_RESPONSE' } }],
      status: response.status,
    };
  }
}

/** True when trying again may succeed and cannot do harm twice (the action is idempotent). */
export function isTransient<T>(answer: GatewayAnswer<T>): boolean {
  return (
    answer.status === 0 || answer.status === 502 || answer.status === 503 || answer.status === 504
  );
}

/** Codes that say the caller may not see or do this. */
export function isForbidden(errors: readonly GatewayError[]): boolean {
  return errors.some((e) => e.extensions?.code === 'FORBIDDEN');
}

/**
 * An error in words a rep can act on: what happened and what to do, never a stack or a
 * code alone (the code is kept in brackets for whoever the rep calls).
 */
export function repMessage(errors: readonly GatewayError[]): string {
  const first = errors[0];
  if (!first) return '';
  const code = first.extensions?.code ?? 'UNKNOWN';
  const said = ((): string => {
    switch (code) {
      case 'NETWORK':
        return 'The gateway cannot be reached. Check the connection and try again; nothing was lost.';
      case 'UNAUTHENTICATED':
        return 'Your sign-in is no longer valid. Sign in again.';
      case 'FORBIDDEN':
        return 'You are not allowed to do this or to see this customer.';
      case 'BAD_USER_INPUT':
        return `Please check what you entered: ${first.message}`;
      case 'NOT_FOUND':
        return `Not found: ${first.message}`;
      case 'INVALID_STATE_TRANSITION':
        return `This cannot be done now: ${first.message}`;
      case 'SERVER_OVERLOADED':
      case 'SUBGRAPH_UNAVAILABLE':
        return 'The system is busy or partly down. Wait a moment and try again.';
      case 'TRUSTED_DOCUMENT_REQUIRED':
        return 'This console version is not allowed by the gateway. Reload the page.';
      default:
        return `Something went wrong: ${first.message}`;
    }
  })();
  return `${said} (${code})`;
}
