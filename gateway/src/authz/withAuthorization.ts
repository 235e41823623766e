import { createHash } from 'node:crypto';
import type {
  GatewayExecutor,
  GatewayGraphQLRequestContext,
  GatewayInterface,
} from '@apollo/server-gateway-interface';
import { getOperationAST, print } from 'graphql';
import type { CallerClaims } from '../../../lib/claims';
import { applyDenials } from './applyDenials';
import { authorizeOperation } from './authorizeOperation';
import { readAuthRequirements } from './readAuthRequirements';
import type { Policies } from './requirement';

/** Options for {@link withAuthorization}. */
export interface WithAuthorizationOptions {
  /**
   * The supergraph SDL as composed, still carrying the directive applications (the gateway
   * itself loads `stripSecurityLinks(supergraphSdl)`). Required. A function is read on
   * every request, so a hot-reloaded supergraph brings its own requirements.
   */
  supergraphSdl: string | (() => string);
  /** Named policy functions for `@policy`. Default `{}`: every `@policy` field is denied. */
  policies?: Policies;
  /**
   * Reads the verified caller from the request's context value. Default: its `claims`
   * property, `null` when absent.
   */
  claimsFrom?: (context: Readonly<Record<string, unknown>>) => CallerClaims | null;
}

/**
 * Wraps a gateway so every operation is authorized against the supergraph's
 * `@authenticated`, `@requiresScopes` and `@policy`: denied fields are not fetched, and
 * come back `null` with a `FORBIDDEN` error at their path (`UNAUTHENTICATED` when the
 * caller sent no credentials). Operations with nothing denied
 * go to the gateway untouched.
 */
export function withAuthorization(
  gateway: GatewayInterface,
  options: WithAuthorizationOptions,
): GatewayInterface {
  const current =
    typeof options.supergraphSdl === 'function'
      ? options.supergraphSdl
      : () => options.supergraphSdl as string;
  let cached = { sdl: current(), requirements: readAuthRequirements(current()) };
  const requirementsNow = () => {
    const sdl = current();
    if (sdl !== cached.sdl) cached = { sdl, requirements: readAuthRequirements(sdl) };
    return cached.requirements;
  };
  const policies = options.policies ?? {};
  const claimsFrom = options.claimsFrom ?? defaultClaims;
  const wrap =
    (execute: GatewayExecutor): GatewayExecutor =>
    async (requestContext) => {
      const context = requestContext.context as Readonly<Record<string, unknown>>;
      const claims = claimsFrom(context);
      const { denied, document } = authorizeOperation({
        document: requestContext.document,
        operationName: requestContext.operationName,
        schema: requestContext.schema,
        requirements: requirementsNow(),
        claims,
        policies,
        variables: requestContext.request.variables ?? {},
      });
      if (denied.length === 0) return execute(requestContext);
      const result = await execute(rewritten(requestContext, document));
      // No claims: no credentials were sent (a bad token never gets this far).
      return applyDenials(result, denied, claims === null);
    };
  return {
    onSchemaLoadOrUpdate: (callback) => gateway.onSchemaLoadOrUpdate(callback),
    stop: () => gateway.stop(),
    async load(loadOptions) {
      const loaded = await gateway.load(loadOptions);
      return { ...loaded, executor: loaded.executor && wrap(loaded.executor) };
    },
  };
}

/** The request as the gateway must plan it: new document, source and hash (plans cache per shape). */
function rewritten(
  requestContext: GatewayGraphQLRequestContext,
  document: GatewayGraphQLRequestContext['document'],
): GatewayGraphQLRequestContext {
  const source = print(document);
  const operation = getOperationAST(document, requestContext.operationName);
  return {
    ...requestContext,
    request: { ...requestContext.request, query: source },
    document,
    source,
    queryHash: createHash('sha256').update(source).digest('hex'),
    operation: operation ?? requestContext.operation,
  };
}

function defaultClaims(context: Readonly<Record<string, unknown>>): CallerClaims | null {
  const claims = context.claims;
  if (typeof claims !== 'object' || claims === null) return null;
  const { sub, scopes } = claims as Partial<CallerClaims>;
  return typeof sub === 'string' && Array.isArray(scopes) ? (claims as CallerClaims) : null;
}
