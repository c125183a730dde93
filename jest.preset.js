// Shared Jest settings for every project in workspace.json.
// ts-jest transpiles only (isolatedModules in tsconfig.spec.json); type errors are
// caught by each project's `typecheck` target, which keeps the test runs fast.
const path = require('node:path');

module.exports = {
  testEnvironment: 'node',
  testMatch: ['<rootDir>/**/*.spec.ts'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
  },
  // Cross-project imports go through the same aliases as tsconfig.base.json.
  moduleNameMapper: {
    '^@karmem-ts/([a-z0-9-]+)$': path.join(__dirname, 'libs/$1/src/index.ts'),
  },
};
