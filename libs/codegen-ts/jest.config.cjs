module.exports = {
  displayName: 'codegen-ts',
  preset: '../../jest.preset.js',
};
