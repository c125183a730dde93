module.exports = {
  displayName: 'codegen-go',
  preset: '../../jest.preset.js',
  // The specs build and run Go packages (go vet, go test, a fuzz run per schema): seconds each.
  testTimeout: 300_000,
};
