#!/usr/bin/env node
// Builds the browser example into dist/examples/browser, a static folder any
// server can serve (with the COOP/COEP headers, see src/server.ts):
//   index.html, page.js, host-worker.js    the page and its host worker (esbuild bundles)
//   guests/engine.incremental.wasm, guests/scorer.minimal.wasm
//                                          the physics example's guests (built first if missing)
//   looper.wasm                            the runaway guest, src/looper.wat through Binaryen's text parser
//
//   node examples/browser/build.mjs [out-dir]
//
// ESM because Binaryen's npm package is ESM-only; the test runs it in a child process.
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import binaryen from 'binaryen';
import { build } from 'esbuild';
import { WORKSPACE_ROOT } from '../../tools/asbuild/build.mjs';
import { buildPhysicsGuests } from '../physics/scripts/build-guests.mjs';

const HERE = join(WORKSPACE_ROOT, 'examples/browser');
const outDir = resolve(process.argv[2] ?? join(WORKSPACE_ROOT, 'dist/examples/browser'));

function looper(text) {
  const module = binaryen.parseText(text);
  try {
    if (!module.validate()) throw new Error('src/looper.wat does not validate');
    return module.emitBinary();
  } finally {
    module.dispose();
  }
}

await mkdir(join(outDir, 'guests'), { recursive: true });
await build({
  entryPoints: { page: join(HERE, 'src/page.ts'), 'host-worker': join(HERE, 'src/host-worker.ts') },
  bundle: true,
  platform: 'browser',
  format: 'iife',
  target: 'es2022',
  outdir: outDir,
  sourcemap: 'linked',
  tsconfig: join(HERE, 'tsconfig.json'),
  logLevel: 'warning',
});
await copyFile(join(HERE, 'index.html'), join(outDir, 'index.html'));
for (const file of await buildPhysicsGuests({ onlyMissing: true })) await copyFile(file, join(outDir, 'guests', file.slice(file.lastIndexOf('/') + 1)));
await writeFile(join(outDir, 'looper.wasm'), looper(await readFile(join(HERE, 'src/looper.wat'), 'utf8')));
console.log(`browser example built in ${outDir}`);
