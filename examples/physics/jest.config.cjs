module.exports = {
  displayName: 'example',
  preset: '../../jest.preset.js',
  // Builds the two guests when dist/ does not have them (asc + Binaryen: a few seconds).
  testTimeout: 120_000,
};
