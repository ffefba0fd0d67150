/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // tsconfig.json has isolatedModules: ts-jest transpiles each file alone, with no type-check in each worker
  // (`npx jest` on one small file: 7.7 s of CPU before, 2.8 s after); `npm test` type-checks src and test once
  // with tsc first (pretest).
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  // Both cores: most tests run in the worker now (test/support/main-in-process.ts), not in spawned CLIs.
  maxWorkers: '100%',
  // gitlab-ci-local and spawned CLIs are slow on 2 cores; each test sets no timing assertions.
  testTimeout: 120000,
  // A temp folder per run, removed after it (test/support/temp-root.js).
  globalSetup: '<rootDir>/test/support/global-setup.js',
  globalTeardown: '<rootDir>/test/support/global-teardown.js',
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
};
