import { checkEntityResolution, declaresAnyEntity } from './checkEntityResolution';
import { checkErrorCodes } from './checkErrorCodes';
import { checkHealth } from './checkHealth';
import { warn, type CheckResult } from './checkResult';
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
  /**
   * Entity whose `_entities` resolution is checked (e.g. the domain file's `verify`
   * block); null skips that check with a WARN saying how to name one.
   */
  entity: EntitySample | null;
}

/** An entity to resolve: its type, its single key field and keys the subgraph knows. */
export interface EntitySample {
  type: string;
  key: string;
  sampleIds: readonly string[];
}

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
  if (sdl.document !== null && options.entity === null) {
    results.push(
      warn(
        'entities',
        'skipped: no entity named; pass --entity TYPE --sample-ids A,B, or set `verify` in the domain file',
      ),
    );
  } else if (sdl.document !== null && options.entity !== null) {
    results.push(
      ...(await checkEntityResolution({
        url: options.url,
        document: sdl.document,
        entity: options.entity.type,
        key: options.entity.key,
        sampleIds: options.entity.sampleIds,
        signing,
      })),
    );
  }
  results.push(...(await checkErrorCodes(options.url, signing)));
  return results;
}
