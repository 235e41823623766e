import { GraphQLError } from 'graphql';
import { signRequest } from '../../lib/signedClaims';
import { REQUEST_ID_HEADER } from '../../lib/requestId';
import { FORBIDDEN, NOT_ALLOWED } from './customerAccess';
import type { RequestBase } from './subgraphDefinition';

/** An entity another subgraph owns, as an input refers to it by id. */
export interface ForeignEntity {
  /** The entity type, e.g. `Place`. */
  typename: string;
  /** The subgraph that owns it and decides who may read it, e.g. `crm`. */
  owner: string;
}

/** Longest wait for the owner's answer; the mutation fails (nothing written) after it. */
const OWNER_TIMEOUT_MS = 5_000;

interface EntitiesAnswer {
  data?: { _entities?: ({ id?: string } | null)[] } | null;
  errors?: { message: string; extensions?: { code?: unknown } }[];
}

/**
 * Whether the caller may read the entity `id` of `entity`, as its owner decides: asks the
 * owning subgraph for `_entities` under the caller's own claims (signed with the shared
 * key, no more rights than the caller has), so the owner's read rule, and only it, says
 * whether the id is the caller's. Unknown and unreadable are both false.
 */
export async function callerMayRead(
  base: Pick<RequestBase, 'claims' | 'config' | 'req' | 'peerUrl'>,
  entity: ForeignEntity,
  id: string,
): Promise<boolean> {
  const url = base.peerUrl(entity.owner);
  // Failing closed would hide a deployment mistake behind FORBIDDEN: say what is missing.
  if (!url) throw new Error(`cannot check ${entity.typename} ids: no URL for ${entity.owner}`);
  const requestId = base.req.headers[REQUEST_ID_HEADER];
  const body = JSON.stringify({
    query: `query ($r: [_Any!]!) { _entities(representations: $r) { ... on ${entity.typename} { id } } }`,
    variables: { r: [{ __typename: entity.typename, id }] },
  });
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(typeof requestId === 'string' ? { [REQUEST_ID_HEADER]: requestId } : {}),
      // Signed for this one call to the owner, under the caller's own claims.
      ...signRequest(base.claims, base.config.subgraphHmacSecret, { subgraph: entity.owner, body }),
    },
    signal: AbortSignal.timeout(OWNER_TIMEOUT_MS),
    body,
  });
  const answer = (await response.json()) as EntitiesAnswer;
  // The owner refusing the id as malformed is a no like any other.
  const errors = answer.errors ?? [];
  if (errors.length > 0 && errors.every((e) => e.extensions?.code === 'BAD_USER_INPUT')) {
    return false;
  }
  if (!response.ok || errors.length > 0) {
    throw new Error(
      `${entity.owner} could not check ${entity.typename} ${id}: HTTP ${response.status} ${answer.errors?.[0]?.message ?? ''}`,
    );
  }
  return answer.data?._entities?.[0]?.id === id;
}

/**
 * Throws `FORBIDDEN` unless the caller may use `id` (of an entity another subgraph owns)
 * in the input field `argument`. Staff and services may use any id, as they may act on
 * any customer; a customer only one whose owner lets them read it. The refusal is the
 * same for an id that does not exist, so a customer cannot probe for others' ids.
 */
export async function assertMayReference(
  base: Pick<RequestBase, 'claims' | 'config' | 'req' | 'peerUrl'>,
  entity: ForeignEntity,
  id: string | null | undefined,
  argument: string,
): Promise<void> {
  if (id === null || id === undefined) return;
  if (base.claims && base.claims.role !== 'customer') return;
  if (base.claims && (await callerMayRead(base, entity, id))) return;
  throw new GraphQLError(NOT_ALLOWED, { extensions: { code: FORBIDDEN, argument } });
}
