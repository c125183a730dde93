module.exports = {
  displayName: 'example-browser',
  preset: '../../jest.preset.js',
  // Builds the site (and the physics guests when missing), then drives headless Chromium.
  testTimeout: 180_000,
};
