module.exports = {
  displayName: 'nx-workspace-json',
  preset: '../../jest.preset.js',
  testTimeout: 60_000,
};
