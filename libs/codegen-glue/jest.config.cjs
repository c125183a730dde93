module.exports = {
  displayName: 'codegen-glue',
  preset: '../../jest.preset.js',
  // The end-to-end test builds two guests (asc + Binaryen), cached under tmp/.
  testTimeout: 120_000,
};
