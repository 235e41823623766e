import type { ApolloServerPlugin, BaseContext, GraphQLRequestContext } from '@apollo/server';
import {
  getVariableValues,
  type DocumentNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { CostEstimateError, estimateCostRemembered } from '../limits/estimateCost';
import { LimitErrorCode, limitError } from '../limits/limitErrors';
import { NO_COST_INFO, type CostInfo } from '../limits/readCostDirectives';
import { validateLimits, type LimitsOptions } from '../limits/validateLimits';

/** Options for {@link gatewayPluginLimits}. Every limit has the default noted. */
export interface GatewayPluginLimitsOptions extends LimitsOptions {
  /**
   * `@cost`/`@listSize` from `readCostDirectives(supergraphSdl)`, or a function read per
   * request (hot reload). Default none (defaults only).
   */
  costInfo?: CostInfo | (() => CostInfo);
  /** Highest estimated cost allowed. Default 5000. */
  maxCost?: number;
  /** Size assumed for lists without `@listSize`. Default 10. */
  defaultListSize?: number;
  /** `enforce` rejects over-limit operations; `measure` only reports the estimate. Default `enforce`. */
  costMode?: 'enforce' | 'measure';
}

/** `extensions.cost` of every response: the estimate (null when not computed) and the limit. */
export interface CostExtension {
  estimated: number | null;
  limit: number;
}

/**
 * Rejects operations over the structural limits (`OPERATION_TOO_COMPLEX`) or the cost
 * limit (`COST_LIMIT_EXCEEDED`) with HTTP 400 in `didResolveOperation`, before the
 * gateway plans or calls any subgraph, and puts `extensions.cost` in every response.
 */
export function gatewayPluginLimits(
  options: GatewayPluginLimitsOptions = {},
): ApolloServerPlugin<BaseContext> {
  const maxCost = options.maxCost ?? 5000;
  const costMode = options.costMode ?? 'enforce';
  // The structural limits depend on the document alone: checked once per parsed
  // document (Apollo's document cache hands every request with that text the same one).
  const checked = new WeakMap<DocumentNode, ReturnType<typeof validateLimits>>();
  const violationsOf = (document: DocumentNode): ReturnType<typeof validateLimits> => {
    let violations = checked.get(document);
    if (!violations) {
      violations = validateLimits(document, options);
      checked.set(document, violations);
    }
    return violations;
  };
  return {
    async requestDidStart() {
      const cost: CostExtension = { estimated: null, limit: maxCost };
      return {
        async didResolveOperation(context) {
          const violations = violationsOf(context.document);
          const first = violations[0];
          if (first) {
            throw limitError(LimitErrorCode.OPERATION_TOO_COMPLEX, first.message, {
              violations: violations.map(({ code, actual, limit }) => ({ code, actual, limit })),
            });
          }
          cost.estimated = estimate(context, context.operation, options);
          if (costMode === 'enforce' && cost.estimated > maxCost) {
            throw limitError(
              LimitErrorCode.COST_LIMIT_EXCEEDED,
              `estimated cost ${cost.estimated} is over the limit of ${maxCost}`,
              { cost: { ...cost } },
            );
          }
        },
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          result.extensions = { ...result.extensions, cost: { ...cost } };
        },
      };
    },
  };
}

function estimate(
  context: GraphQLRequestContext<BaseContext> & { schema: GraphQLSchema },
  operation: OperationDefinitionNode | undefined,
  options: GatewayPluginLimitsOptions,
): number {
  const { document } = context;
  if (!document) return 0;
  const coerced = operation
    ? getVariableValues(
        context.schema,
        operation.variableDefinitions ?? [],
        context.request.variables ?? {},
      )
    : undefined;
  const variables = coerced?.coerced ?? context.request.variables ?? {};
  try {
    return estimateCostRemembered(
      document,
      context.schema,
      (typeof options.costInfo === 'function' ? options.costInfo() : options.costInfo) ??
        NO_COST_INFO,
      variables,
      {
        defaultListSize: options.defaultListSize,
        operationName: context.operationName,
      },
    );
  } catch (error) {
    if (error instanceof CostEstimateError) {
      throw limitError('BAD_USER_INPUT', error.message);
    }
    throw error;
  }
}
