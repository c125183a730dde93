// @ts-check
// Jest global setup: makes sure the C guests in dist/libs/codegen-c are built
// from the current sources (a no-op when `codegen-c:build-guests` just ran).
const { buildGuests } = require('./build-guests.cjs');

module.exports = async function globalSetup() {
  buildGuests({ log: (line) => process.stderr.write(`codegen-c guests: ${line}\n`) });
};
