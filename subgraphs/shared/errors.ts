import { GraphQLError } from 'graphql';
import { ErrorCode } from '../../schema/errorCodes';

/** A `BAD_USER_INPUT` error naming the argument that was wrong and why. */
export function badUserInput(message: string, argument?: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: ErrorCode.BAD_USER_INPUT, ...(argument ? { argument } : {}) },
  });
}

/** An error with any registered code and optional extra extensions. */
export function codedError(
  code: ErrorCode,
  message: string,
  extensions: Record<string, unknown> = {},
): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...extensions } });
}
