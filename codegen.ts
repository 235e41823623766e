import { existsSync, readdirSync } from 'node:fs';
import type { CodegenConfig } from '@graphql-codegen/cli';
import { subgraphCodegenTarget } from './lib/codegenTarget';

/**
 * Generates resolver and context types from each subgraph's SDL
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
  generates: Object.fromEntries(subgraphs.map((name) => subgraphCodegenTarget('.', name))),
};

export default config;
