import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parse, print } from 'graphql';
import { z } from 'zod';

/**
 * The trusted-documents manifest (`schema/trusted-documents.json`): every document a
 * production client may run, keyed by the SHA-256 hex of its normalised text.
 */
export interface TrustedDocumentManifest {
  readonly version: 1;
  /** Normalised document text by its SHA-256 hex. */
  readonly documents: Readonly<Record<string, string>>;
}

const manifestSchema = z.object({
  version: z.literal(1),
  documents: z.record(z.string().regex(/^[0-9a-f]{64}$/), z.string().min(1)),
});

/** A document's normal form: its printed AST (no comments, canonical spacing). */
export function normalizeDocument(text: string): string {
  return print(parse(text));
}

/** SHA-256 hex of a text (the APQ and manifest hash). */
export function documentHash(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Builds a manifest from document texts, each normalised and keyed by its hash. */
export function buildTrustedDocumentManifest(texts: Iterable<string>): TrustedDocumentManifest {
  const entries = [...texts].map(normalizeDocument).map((text) => [documentHash(text), text]);
  entries.sort(([a], [b]) => String(a).localeCompare(String(b)));
  return { version: 1, documents: Object.fromEntries(entries) as Record<string, string> };
}

/**
 * Validates a parsed manifest: the format, and that every key is the hash of its text
 * (so a hand-edited entry cannot smuggle in another document). Throws naming each problem.
 */
export function parseTrustedDocumentManifest(json: unknown): TrustedDocumentManifest {
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    throw new Error(`invalid trusted-documents manifest: ${parsed.error.message}`);
  }
  const wrong = Object.entries(parsed.data.documents)
    .filter(([hash, text]) => documentHash(text) !== hash)
    .map(([hash]) => hash);
  if (wrong.length > 0) {
    throw new Error(`trusted-documents manifest: hash does not match text for ${wrong.join(', ')}`);
  }
  return { version: 1, documents: parsed.data.documents };
}

/** Reads and validates a manifest file. */
export function loadTrustedDocumentManifest(path: string): TrustedDocumentManifest {
  return parseTrustedDocumentManifest(JSON.parse(readFileSync(path, 'utf8')) as unknown);
}

/** The hash in a document id: `sha256:<hex>` or a bare hex; undefined when it is neither. */
export function documentIdHash(id: string): string | undefined {
  const hex = id.startsWith('sha256:') ? id.slice('sha256:'.length) : id;
  return /^[0-9a-f]{64}$/.test(hex) ? hex : undefined;
}
