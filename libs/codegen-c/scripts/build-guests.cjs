#!/usr/bin/env node
// @ts-check
/**
 * Builds the C conformance guests into dist/libs/codegen-c (see
 * test/guests.ts): the Nx target `codegen-c:build-guests` and Jest's global
 * setup both run this. The builder is TypeScript that imports the generator
 * and the workspace libraries; esbuild bundles it in memory (it reads the
 * @karmem-ts/* aliases from the tsconfig), so no compile step is needed.
 *
 *   node libs/codegen-c/scripts/build-guests.cjs [--out-dir <dir>]
 */
const Module = require('node:module');
const { join, resolve } = require('node:path');

const ROOT = resolve(__dirname, '../../..');
const ENTRY = join(__dirname, '../test/guests.ts');

/** @returns {typeof import('../test/guests')} */
function loadBuilder() {
  const esbuild = require('esbuild');
  const result = esbuild.buildSync({
    entryPoints: [ENTRY],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    write: false,
    logLevel: 'warning',
    tsconfig: join(__dirname, '../tsconfig.json'),
  });
  const m = new Module(ENTRY, module);
  m.filename = ENTRY;
  m.paths = Module._nodeModulePaths(__dirname);
  // @ts-expect-error: Module#_compile is internal but stable
  m._compile(result.outputFiles[0].text, ENTRY);
  return m.exports;
}

/** @param {{ outDir?: string, log?: (line: string) => void }} [options] */
function buildGuests(options = {}) {
  return loadBuilder().buildGuests({ root: ROOT, ...options });
}

module.exports = { buildGuests, ROOT };

if (require.main === module) {
  const args = process.argv.slice(2);
  const at = args.indexOf('--out-dir');
  const outDir = at >= 0 ? resolve(args[at + 1] ?? '') : undefined;
  try {
    buildGuests({ ...(outDir ? { outDir } : {}), log: (line) => console.log(line) });
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
