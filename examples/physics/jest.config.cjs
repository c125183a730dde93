module.exports = {
  displayName: 'example',
  preset: '../../jest.preset.js',
  // Builds the two guests when dist/ does not have them (asc + Binaryen: a few seconds).
  testTimeout: 120_000,
  moduleNameMapper: {
    '^@karmem-ts/linker/worker$': '<rootDir>/../../libs/linker/src/worker/index.ts',
    '^@karmem-ts/([a-z0-9-]+)$': '<rootDir>/../../libs/$1/src/index.ts',
  },
};
