import { Kind, parse, type ConstDirectiveNode, type DocumentNode } from 'graphql';
import { fail, pass, warn, type CheckResult } from './checkResult';
import { describeAnswer, postGraphql, type Signing } from './postGraphql';

/** What the SDL checks found: their report lines and the parsed SDL when it parsed. */
export interface SdlOutcome {
  results: CheckResult[];
  document: DocumentNode | null;
}

const FEDERATION_V2 = /^https:\/\/specs\.apollo\.dev\/federation\/v2\.\d+$/;

/**
 * Checks that `_service { sdl }` answers with signed claims (the gateway composes from
 * it) and parses, and that the SDL links Federation 2 with
 * `@link(url: ".../federation/v2.x")`. Unsigned (no secret given) it is skipped.
 */
export async function checkServiceSdl(url: string, signing: Signing): Promise<SdlOutcome> {
  const answer = await postGraphql({
    url,
    query: /* GraphQL */ `
      query VerifyServiceSdl {
        _service {
          sdl
        }
      }
    `,
    signing,
  });
  if (signing.kind === 'unsigned' && answer.status === 401) {
    return {
      document: null,
      results: [
        warn('service sdl', 'skipped: `_service` needs signed claims and no secret was given'),
      ],
    };
  }
  const service = answer.body?.data?._service as { sdl?: unknown } | null | undefined;
  if (answer.status !== 200 || typeof service?.sdl !== 'string') {
    return {
      document: null,
      results: [
        fail(
          'service sdl',
          `\`{ _service { sdl } }\` did not return the SDL (${describeAnswer(answer)}); ` +
            'build the schema with buildSubgraphSchema and answer `_service` to signed callers',
        ),
      ],
    };
  }
  let document: DocumentNode;
  try {
    document = parse(service.sdl);
  } catch (error) {
    return {
      document: null,
      results: [fail('service sdl', `the SDL does not parse: ${String(error)}`)],
    };
  }
  const links = federationLinks(document);
  const linked = links.find((link) => FEDERATION_V2.test(link));
  return {
    document,
    results: [
      pass(
        'service sdl',
        `\`_service { sdl }\` answers (${service.sdl.length} characters) and parses`,
      ),
      linked
        ? pass('federation 2', `links ${linked}`)
        : fail(
            'federation 2',
            `the SDL does not link Federation 2 (${links.length ? `found ${links.join(', ')}` : 'no @link'}); ` +
              'add `extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key"])`',
          ),
    ],
  };
}

/** The `url` argument of every schema-level `@link` in the document. */
function federationLinks(document: DocumentNode): string[] {
  const urls: string[] = [];
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.SCHEMA_DEFINITION && definition.kind !== Kind.SCHEMA_EXTENSION) {
      continue;
    }
    for (const directive of definition.directives ?? []) {
      const url = linkUrl(directive);
      if (url !== null) urls.push(url);
    }
  }
  return urls;
}

function linkUrl(directive: ConstDirectiveNode): string | null {
  if (directive.name.value !== 'link') return null;
  const argument = directive.arguments?.find((arg) => arg.name.value === 'url');
  return argument?.value.kind === Kind.STRING ? argument.value.value : null;
}
