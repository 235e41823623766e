import type { ApolloServerPlugin, BaseContext, GraphQLRequest } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { LimitErrorCode, limitError } from '../limits/limitErrors';
import {
  documentHash,
  documentIdHash,
  normalizeDocument,
  type TrustedDocumentManifest,
} from '../limits/trustedDocumentManifest';

/**
 * How registered documents are used:
 * - `off`: the manifest is ignored; any operation runs.
 * - `allow-registered`: any operation runs, and clients may send just a registered id.
 * - `require`: only registered documents run (production).
 */
export type TrustedDocumentsMode = 'off' | 'allow-registered' | 'require';

/** Options for {@link gatewayPluginTrustedDocuments}. */
export interface GatewayPluginTrustedDocumentsOptions {
  /** Registered documents, e.g. `loadTrustedDocumentManifest('schema/trusted-documents.json')`. */
  manifest: TrustedDocumentManifest;
  /** Default `off`. */
  mode?: TrustedDocumentsMode;
}

/**
 * Trusted documents. A request may name a registered document by `documentId`
 * (`"sha256:<hex>"`, in the POST body or GET query string) or by the APQ extension
 * `extensions.persistedQuery.sha256Hash`; its text is filled in from the manifest. In
 * `require` mode a document runs only if its text, or its printed (normalised) AST, is
 * registered; anything else is answered `TRUSTED_DOCUMENT_REQUIRED` (HTTP 400) before it
 * is parsed, validated or sent to a subgraph.
 */
export function gatewayPluginTrustedDocuments(
  options: GatewayPluginTrustedDocumentsOptions,
): ApolloServerPlugin<BaseContext> {
  const { documents } = options.manifest;
  const mode = options.mode ?? 'off';
  return {
    async requestDidStart({ request, contextValue }) {
      if (mode === 'off' || isPrechecked(contextValue)) return;
      const rejection = resolveDocument(request, documents, mode);
      if (!rejection) return;
      // Errors thrown before `didResolveOperation` become masked 500s, so the untrusted
      // text is swapped for a trivial document (never parsed or cached) and the error is
      // thrown from `didResolveOperation`, where Apollo answers it as given.
      request.query = PLACEHOLDER;
      request.extensions = { ...request.extensions, persistedQuery: undefined };
      return {
        async didResolveOperation() {
          throw rejection;
        },
      };
    },
  };
}

const PLACEHOLDER = '{ __typename }';

/** Fills in the text of a registered id; returns the error to answer with, if any. */
function resolveDocument(
  request: GraphQLRequest,
  documents: Readonly<Record<string, string>>,
  mode: Exclude<TrustedDocumentsMode, 'off'>,
): GraphQLError | undefined {
  let id: ReturnType<typeof requestedId>;
  try {
    id = requestedId(request);
  } catch (error) {
    return error instanceof GraphQLError ? error : undefined;
  }
  const text = id && documents[id.hash];
  if (id && text !== undefined) {
    if (request.query !== undefined && !hashesOf(request.query).includes(id.hash)) {
      return limitError('BAD_USER_INPUT', 'the query does not match its document id');
    }
    request.query ??= text;
    return undefined;
  }
  if (id && request.query === undefined) {
    if (mode === 'require') return notRegistered();
    // allow-registered: an unknown APQ hash follows Apollo's APQ protocol.
    return id.kind === 'documentId' ? unknownDocumentId() : undefined;
  }
  const query = request.query;
  if (mode === 'require' && !hashesOf(query ?? '').some((hash) => documents[hash])) {
    return notRegistered();
  }
  return undefined;
}

/**
 * The error a document gets in `require` mode when it is not registered, else
 * undefined. Live subscriptions check their document with this before running it.
 */
export function untrustedDocumentError(
  manifest: TrustedDocumentManifest,
  text: string,
): GraphQLError | undefined {
  return hashesOf(text).some((hash) => manifest.documents[hash]) ? undefined : notRegistered();
}

/**
 * Whether the gateway itself checked this operation's document already: a live
 * subscription's re-run executes a query derived from a checked subscription document.
 */
function isPrechecked(context: BaseContext): boolean {
  return (context as { trustedDocument?: unknown }).trustedDocument === true;
}

/**
 * The normal form's hash by the hash of the text as sent (null: the text does not
 * parse). Clients send the same few texts over and over; each is parsed and printed
 * once, not per request. Bounded; emptied when full.
 */
const normalHashes = new Map<string, string | null>();
const NORMAL_HASHES_LIMIT = 5000;

/** The hashes a text is registered under: of the text as sent and of its normal form. */
function hashesOf(text: string): string[] {
  const direct = documentHash(text);
  let normal = normalHashes.get(direct);
  if (normal === undefined) {
    try {
      normal = documentHash(normalizeDocument(text));
    } catch {
      normal = null;
    }
    if (normalHashes.size >= NORMAL_HASHES_LIMIT) normalHashes.clear();
    normalHashes.set(direct, normal);
  }
  return normal === null || normal === direct ? [direct] : [direct, normal];
}

/** The document id a request names, if any: body/query-string `documentId`, else APQ hash. */
function requestedId(
  request: GraphQLRequest,
): { kind: 'documentId' | 'persistedQuery'; hash: string } | undefined {
  const body: unknown = request.http?.body;
  const fromBody =
    typeof body === 'object' && body !== null && 'documentId' in body ? body.documentId : undefined;
  const search = new URLSearchParams(request.http?.search ?? '').get('documentId') ?? undefined;
  const documentId = fromBody ?? search;
  if (documentId !== undefined) {
    const hash = typeof documentId === 'string' ? documentIdHash(documentId) : undefined;
    if (!hash) throw limitError('BAD_USER_INPUT', 'documentId must be "sha256:<64 hex digits>"');
    return { kind: 'documentId', hash };
  }
  const apq: unknown = request.extensions?.persistedQuery;
  const hash =
    typeof apq === 'object' && apq !== null && 'sha256Hash' in apq ? apq.sha256Hash : undefined;
  return typeof hash === 'string' ? { kind: 'persistedQuery', hash } : undefined;
}

function notRegistered(): GraphQLError {
  return limitError(
    LimitErrorCode.TRUSTED_DOCUMENT_REQUIRED,
    'only registered documents may run here; send a registered documentId or document',
  );
}

function unknownDocumentId(): GraphQLError {
  return new GraphQLError('no registered document has this documentId', {
    extensions: { code: 'PERSISTED_QUERY_NOT_FOUND', http: { status: 400 } },
  });
}
