// eslint-disable-next-line @typescript-eslint/no-require-imports -- jest reads this file as CommonJS
const { availableParallelism } = require('node:os');

/**
 * Jest runs the TypeScript sources through SWC (type checking is `npm run typecheck`).
 * Integration suites start real servers on port 0; globalSetup prepares one PGlite
 * data folder that each test file copies instead of paying initdb again.
 * @type {import('jest').Config}
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
  globalSetup: '<rootDir>/test/harness/globalSetup.ts',
  globalTeardown: '<rootDir>/test/harness/globalTeardown.ts',
  // A deadline for a hung test, not a measure: stacks start slowly on a busy machine.
  testTimeout: 180_000,
  // One worker more than there are cores: a suite waiting on its servers, a deadline or
  // a child process leaves its core idle, and the extra worker fills it (measured: two
  // workers kept two cores about 70% busy).
  maxWorkers: availableParallelism() + 1,
};
