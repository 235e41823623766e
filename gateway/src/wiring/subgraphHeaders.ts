import { CLAIMS_HEADER, claimsValue } from '../../../lib/signedClaims';
import { callerKey } from '../cache/callerScope';
import { subgraphEnvName, type GatewayConfig } from '../config';
import type { GatewayContext } from '../context';
import { propagateHeaders } from '../datasources/propagateHeaders';
import { activeTraceparent } from '../observability/tracing';
import { DEADLINE_HEADER } from '../resilience/resilientFetcher';

/**
 * What every subgraph call of one request carries the same: the caller's claims (signed
 * per attempt, bound to that call, by `signedCallHeaders`) and the caller's key,
 * computed once per request rather than per fetch.
 */
const callerHeadersOf = new WeakMap<GatewayContext, Readonly<Record<string, string>>>();

function callerHeaders(context: GatewayContext): Readonly<Record<string, string>> {
  const known = callerHeadersOf.get(context);
  if (known) return known;
  const headers = {
    [CLAIMS_HEADER]: claimsValue(context.claims),
    // Stable per caller identity, so identical in-flight queries of one caller share a fetch.
    'x-cc-caller': callerKey(context.claims),
  };
  callerHeadersOf.set(context, headers);
  return headers;
}

/** Signed caller claims, correlation ids and allow-listed client headers for one subgraph. */
export function subgraphHeaders(
  config: GatewayConfig,
  subgraph: string,
  context: GatewayContext | undefined,
): Record<string, string> {
  if (!context) return {};
  const allow = [
    ...config.propagateHeaders,
    ...(config.propagateHeadersBySubgraph[subgraphEnvName(subgraph)] ?? []),
  ];
  return {
    ...propagateHeaders(context.incomingHeaders, { allow }),
    ...callerHeaders(context),
    'x-request-id': context.requestId,
    [DEADLINE_HEADER]: String(context.deadline),
    traceparent: activeTraceparent() ?? context.traceparent,
  };
}
