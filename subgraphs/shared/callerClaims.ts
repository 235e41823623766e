import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import {
  GraphQLError,
  Kind,
  OperationTypeNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import type { Claims } from '../../lib/claims';
import { ClaimsError, verifyClaims, type HeaderSource } from '../../lib/signedClaims';

/** Code of the 401 a subgraph answers to a request without valid signed claims. */
export const UNAUTHENTICATED = 'UNAUTHENTICATED';

/** Fields any caller may select without claims: composition (`_service`) and readiness. */
const OPEN_FIELDS: ReadonlySet<string> = new Set(['_service', '__typename']);

/** Options for {@link verifyRequestClaims} and {@link subgraphClaimsPlugin}. */
export interface CallerClaimsOptions {
  /** The key shared with the gateway (`SUBGRAPH_HMAC_SECRET`). Required. */
  secret: string;
  /** Oldest signature accepted, in ms. Default 60 000. */
  maxAgeMs?: number;
}

/** The result of verifying one request's headers. */
export interface ClaimsOutcome {
  /** The verified caller; null when anonymous or when verification failed. */
  claims: Claims | null;
  /** Why verification failed; null when it succeeded. */
  error: ClaimsError | null;
}

/** Verifies a request's signed claims without throwing. */
export function verifyRequestClaims(
  headers: HeaderSource,
  options: CallerClaimsOptions,
): ClaimsOutcome {
  try {
    const claims = verifyClaims(headers, options.secret, {
      ...(options.maxAgeMs === undefined ? {} : { maxAgeMs: options.maxAgeMs }),
    });
    return { claims, error: null };
  } catch (error) {
    if (error instanceof ClaimsError) return { claims: null, error };
    throw error;
  }
}

/**
 * Refuses, with HTTP 401 `UNAUTHENTICATED` and before anything executes, every
 * operation whose request lacks valid signed claims, unless it is a query selecting
 * only `_service` / `__typename`. It verifies the headers itself (one HMAC) rather
 * than trusting state shared with the context, so it fails closed.
 */
export function subgraphClaimsPlugin(
  options: CallerClaimsOptions,
): ApolloServerPlugin<BaseContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, operation, document }) {
          const headers = request.http?.headers;
          const { error } = headers
            ? verifyRequestClaims(headers, options)
            : { error: new ClaimsError('missing', 'signed caller claims are missing') };
          if (!error) return;
          const hasFragments = document.definitions.some(
            (definition) => definition.kind === Kind.FRAGMENT_DEFINITION,
          );
          if (!hasFragments && operation && selectsOnlyOpenFields(operation)) return;
          throw new GraphQLError(error.message, {
            extensions: { code: UNAUTHENTICATED, http: { status: 401 } },
          });
        },
      };
    },
  };
}

/** Whether a query operation selects nothing but `_service` and `__typename`. */
export function selectsOnlyOpenFields(operation: OperationDefinitionNode): boolean {
  return operation.operation === OperationTypeNode.QUERY && onlyOpen(operation.selectionSet);
}

function onlyOpen(selectionSet: SelectionSetNode): boolean {
  return selectionSet.selections.every((selection) => {
    if (selection.kind === Kind.FIELD) return OPEN_FIELDS.has(selection.name.value);
    if (selection.kind === Kind.INLINE_FRAGMENT) return onlyOpen(selection.selectionSet);
    return false;
  });
}
