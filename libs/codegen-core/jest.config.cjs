module.exports = {
  displayName: 'codegen-core',
  preset: '../../jest.preset.js',
};
