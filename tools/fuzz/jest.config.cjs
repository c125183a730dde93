module.exports = {
  displayName: 'fuzz',
  preset: '../../jest.preset.js',
  // Each case runs a reader's fuzz target through the runner (a Jest of its own, and guest builds for AS and C).
  testTimeout: 10 * 60_000,
};
