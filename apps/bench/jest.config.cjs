module.exports = {
  displayName: 'bench',
  preset: '../../jest.preset.js',
  // The smoke test runs every case once in quick mode (a few seconds; guests are built by `bench:build-guests`).
  testTimeout: 120_000,
};
