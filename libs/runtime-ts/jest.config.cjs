module.exports = {
  displayName: 'runtime-ts',
  preset: '../../jest.preset.js',
};
