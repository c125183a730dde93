module.exports = {
  displayName: 'layout',
  preset: '../../jest.preset.js',
};
