// Shared Jest settings for every project in workspace.json.
// ts-jest transpiles only (isolatedModules in tsconfig.spec.json); type errors are
// caught by each project's `typecheck` target, which keeps the test runs fast.
const path = require('node:path');
const { readFileSync } = require('node:fs');

// Cross-project imports go through the same aliases as tsconfig.base.json, which
// are the npm package names (`@karmem-ts/runtime`, `@karmem-ts/linker/worker`...).
const { paths } = JSON.parse(readFileSync(path.join(__dirname, 'tsconfig.base.json'), 'utf8')).compilerOptions;
const escape = (text) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const moduleNameMapper = Object.fromEntries(
  Object.entries(paths).map(([name, [target]]) => [`^${escape(name)}$`, path.join(__dirname, target)]),
);

module.exports = {
  testEnvironment: 'node',
  testMatch: ['<rootDir>/**/*.spec.ts'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
  },
  moduleNameMapper,
};
