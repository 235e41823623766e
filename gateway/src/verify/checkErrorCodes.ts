import { fail, pass, warn, type CheckResult } from './checkResult';
import { describeAnswer, errorCodes, postGraphql, type Signing } from './postGraphql';

const CASES = [
  { label: 'a query that does not parse', query: '{ __typename', code: 'GRAPHQL_PARSE_FAILED' },
  {
    label: 'a query selecting an unknown field',
    query: '{ verifySubgraphNoSuchField }',
    code: 'GRAPHQL_VALIDATION_FAILED',
  },
] as const;

/**
 * Checks that malformed operations come back as GraphQL errors carrying Apollo's
 * `extensions.code`, which the gateway passes through to clients.
 */
export async function checkErrorCodes(url: string, signing: Signing): Promise<CheckResult[]> {
  if (signing.kind === 'unsigned') {
    return [
      warn('error codes', 'skipped: every operation needs signed claims and no secret was given'),
    ];
  }
  const results: CheckResult[] = [];
  for (const { label, query, code } of CASES) {
    const name = `error code ${code}`;
    const answer = await postGraphql({ url, query, signing });
    const codes = errorCodes(answer);
    results.push(
      codes.includes(code)
        ? pass(name, `${label} returns extensions.code ${code}`)
        : fail(
            name,
            `${label} returned ${describeAnswer(answer)}; expected an error with extensions.code ${code} ` +
              '(keep Apollo Server’s built-in codes; do not mask them in formatError)',
          ),
    );
  }
  return results;
}
