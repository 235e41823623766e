/** Longest error message sent to a client; longer ones are cut, saying how much was. */
export const MAX_CLIENT_MESSAGE_LENGTH = 500;

// graphql-js's hints: `Did you mean "x"?`, `Did you mean "x" or "y"?`,
// `Did you mean the enum value "X"?`, `Did you mean to use an inline fragment on "T"?`.
const SUGGESTION = /\s*Did you mean [^?]*\?/g;

/**
 * An error message fit for a client. It never carries more than
 * {@link MAX_CLIENT_MESSAGE_LENGTH} characters, whatever input it quotes (a value that
 * could not be an email, a variable of the wrong type). In production it also loses
 * graphql-js's "Did you mean …?" hints, which spell out field and type names an
 * introspection-less API does not otherwise reveal.
 */
export function clientMessage(message: string, production: boolean): string {
  const hinted = production ? message.replace(SUGGESTION, '') : message;
  if (hinted.length <= MAX_CLIENT_MESSAGE_LENGTH) return hinted;
  const cut = hinted.length - MAX_CLIENT_MESSAGE_LENGTH;
  return `${hinted.slice(0, MAX_CLIENT_MESSAGE_LENGTH)}… (${cut} more characters not shown)`;
}
