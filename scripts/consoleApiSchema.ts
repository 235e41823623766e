import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Supergraph } from '@apollo/federation-internals';
import { printSchema } from 'graphql';
import { stripSecurityLinks } from '../gateway/src/authz/stripSecurityLinks';
import { domainFromFile } from '../gateway/src/domain/domainConfig';
import { liveFieldsOf } from '../gateway/src/domain/liveFieldsOf';
import { liveSchemaBuilder } from '../gateway/src/subscriptions/liveSchema';
import { createLogger } from '../lib/logger';

/**
 * The schema clients see, as SDL: the supergraph's API schema (no join machinery, no
 * `@inaccessible` parts) plus the gateway's live `Subscription` fields. What the
 * console's operations are typed against.
 */
export function consoleApiSchemaSdl(root: string): string {
  const supergraph = readFileSync(join(root, 'schema', 'supergraph.graphql'), 'utf8');
  const api = Supergraph.build(stripSecurityLinks(supergraph)).apiSchema().toGraphQLJSSchema();
  const liveFields = liveFieldsOf(domainFromFile(join(root, 'schema', 'domain.json')));
  const live = liveSchemaBuilder(liveFields, createLogger({ name: 'codegen', level: 'warn' }));
  return printSchema(live(api).schema);
}
