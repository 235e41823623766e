import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sharedSdlFiles } from '../subgraphs/shared/sdl/sharedSdl';

/**
 * `npm run sdl:shared`: brings every subgraph's copies of the shared SDL pieces
 * (`subgraphs/shared/sdl/*.graphql`, between `# shared: NAME` and `# end shared: NAME`)
 * up to date. With `--check` it writes nothing and exits 1 when a copy differs from its
 * piece or a marker is broken (run by `npm run codegen:check`).
 */
function main(args: string[]): number {
  const check = args.includes('--check');
  const root = join(__dirname, '..');
  let failed = false;
  for (const { file, text, stale, problems } of sharedSdlFiles(root)) {
    for (const problem of problems) console.error(`${file}: ${problem}`);
    failed ||= problems.length > 0;
    if (!stale) continue;
    if (check) {
      console.error(
        `${file}: a shared SDL copy differs from subgraphs/shared/sdl; run npm run sdl:shared`,
      );
      failed = true;
    } else {
      writeFileSync(join(root, file), text);
      console.log(`updated ${file}`);
    }
  }
  if (!failed) console.log('shared SDL copies are up to date');
  return failed ? 1 : 0;
}

process.exitCode = main(process.argv.slice(2));
