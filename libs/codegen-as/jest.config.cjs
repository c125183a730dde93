module.exports = {
  displayName: 'codegen-as',
  preset: '../../jest.preset.js',
  // Guests are built with asc + Binaryen (cached under tmp/codegen-as-test/): a cold build takes a while.
  testTimeout: 300_000,
};
