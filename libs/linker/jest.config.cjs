module.exports = {
  displayName: 'linker',
  preset: '../../jest.preset.js',
  // Building the test guests (asc + Binaryen) takes a few seconds each; they are cached under tmp/.
  testTimeout: 120_000,
};
