module.exports = {
  displayName: 'dynamic',
  preset: '../../jest.preset.js',
};
