import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { OperationTypeNode, type OperationDefinitionNode } from 'graphql';
import { ErrorCode } from '../../../schema/errorCodes';
import { limitError } from '../limits/limitErrors';

/**
 * Answers HTTP 400 when the request does not say which one operation to run (an unknown
 * `operationName`, or several operations without one) or asks for a subscription over
 * plain HTTP, before any other stage. Apollo leaves the first two to execution, where
 * the gateway's planner throws them as server errors (500), and the query planner has no
 * subscriptions: those are served by the live transports.
 */
export function gatewayPluginOperationResolution(): ApolloServerPlugin<BaseContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operation, request }) {
          if (!operation) {
            throw limitError(
              ErrorCode.OPERATION_RESOLUTION_FAILURE,
              unresolvedMessage(document.definitions.filter(isOperation), request.operationName),
            );
          }
          if (operation.operation === OperationTypeNode.SUBSCRIPTION) {
            throw limitError(
              ErrorCode.BAD_REQUEST,
              'subscriptions are served over WebSocket (graphql-ws) at /graphql and over SSE at /graphql/stream, not over a plain HTTP request',
            );
          }
        },
      };
    },
  };
}

function isOperation(definition: { kind: string }): definition is OperationDefinitionNode {
  return definition.kind === 'OperationDefinition';
}

function unresolvedMessage(
  operations: OperationDefinitionNode[],
  operationName: string | undefined,
): string {
  if (operations.length === 0) return 'the document holds no operation, only fragments';
  if (operationName === undefined || operationName === null) {
    return `the document holds ${operations.length} operations: say which to run in operationName`;
  }
  // The name sent may be huge: say only how long it was.
  return operationName.length > 64
    ? `no operation in the document is named as operationName (${operationName.length} characters) says`
    : `no operation in the document is named "${operationName}"`;
}
