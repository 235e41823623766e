import { checkEntityResolution, declaresAnyEntity } from './checkEntityResolution';
import { checkErrorCodes } from './checkErrorCodes';
import { checkHealth } from './checkHealth';
import type { CheckResult } from './checkResult';
import { checkServiceSdl } from './checkServiceSdl';
import { checkSignedClaims } from './checkSignedClaims';
import { VERIFIER_CLAIMS, type Signing } from './postGraphql';

/** What {@link verifySubgraph} checks. */
export interface VerifySubgraphOptions {
  /** The subgraph's GraphQL endpoint, e.g. `http://127.0.0.1:4001/graphql`. */
  url: string;
  /** The shared `SUBGRAPH_HMAC_SECRET`; null skips the claims checks with a warning. */
  secret: string | null;
  /** The subgraph's name as the supergraph names it; requests are signed for it. */
  subgraph: string;
  /** Name of the variable the secret came from, for the report. Default `SUBGRAPH_HMAC_SECRET`. */
  secretEnv?: string;
  /** Entity whose resolution is checked. Default `Customer`. */
  entity?: string;
  /** Its single key field. Default `id`. */
  key?: string;
  /** Keys the subgraph knows. Default the seeded personas. */
  sampleIds?: readonly string[];
}

/** The persona ids every subgraph here seeds. */
export const DEFAULT_SAMPLE_IDS: readonly string[] = [
  'cus-dana-reyes',
  'cus-sam-okafor',
  'cus-priya-nair',
];

/**
 * Runs the conformance checks the gateway relies on against a running subgraph and
 * returns one result per check, in report order.
 */
export async function verifySubgraph(options: VerifySubgraphOptions): Promise<CheckResult[]> {
  const secretEnv = options.secretEnv ?? 'SUBGRAPH_HMAC_SECRET';
  const signing: Signing =
    options.secret === null
      ? { kind: 'unsigned' }
      : {
          kind: 'signed',
          secret: options.secret,
          claims: VERIFIER_CLAIMS,
          subgraph: options.subgraph,
        };
  const sdl = await checkServiceSdl(options.url, signing);
  const results: CheckResult[] = [...sdl.results, await checkHealth(options.url)];
  const hasEntities = sdl.document !== null && declaresAnyEntity(sdl.document);
  results.push(
    ...(await checkSignedClaims({
      url: options.url,
      secret: options.secret,
      subgraph: options.subgraph,
      secretEnv,
      hasEntities,
    })),
  );
  if (sdl.document !== null) {
    results.push(
      ...(await checkEntityResolution({
        url: options.url,
        document: sdl.document,
        entity: options.entity ?? 'Customer',
        key: options.key ?? 'id',
        sampleIds: options.sampleIds ?? DEFAULT_SAMPLE_IDS,
        signing,
      })),
    );
  }
  results.push(...(await checkErrorCodes(options.url, signing)));
  return results;
}
