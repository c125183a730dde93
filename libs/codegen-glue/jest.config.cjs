module.exports = {
  displayName: 'codegen-glue',
  preset: '../../jest.preset.js',
  // The end-to-end test builds two guests (asc + Binaryen), cached under tmp/.
  testTimeout: 120_000,
  moduleNameMapper: {
    '^@karmem-ts/linker/worker$': '<rootDir>/../linker/src/worker/index.ts',
    '^@karmem-ts/([a-z0-9-]+)$': '<rootDir>/../$1/src/index.ts',
  },
};
