module.exports = {
  displayName: 'codegen-rust',
  preset: '../../jest.preset.js',
  // The specs compile the generated modules with /usr/bin/rustc (natively and
  // for wasm32): a few seconds per schema.
  testTimeout: 300_000,
};
