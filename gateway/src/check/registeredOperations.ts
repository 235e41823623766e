import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Kind, parse, Source, type DocumentNode } from 'graphql';
import { loadTrustedDocumentManifest } from '../limits/trustedDocumentManifest';

/** A document clients are known to send, named so a report can point at it. */
export interface RegisteredOperation {
  /** The operation name(s) in the document, or where it came from when anonymous. */
  name: string;
  document: DocumentNode;
}

/** Where the registered operations come from. */
export type OperationsSource =
  { kind: 'directory'; path: string } | { kind: 'manifest'; path: string };

/**
 * Reads registered operations: every `*.graphql` file of a directory (as
 * `schema/operations/`), or every document of a trusted-documents manifest. Files are
 * named relative to `relativeTo` (default the process's directory).
 */
export function loadRegisteredOperations(
  source: OperationsSource,
  relativeTo = '.',
): RegisteredOperation[] {
  switch (source.kind) {
    case 'directory':
      return readdirSync(source.path)
        .filter((file) => file.endsWith('.graphql'))
        .sort()
        .map((file) => {
          const path = join(source.path, file);
          const shown = relative(relativeTo, path);
          return named(parse(new Source(readFileSync(path, 'utf8'), shown)), shown);
        });
    case 'manifest':
      return Object.entries(loadTrustedDocumentManifest(source.path).documents).map(
        ([hash, text]) => named(parse(text), `sha256:${hash}`),
      );
    default:
      throw new Error(`unknown operations source ${String(source satisfies never)}`);
  }
}

function named(document: DocumentNode, fallback: string): RegisteredOperation {
  const names = document.definitions.flatMap((definition) =>
    definition.kind === Kind.OPERATION_DEFINITION && definition.name ? [definition.name.value] : [],
  );
  return { name: names.length > 0 ? names.join(', ') : fallback, document };
}
