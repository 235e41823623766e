import { existsSync, readdirSync } from 'node:fs';
import type { CodegenConfig } from '@graphql-codegen/cli';
import { consoleApiSchemaSdl } from './scripts/consoleApiSchema';
import { subgraphCodegenTarget } from './lib/codegenTarget';

/**
 * Generates resolver and context types from each subgraph's SDL, and the console's typed
 * operations (`console/src/gql/`, client preset) from `schema/operations/` against the
 * supergraph's API schema
 * (`subgraphs/<name>/src/generated/graphql.ts`). A subgraph may map GraphQL types
 * to its row types in `subgraphs/<name>/codegen.json` (`{ "mappers": { ... } }`,
 * paths relative to the generated file).
 */
const subgraphs = readdirSync('subgraphs').filter((name) =>
  existsSync(`subgraphs/${name}/src/schema.graphql`),
);

const config: CodegenConfig = {
  overwrite: true,
  hooks: { afterOneFileWrite: ['prettier --write'] },
  generates: {
    ...Object.fromEntries(subgraphs.map((name) => subgraphCodegenTarget('.', name))),
    'console/src/gql/': {
      schema: [consoleApiSchemaSdl('.')],
      documents: ['schema/operations/*.graphql'],
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        enumsAsTypes: true,
        useTypeImports: true,
        scalars: { DateTime: 'string', JSON: 'unknown' },
      },
    },
  },
};

export default config;
