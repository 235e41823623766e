#!/usr/bin/env node
// Runs the TypeScript CLI through tsx, so the installed command needs no build step.
require('tsx/cjs');
require('../gateway/src/index.ts');
