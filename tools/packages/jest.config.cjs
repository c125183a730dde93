module.exports = {
  displayName: 'packages',
  preset: '../../jest.preset.js',
  // The consumer test installs packed tarballs and builds guests: minutes, not seconds.
  testTimeout: 600_000,
};
