module.exports = {
  displayName: 'docs-check',
  preset: '../../jest.preset.js',
  // Each block has its own timeout (the marker's); this only bounds a whole test.
  testTimeout: 15 * 60_000,
};
