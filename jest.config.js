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
  // At the end a worker has nothing left open (its stdio and IPC pipes only, measured), but it holds a heap of
  // 250-550 MB not yet collected: freeing it took about 1 s after its 'exit' event on this machine under load,
  // past jest's 500 ms, after which jest kills it and warns of a leak there is not. A real leak (a timer, a
  // server, a child) still gets the warning, 5 s later. docs/testing.md: "A worker that exits slowly".
  workerGracefulExitTimeout: 5000,
  // A temp folder per run, removed after it (test/support/temp-root.js).
  globalSetup: '<rootDir>/test/support/global-setup.js',
  globalTeardown: '<rootDir>/test/support/global-teardown.js',
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
};
