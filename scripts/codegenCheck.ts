import { execFileSync, spawnSync } from 'node:child_process';

/**
 * Fails when the committed generated resolver types differ from what
 * `npm run codegen` makes from the current SDL, so types never drift from the schema.
 */
function main(): void {
  // The shared SDL copies first: types generated from a stale copy would pass below.
  const sharedSdl = spawnSync('npx', ['tsx', 'scripts/sharedSdl.ts', '--check'], {
    stdio: 'inherit',
  });
  if (sharedSdl.status !== 0) process.exit(1);
  execFileSync('npx', ['graphql-codegen', '--config', 'codegen.ts', '--silent'], {
    stdio: 'inherit',
  });
  const changed = execFileSync(
    'git',
    ['status', '--porcelain', '--', 'subgraphs/*/src/generated', 'console/src/gql'],
    {
      encoding: 'utf8',
    },
  ).trim();
  if (changed) {
    console.error(`generated types are stale; run \`npm run codegen\` and commit:\n${changed}`);
    process.exit(1);
  }
  console.log('generated types are up to date');
}

main();
