import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { GraphQLError, valueFromAST, visit, type DocumentNode, type GraphQLSchema } from 'graphql';
import {
  findInputViolation,
  inputViolationMessage,
} from '../../lib/inputBounds/findInputViolation';
import type { InputLimits } from '../../lib/inputBounds/inputLimits';
import { ErrorCode } from '../../schema/errorCodes';
import { representationProblem } from './representationProblem';

/**
 * A subgraph's own check of its inputs (it can be called directly, not only through the
 * gateway): every string and list within the declared bounds and free of NUL characters,
 * which PostgreSQL refuses in text, and every `_entities` representation well formed.
 * Each failure is `BAD_USER_INPUT` (HTTP 400) saying what was wrong, before any resolver
 * runs; variables of the wrong type are left to Apollo, which answers them the same way.
 */
export function subgraphInputsPlugin(limits: InputLimits): ApolloServerPlugin<BaseContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request }) {
          if (!operation) return;
          // The values as sent: coercion errors are Apollo's to answer, after this.
          const variables = request.variables ?? {};
          const violation = findInputViolation(schema, document, variables, limits);
          if (violation) throw badInput(inputViolationMessage(violation));
          const problem = firstRepresentationProblem(schema, document, variables);
          if (problem) throw badInput(problem);
        },
      };
    },
  };
}

function firstRepresentationProblem(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown>,
): string | null {
  const argument = schema.getQueryType()?.getFields()._entities?.args[0];
  if (!argument) return null;
  let problem: string | null = null;
  visit(document, {
    Field(node) {
      if (problem || node.name.value !== '_entities') return;
      const given = node.arguments?.find((arg) => arg.name.value === argument.name);
      const value: unknown = given ? valueFromAST(given.value, argument.type, variables) : null;
      const representations = Array.isArray(value) ? value : [];
      for (const [index, representation] of representations.entries()) {
        problem = representationProblem(schema, representation, index);
        if (problem) return;
      }
    },
  });
  return problem;
}

function badInput(message: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: ErrorCode.BAD_USER_INPUT, http: { status: 400 } },
  });
}
