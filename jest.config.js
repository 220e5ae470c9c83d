/** Unit (`*.spec.ts`), integration (`*.int-spec.ts`) and end-to-end (`*.e2e-spec.ts`) tests. */
module.exports = {
  testEnvironment: 'node',
  rootDir: '.',
  roots: ['<rootDir>/apps', '<rootDir>/libs'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  testRegex: '\\.(spec|int-spec|e2e-spec)\\.ts$',
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }],
  },
  moduleNameMapper: {
    '^@app/core/testing$': '<rootDir>/libs/core/src/testing',
    '^@app/notifications/testing$': '<rootDir>/libs/notifications/src/testing',
    '^@app/mfa/testing$': '<rootDir>/libs/mfa/src/testing',
    '^@app/([a-z-]+)$': '<rootDir>/libs/$1/src',
  },
  globalSetup: '<rootDir>/libs/core/src/testing/global-setup.ts',
  globalTeardown: '<rootDir>/libs/core/src/testing/global-teardown.ts',
  maxWorkers: 2,
  testTimeout: 30000,
  verbose: false,
};
