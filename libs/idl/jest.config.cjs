module.exports = {
  displayName: 'idl',
  preset: '../../jest.preset.js',
};
