import { Kind, parse, type ConstDirectiveNode, type DocumentNode } from 'graphql';
import { fail, pass, type CheckResult } from './checkResult';
import { describeAnswer, postGraphql } from './postGraphql';

/** What the SDL checks found: their report lines and the parsed SDL when it parsed. */
export interface SdlOutcome {
  results: CheckResult[];
  document: DocumentNode | null;
}

const FEDERATION_V2 = /^https:\/\/specs\.apollo\.dev\/federation\/v2\.\d+$/;

/**
 * Checks that `_service { sdl }` answers without claims (the gateway composes from it)
 * and parses, and that the SDL links Federation 2 with `@link(url: ".../federation/v2.x")`.
 */
export async function checkServiceSdl(url: string): Promise<SdlOutcome> {
  const answer = await postGraphql({
    url,
    query: /* GraphQL */ `
      query VerifyServiceSdl {
        _service {
          sdl
        }
      }
    `,
    signing: { kind: 'unsigned' },
  });
  const service = answer.body?.data?._service as { sdl?: unknown } | null | undefined;
  if (answer.status !== 200 || typeof service?.sdl !== 'string') {
    return {
      document: null,
      results: [
        fail(
          'service sdl',
          `\`{ _service { sdl } }\` without claims did not return the SDL (${describeAnswer(answer)}); ` +
            'build the schema with buildSubgraphSchema and let `_service` through unsigned',
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
