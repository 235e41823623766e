import { execFileSync } from 'node:child_process';

/**
 * Fails when the committed generated resolver types differ from what
 * `npm run codegen` makes from the current SDL, so types never drift from the schema.
 */
function main(): void {
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
