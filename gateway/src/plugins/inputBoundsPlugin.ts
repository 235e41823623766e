import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { getVariableValues } from 'graphql';
import {
  findInputViolation,
  inputViolationMessage,
} from '../../../lib/inputBounds/findInputViolation';
import { DEFAULT_INPUT_LIMITS, type InputLimits } from '../../../lib/inputBounds/inputLimits';
import { ErrorCode } from '../../../schema/errorCodes';
import { limitError } from '../limits/limitErrors';

/** Options for {@link gatewayPluginInputBounds}. */
export interface GatewayPluginInputBoundsOptions {
  /** The bounds of every string and list input. Default {@link DEFAULT_INPUT_LIMITS}. */
  limits?: InputLimits;
}

/**
 * The edge's check of what a client sends, before authorization, cost or planning read
 * it: variables must fit their declared types (a missing or null required variable is
 * `BAD_USER_INPUT`, HTTP 400, where the authorization and cost stages would otherwise
 * throw a server error), and every string and list, literal or variable, must be within
 * its bound and hold no NUL character (`BAD_USER_INPUT` naming the field and the limit).
 */
export function gatewayPluginInputBounds(
  options: GatewayPluginInputBoundsOptions = {},
): ApolloServerPlugin<BaseContext> {
  const limits = options.limits ?? DEFAULT_INPUT_LIMITS;
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request }) {
          if (!operation) return;
          const variables = request.variables ?? {};
          // Bounds first, on the values as sent: a huge value is named as too long even
          // when something else in the input is wrong too (and never quoted back).
          const violation = findInputViolation(schema, document, variables, limits);
          if (violation) {
            const { coordinate, path, limit, actual } = violation;
            throw limitError(ErrorCode.BAD_USER_INPUT, inputViolationMessage(violation), {
              inputLimit: { coordinate, path, limit, actual },
            });
          }
          const coerced = getVariableValues(
            schema,
            operation.variableDefinitions ?? [],
            variables,
            {
              maxErrors: 5,
            },
          );
          if (coerced.errors) {
            const [first] = coerced.errors;
            throw limitError(ErrorCode.BAD_USER_INPUT, first?.message ?? 'invalid variables');
          }
        },
      };
    },
  };
}
