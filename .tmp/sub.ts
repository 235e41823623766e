import { readFileSync } from 'node:fs';
import { Supergraph, printSchema } from '@apollo/federation-internals';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { stripSecurityLinks } from '../gateway/src/authz/stripSecurityLinks';
const sdl = stripSecurityLinks(readFileSync('schema/supergraph.graphql', 'utf8'));
const sg = Supergraph.build(sdl);
for (const s of sg.subgraphs()) {
  const printed = printSchema(s.schema);
  try { buildSubgraphSchema({ typeDefs: parse(printed) }); console.log(s.name, 'ok', printed.length); }
  catch (e) { console.log(s.name, 'fail', (e as Error).message.slice(0, 300)); }
}
