import { parse } from 'graphql';
import { join } from 'node:path';
import {
  endMarker,
  readSharedSdl,
  SCAFFOLD_SDL,
  sharedSdlFiles,
  startMarker,
  syncSharedSdl,
  withoutSharedCopies,
} from '../../../subgraphs/shared/sdl/sharedSdl';

const ROOT = join(__dirname, '../../..');
const pieces = readSharedSdl();

/** The names a piece of SDL defines (types, enums, scalars, directives). */
function definedNames(sdl: string): string[] {
  return parse(sdl).definitions.flatMap((definition) =>
    'name' in definition && definition.name && definition.kind.endsWith('Definition')
      ? [definition.name.value]
      : [],
  );
}

describe('shared SDL pieces', () => {
  it('every subgraph copy is the piece as written in subgraphs/shared/sdl', () => {
    const files = sharedSdlFiles(ROOT);
    expect(files.map((f) => f.file)).toEqual(
      expect.arrayContaining([
        'subgraphs/crm/src/schema.graphql',
        'subgraphs/support/src/schema.graphql',
      ]),
    );
    expect(files.filter((f) => f.stale || f.problems.length > 0)).toEqual([]);
    // Every subgraph, and the scaffold, takes the preamble from one place.
    for (const { file, pieces: used } of files) {
      if (file === SCAFFOLD_SDL) {
        expect(used).toEqual(['dateTime', 'cacheControl']);
        continue;
      }
      expect([file, used]).toEqual([
        file,
        expect.arrayContaining(['dateTime', 'cacheControl', 'pageInfo']),
      ]);
    }
  });

  it('no subgraph writes a shared type by hand outside a marked copy', () => {
    const shared = new Set([...pieces.values()].flatMap(definedNames));
    expect(shared).toEqual(
      new Set([
        'DateTime',
        'Channel',
        'cacheControl',
        'CacheControlScope',
        'PageInfo',
        'EntityAccess',
        'EntityAccessConnection',
        'EntityAccessEdge',
        'AttentionSeverity',
        'OwnerAttentionFlag',
      ]),
    );
    for (const { file, text } of sharedSdlFiles(ROOT)) {
      // The scaffold's `{{Name}}` placeholders are not GraphQL names until filled in.
      const sdl = withoutSharedCopies(text)
        .replaceAll('{{Name}}', 'Loyalty')
        .replaceAll('{{name}}', 'loyalty');
      const own = definedNames(sdl).filter((name) => shared.has(name));
      expect([file, own]).toEqual([file, []]);
    }
  });

  it('rewrites a drifted copy and leaves the rest of the file alone', () => {
    const channel = pieces.get('channel') ?? '';
    const drifted = [
      'type Query { a: Int }',
      startMarker('channel'),
      channel.replace('SMS', 'FAX'),
      endMarker('channel'),
      'type Other { b: Int }',
    ].join('\n');
    const synced = syncSharedSdl(drifted, pieces);
    expect(synced.problems).toEqual([]);
    expect(synced.pieces).toEqual(['channel']);
    expect(synced.text).not.toContain('FAX');
    expect(synced.text).toContain('  SMS\n');
    expect(synced.text.startsWith('type Query { a: Int }\n# shared: channel (')).toBe(true);
    expect(synced.text.endsWith(`${endMarker('channel')}\ntype Other { b: Int }`)).toBe(true);
    expect(syncSharedSdl(synced.text, pieces).text).toBe(synced.text);
  });

  it('reports a marker that names no piece or is never closed, and changes nothing there', () => {
    const unknown = `${startMarker('money')}\nscalar Money\n${endMarker('money')}`;
    expect(syncSharedSdl(unknown, pieces)).toEqual({
      text: unknown,
      pieces: [],
      problems: [expect.stringContaining('line 1: no shared SDL piece is called money')],
    });
    const open = `${startMarker('channel')}\nenum Channel { A }`;
    expect(syncSharedSdl(open, pieces).problems).toEqual([
      `line 1: "# shared: channel" has no "# end shared: channel" line after it`,
    ]);
  });
});
