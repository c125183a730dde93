#!/usr/bin/env node
// Builds an AssemblyScript guest: asc compiles the entry (no optimization),
// then Binaryen optimizes the module (-O3 by default). The work is done by
// ./asbuild.mjs, which the karmem-ts CLI bundles for `karmem-ts build`. Prints the module's
// size before and after Binaryen, writes `<out-dir>/<name>.<runtime>.wasm`.
//
// ESM because Binaryen's npm package is ESM-only (top-level await). From
// CommonJS (Jest), use ./index.cjs, which runs this script in a child process.
//
//   node tools/asbuild/build.mjs <entry.ts> [options] [-- <asc flags>...]
//
// See docs/assemblyscript.md, or run with --help.

import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildGuest as buildShared, RUNTIMES } from './asbuild.mjs';

export { RUNTIMES };

/** Workspace root: where node_modules lives. */
export const WORKSPACE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * Added to asc's `--path` so that guests built inside the monorepo resolve
 * `@karmem-ts/runtime-as/assembly` and `@karmem-ts/linker/assembly` to the
 * libraries' sources, exactly as they resolve from node_modules for users who
 * install the packages (the folder holds one link per package).
 */
export const PACKAGES_PATH = join(dirname(fileURLToPath(import.meta.url)), 'packages');

const USAGE = `Usage: node tools/asbuild/build.mjs <entry.ts> [options] [-- <asc flags>...]

Compiles an AssemblyScript entry with asc (no optimization), optimizes it with
Binaryen, writes <out-dir>/<name>.<runtime>.wasm and prints the sizes before
and after Binaryen.

Options:
  --out-dir <dir>      output folder (default: dist/asbuild), relative to the cwd
  --name <name>        output base name (default: the entry's file name)
  --runtime <list>     comma-separated AssemblyScript runtimes: stub, minimal,
                       incremental (default: incremental)
  --optimize <0-3>     Binaryen optimize level (default: 3)
  --shrink <0-2>       Binaryen shrink level (default: 0)
  --converge           re-run Binaryen until the module stops shrinking
  --wat                also write <name>.<runtime>.wat (optimized module, text)
  --asc <flag>         one extra asc argument (repeatable); same as after --
  --no-lib-path        do not add the monorepo's @karmem-ts packages to asc's --path
  --allocator <file>   compile <file> in place of AssemblyScript's memory manager
                       (the library file rt/tlsf); minimal and incremental only.
                       For guests that share a memory: see docs/abi.md
  --fuel               meter the optimized module: an instruction budget the
                       linker sets per call (1 unit per loop iteration and per
                       entry into a function that calls others; traps when
                       spent). See docs/linker.md
  --count-allocations  count the runtime's __new calls (adds asc's
                       --exportRuntime; exports __allocations(): i32). For
                       measurement builds only. See docs/assemblyscript.md
  --json               print the report as JSON on stdout (for tools), nothing else
  -h, --help           this text
`;

/**
 * Builds one entry for each runtime (see ./asbuild.mjs, which the karmem-ts
 * CLI shares). `libPath` (default true) adds the monorepo's @karmem-ts
 * packages to asc's --path.
 * @param {import('./asbuild.d.mts').BuildOptions & { libPath?: boolean }} options
 * @returns {Promise<import('./asbuild.d.mts').BuiltModule[]>}
 */
export function buildGuest(options) {
  const { libPath, ...rest } = options;
  return buildShared({ ...rest, paths: [...(libPath === false ? [] : [PACKAGES_PATH]), ...(options.paths ?? [])] });
}

/** @param {string[]} argv */
export function parseCommandLine(argv) {
  const dashDash = argv.indexOf('--');
  const own = dashDash < 0 ? argv : argv.slice(0, dashDash);
  const { values, positionals } = parseArgs({
    args: own,
    allowPositionals: true,
    options: {
      'out-dir': { type: 'string' },
      name: { type: 'string' },
      runtime: { type: 'string' },
      optimize: { type: 'string' },
      shrink: { type: 'string' },
      converge: { type: 'boolean' },
      wat: { type: 'boolean' },
      asc: { type: 'string', multiple: true },
      'no-lib-path': { type: 'boolean' },
      allocator: { type: 'string' },
      fuel: { type: 'boolean' },
      'count-allocations': { type: 'boolean' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return { help: true };
  if (positionals.length !== 1) throw new Error('expected exactly one entry file');
  return {
    json: values.json === true,
    options: {
      entry: positionals[0],
      outDir: values['out-dir'],
      name: values.name,
      runtimes: values.runtime ? values.runtime.split(',').map((r) => r.trim()).filter(Boolean) : undefined,
      optimizeLevel: values.optimize === undefined ? undefined : Number(values.optimize),
      shrinkLevel: values.shrink === undefined ? undefined : Number(values.shrink),
      converge: values.converge === true,
      wat: values.wat === true,
      ascArgs: [...(values.asc ?? []), ...(dashDash < 0 ? [] : argv.slice(dashDash + 1))],
      libPath: values['no-lib-path'] !== true,
      allocator: values.allocator,
      fuel: values.fuel === true,
      countAllocations: values['count-allocations'] === true,
    },
  };
}

async function main() {
  let parsed;
  try {
    parsed = parseCommandLine(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`asbuild: ${error.message}\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  if (parsed.help) {
    process.stdout.write(USAGE);
    return;
  }
  try {
    const built = await buildGuest({
      ...parsed.options,
      log: parsed.json ? () => {} : undefined,
    });
    if (parsed.json) process.stdout.write(`${JSON.stringify(built)}\n`);
  } catch (error) {
    process.stderr.write(`asbuild: ${error.message}\n`);
    process.exitCode = 1;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
