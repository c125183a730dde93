module.exports = {
  displayName: 'codegen-c',
  preset: '../../jest.preset.js',
  // Builds every conformance guest (clang, then Binaryen) and the native
  // sanitizer harnesses once per run, before the workers start; reuses them
  // when nothing they are built from changed. See scripts/build-guests.cjs.
  globalSetup: '<rootDir>/scripts/jest-global-setup.cjs',
  // The native harnesses run under AddressSanitizer: a few seconds each.
  testTimeout: 120_000,
};
