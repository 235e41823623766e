import { randomBytes } from 'node:crypto';
import { fail, pass, warn, type CheckResult } from './checkResult';
import {
  describeAnswer,
  errorCodes,
  postGraphql,
  VERIFIER_CLAIMS,
  type Signing,
} from './postGraphql';

/** Options for {@link checkSignedClaims}. */
export interface SignedClaimsCheckOptions {
  url: string;
  /** The shared secret; null when none was available (the check is skipped). */
  secret: string | null;
  /** The subgraph's name, which signed requests name. */
  subgraph: string;
  /** Name of the environment variable the secret was read from, for the report. */
  secretEnv: string;
  /** Whether the SDL declares entities, so `_entities` exists to probe with. */
  hasEntities: boolean;
}

/**
 * Checks that an operation is accepted with claims signed by the shared secret and
 * refused with HTTP 401 when unsigned or signed with another key, and that even
 * `_service` is refused unsigned (the SDL is no stranger's business).
 */
export async function checkSignedClaims(options: SignedClaimsCheckOptions): Promise<CheckResult[]> {
  const sdlUnsigned = await postGraphql({
    url: options.url,
    query: '{ _service { sdl } }',
    signing: { kind: 'unsigned' },
  });
  const sdlRefusal = refusal('unsigned sdl refused', 'an unsigned `_service { sdl }`', sdlUnsigned);
  if (options.secret === null) {
    return [
      sdlRefusal,
      warn(
        'signed claims',
        `skipped: no secret in $${options.secretEnv}; set it (or pass --secret-env NAME) to check claims handling`,
      ),
    ];
  }
  // Any operation must need claims.
  const query = options.hasEntities
    ? /* GraphQL */ `
        query VerifyClaims {
          _entities(representations: []) {
            __typename
          }
        }
      `
    : /* GraphQL */ `
        query VerifyClaims {
          __schema {
            queryType {
              name
            }
          }
        }
      `;
  const post = (signing: Signing) => postGraphql({ url: options.url, query, signing });
  const { subgraph } = options;
  const signed = await post({
    kind: 'signed',
    secret: options.secret,
    claims: VERIFIER_CLAIMS,
    subgraph,
  });
  const unsigned = await post({ kind: 'unsigned' });
  const forgedSecret = randomBytes(32).toString('base64url');
  const forged = await post({
    kind: 'signed',
    secret: forgedSecret,
    claims: VERIFIER_CLAIMS,
    subgraph,
  });
  const accepted = signed.status === 200 && errorCodes(signed).length === 0;
  return [
    accepted
      ? pass('signed claims accepted', `claims signed with $${options.secretEnv} are accepted`)
      : fail(
          'signed claims accepted',
          `claims signed with $${options.secretEnv} were refused (${describeAnswer(signed)}); ` +
            'verify the signed claims with the same SUBGRAPH_HMAC_SECRET as the gateway (lib/verifySignedClaims)',
        ),
    refusal('unsigned refused', 'an unsigned request', unsigned),
    sdlRefusal,
    refusal('forged refused', 'claims signed with another key', forged),
  ];
}

function refusal(
  name: string,
  label: string,
  answer: Awaited<ReturnType<typeof postGraphql>>,
): CheckResult {
  return answer.status === 401
    ? pass(name, `${label} is refused with 401`)
    : fail(
        name,
        `${label} got ${describeAnswer(answer)}; refuse operations without valid signed claims ` +
          'with 401 UNAUTHENTICATED before parsing (subgraphs/shared/callerClaims createCallerVerifier)',
      );
}
