module.exports = {
  displayName: 'runtime-as',
  preset: '../../jest.preset.js',
  // Building the test guest (asc + Binaryen, two runtimes) takes a few seconds.
  testTimeout: 60_000,
};
