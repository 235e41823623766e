import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Where the shared SDL pieces live: `<name>.graphql`, one piece a file. */
export const SHARED_SDL_DIR = __dirname;

const START = /^# shared: ([A-Za-z]+) \(.*\)$/;
const END = /^# end shared: ([A-Za-z]+)$/;

/** The first line of a copy of `name`, saying where it comes from. */
export const startMarker = (name: string): string =>
  `# shared: ${name} (a copy of subgraphs/shared/sdl/${name}.graphql; edit it there, then run npm run sdl:shared)`;

/** The last line of a copy of `name`. */
export const endMarker = (name: string): string => `# end shared: ${name}`;

/** Every shared piece by name (the file name without `.graphql`). */
export function readSharedSdl(dir: string = SHARED_SDL_DIR): Map<string, string> {
  return new Map(
    readdirSync(dir)
      .filter((file) => file.endsWith('.graphql'))
      .sort()
      .map((file) => [file.slice(0, -'.graphql'.length), readFileSync(join(dir, file), 'utf8')]),
  );
}

/** A subgraph SDL with its shared copies brought up to date, and what could not be. */
export interface SyncedSdl {
  text: string;
  /** The names of the shared pieces the SDL holds a copy of, in order. */
  pieces: string[];
  /** Markers that name no piece or are not closed; empty when all is well. */
  problems: string[];
}

/**
 * Replaces the text between each `# shared: NAME (…)` line and its `# end shared: NAME`
 * line with the piece `NAME` (and rewrites the start line to the standard wording).
 * Everything outside the markers is left as it is.
 */
export function syncSharedSdl(sdl: string, pieces: ReadonlyMap<string, string>): SyncedSdl {
  const lines = sdl.split('\n');
  const out: string[] = [];
  const names: string[] = [];
  const problems: string[] = [];
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i] ?? '';
    const name = START.exec(line)?.[1];
    if (name === undefined) {
      out.push(line);
      continue;
    }
    const end = lines.findIndex((candidate, j) => j > i && END.exec(candidate)?.[1] === name);
    const piece = pieces.get(name);
    if (end < 0 || piece === undefined) {
      problems.push(
        end < 0
          ? `line ${i + 1}: "# shared: ${name}" has no "${endMarker(name)}" line after it`
          : `line ${i + 1}: no shared SDL piece is called ${name} (known: ${[...pieces.keys()].join(', ')})`,
      );
      out.push(line);
      continue;
    }
    out.push(startMarker(name), ...piece.replace(/\n+$/, '').split('\n'), endMarker(name));
    names.push(name);
    i = end;
  }
  return { text: out.join('\n'), pieces: names, problems };
}

/** `sdl` without its shared copies (markers included): what the subgraph wrote itself. */
export function withoutSharedCopies(sdl: string): string {
  const kept: string[] = [];
  let inside: string | null = null;
  for (const line of sdl.split('\n')) {
    if (inside === null) {
      const name = START.exec(line)?.[1];
      if (name === undefined) kept.push(line);
      else inside = name;
    } else if (END.exec(line)?.[1] === inside) {
      inside = null;
    }
  }
  return kept.join('\n');
}

/** One subgraph SDL file and its synced text. */
export interface SharedSdlFile extends SyncedSdl {
  /** Path relative to the repository root, e.g. `subgraphs/crm/src/schema.graphql`. */
  file: string;
  /** True when the file's copies differ from the pieces (the file needs writing). */
  stale: boolean;
}

/** The scaffold's SDL template (`new-subgraph`), which holds copies too. */
export const SCAFFOLD_SDL = 'scaffold/subgraph/subgraphs/{{name}}/src/schema.graphql.tmpl';

/**
 * Every `subgraphs/<name>/src/schema.graphql` under `root`, and the scaffold's SDL
 * template, synced against the pieces.
 */
export function sharedSdlFiles(root: string): SharedSdlFile[] {
  const pieces = readSharedSdl(join(root, 'subgraphs/shared/sdl'));
  const subgraphs = readdirSync(join(root, 'subgraphs'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => `subgraphs/${entry.name}/src/schema.graphql`)
    .sort();
  return [...subgraphs, SCAFFOLD_SDL]
    .filter((file) => existsSync(join(root, file)))
    .map((file) => {
      const current = readFileSync(join(root, file), 'utf8');
      const synced = syncSharedSdl(current, pieces);
      return { file, ...synced, stale: synced.text !== current };
    });
}
