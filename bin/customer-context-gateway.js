#!/usr/bin/env node
// The `customer-context-gateway` command.
// - Installed from the package (no TypeScript sources beside it): runs the compiled
//   JavaScript in dist/ with plain node.
// - In a checkout of the repository: runs the TypeScript sources through tsx (a dev
//   dependency), so development needs no build step. Production builds once
//   (`npm run build`) and runs `npm run start:gateway` or the installed command.
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const source = join(root, 'gateway', 'src', 'index.ts');
const compiled = join(root, 'dist', 'gateway', 'src', 'index.js');

if (existsSync(source) && canLoad('tsx/cjs')) {
  require('tsx/cjs');
  require(source);
} else if (existsSync(compiled)) {
  require(compiled);
} else {
  console.error(`customer-context-gateway: ${compiled} is missing; run \`npm run build\` first`);
  process.exit(1);
}

function canLoad(name) {
  try {
    require.resolve(name);
    return true;
  } catch {
    return false;
  }
}
