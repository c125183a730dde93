module.exports = {
  displayName: 'linker',
  preset: '../../jest.preset.js',
  // Building the test guests (asc + Binaryen) takes a few seconds each; they are cached under tmp/.
  testTimeout: 120_000,
  moduleNameMapper: {
    '^@karmem-ts/linker/worker$': '<rootDir>/src/worker/index.ts',
    '^@karmem-ts/([a-z0-9-]+)$': '<rootDir>/../$1/src/index.ts',
  },
};
