module.exports = {
  displayName: 'nats',
  preset: '../../jest.preset.js',
  // Building the test guest (asc + Binaryen) takes a few seconds; tests start nats-server and child processes.
  testTimeout: 120_000,
};
