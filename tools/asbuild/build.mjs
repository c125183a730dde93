#!/usr/bin/env node
// Builds an AssemblyScript guest: asc compiles the entry (no optimization),
// then Binaryen optimizes the module (-O3 by default). Prints the module's
// size before and after Binaryen, writes `<out-dir>/<name>.<runtime>.wasm`.
//
// ESM because Binaryen's npm package is ESM-only (top-level await). From
// CommonJS (Jest), use ./index.cjs, which runs this script in a child process.
//
//   node tools/asbuild/build.mjs <entry.ts> [options] [-- <asc flags>...]
//
// See docs/assemblyscript.md, or run with --help.

import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

/** Workspace root: where node_modules lives. */
export const WORKSPACE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * Added to asc's `--path` so that guests built inside the monorepo resolve
 * `@karmem-ts/runtime-as/assembly` and `@karmem-ts/linker/assembly` to the
 * libraries' sources, exactly as they resolve from node_modules for users who
 * install the packages (the folder holds one link per package).
 */
export const PACKAGES_PATH = join(dirname(fileURLToPath(import.meta.url)), 'packages');

export const RUNTIMES = ['stub', 'minimal', 'incremental'];

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
  --json               print the report as JSON on stdout (for tools), nothing else
  -h, --help           this text
`;

/**
 * @typedef {object} BuildOptions
 * @property {string} entry          AssemblyScript entry file
 * @property {string} [outDir]       output folder (default dist/asbuild)
 * @property {string} [name]         output base name (default: entry file name)
 * @property {string[]} [runtimes]   default ['incremental']
 * @property {number} [optimizeLevel] Binaryen, default 3
 * @property {number} [shrinkLevel]  Binaryen, default 0
 * @property {boolean} [converge]
 * @property {boolean} [wat]
 * @property {string[]} [ascArgs]    extra asc arguments
 * @property {boolean} [libPath]     add the monorepo's @karmem-ts packages to asc --path (default true)
 * @property {string} [allocator]    AssemblyScript file compiled in place of asc's rt/tlsf
 * @property {(line: string) => void} [log]
 *
 * @typedef {object} BuiltModule
 * @property {string} runtime
 * @property {string} wasm           path of the optimized module
 * @property {string | null} wat
 * @property {number} ascBytes       size as asc emitted it (before Binaryen)
 * @property {number} bytes          size after Binaryen
 */

/** @param {BuildOptions} options @returns {Promise<BuiltModule[]>} */
export async function buildGuest(options) {
  const entry = resolve(options.entry);
  const outDir = resolve(options.outDir ?? 'dist/asbuild');
  const name = options.name ?? basename(entry, extname(entry));
  const runtimes = options.runtimes ?? ['incremental'];
  const optimizeLevel = options.optimizeLevel ?? 3;
  const shrinkLevel = options.shrinkLevel ?? 0;
  const log = options.log ?? ((line) => console.log(line));
  for (const runtime of runtimes) {
    if (!RUNTIMES.includes(runtime)) throw new Error(`unknown runtime "${runtime}" (${RUNTIMES.join(', ')})`);
  }
  checkLevel('optimize', optimizeLevel, 3);
  checkLevel('shrink', shrinkLevel, 2);
  if (options.allocator !== undefined && runtimes.includes('stub')) {
    throw new Error('--allocator replaces the memory manager of the minimal and incremental runtimes; stub has none');
  }
  const allocator = options.allocator === undefined ? undefined : await readFile(resolve(options.allocator), 'utf8');

  // Loaded here so that `--help` and argument errors stay instant.
  const { default: asc } = await import('assemblyscript/asc');
  const { default: binaryen } = await import('binaryen');

  await mkdir(outDir, { recursive: true });
  /** @type {BuiltModule[]} */
  const built = [];
  for (const runtime of runtimes) {
    const { binary, features } = await compile(asc, entry, runtime, options, allocator);
    const optimized = optimize(binaryen, binary, features, optimizeLevel, shrinkLevel, options.converge === true);
    const base = join(outDir, `${name}.${runtime}`);
    await writeFile(`${base}.wasm`, optimized.binary);
    if (options.wat) await writeFile(`${base}.wat`, optimized.text);
    built.push({
      runtime,
      wasm: `${base}.wasm`,
      wat: options.wat ? `${base}.wat` : null,
      ascBytes: binary.length,
      bytes: optimized.binary.length,
    });
    log(
      `${relative(process.cwd(), `${base}.wasm`)}: asc ${binary.length} B -> ` +
        `Binaryen -O${optimizeLevel}${shrinkLevel ? ['', 's', 'z'][shrinkLevel] : ''} ${optimized.binary.length} B ` +
        `(${percent(optimized.binary.length, binary.length)})`,
    );
  }
  return built;
}

/** Runs asc on one entry for one runtime; returns the unoptimized binary and the features asc enabled. */
async function compile(asc, entry, runtime, options, allocator) {
  const outFile = `${basename(entry, extname(entry))}.wasm`;
  /** @type {Uint8Array | null} */
  let binary = null;
  /** @type {number | null} */
  let features = null;
  /** @type {string[]} */
  const otherFiles = [];
  const stderr = asc.createMemoryStream();
  const args = [
    entry,
    '--runtime', runtime,
    '--optimizeLevel', '0',
    '--shrinkLevel', '0',
    '--outFile', outFile,
    ...(options.libPath === false ? [] : ['--path', PACKAGES_PATH]),
    ...(options.ascArgs ?? []),
  ];
  // asc resolves `~lib/rt/tlsf` from its table of library files first: swap
  // the entry for this compile only.
  const stockAllocator = asc.libraryFiles['rt/tlsf'];
  if (allocator !== undefined) asc.libraryFiles['rt/tlsf'] = allocator;
  const { error } = await asc.main(args, {
    stdout: asc.createMemoryStream(),
    stderr,
    // Keep the module in memory: Binaryen writes the only file.
    writeFile(filename, contents) {
      if (filename === outFile) binary = contents;
      else otherFiles.push(filename);
    },
    transforms: [
      {
        afterCompile(module) {
          features = module.getFeatures();
        },
      },
    ],
  }).finally(() => {
    asc.libraryFiles['rt/tlsf'] = stockAllocator;
  });
  if (error) {
    throw new Error(`asc failed on ${relative(process.cwd(), entry)} (--runtime ${runtime}):\n${stderr.toString()}`);
  }
  if (otherFiles.length > 0) {
    throw new Error(
      `asc wanted to write ${otherFiles.join(', ')}: asbuild writes only the optimized .wasm ` +
        '(and .wat with --wat); drop the asc flag that asks for more (--bindings, --textFile, --sourceMap...)',
    );
  }
  if (binary === null || features === null) {
    throw new Error(`asc produced no module for ${entry} (is --outFile overridden in the asc flags?)`);
  }
  return { binary, features };
}

/**
 * Optimizes with Binaryen, keeping exactly the features asc enabled.
 *
 * Binaryen's options are process-wide and asc leaves its own behind (fast
 * math on, small inlining limits), so every one that matters is set here:
 * Binaryen's own defaults (those of `wasm-opt -O3`), fast math off.
 */
function optimize(binaryen, binary, features, optimizeLevel, shrinkLevel, converge) {
  binaryen.setOptimizeLevel(optimizeLevel);
  binaryen.setShrinkLevel(shrinkLevel);
  binaryen.setDebugInfo(false);
  binaryen.setFastMath(false);
  binaryen.setZeroFilledMemory(false);
  binaryen.setLowMemoryUnused(false);
  binaryen.setTrapsNeverHappen(false);
  binaryen.setAlwaysInlineMaxSize(2);
  binaryen.setFlexibleInlineMaxSize(20);
  binaryen.setOneCallerInlineMaxSize(-1);
  binaryen.setAllowInliningFunctionsWithLoops(false);
  binaryen.clearPassArguments();
  const module = binaryen.readBinary(binary);
  try {
    module.setFeatures(features);
    module.optimize();
    let out = module.emitBinary();
    while (converge) {
      module.optimize();
      const next = module.emitBinary();
      if (next.length >= out.length) break;
      out = next;
    }
    if (!module.validate()) throw new Error('Binaryen produced an invalid module');
    return { binary: out, text: module.emitText() };
  } finally {
    module.dispose();
  }
}

function checkLevel(what, level, max) {
  if (!Number.isInteger(level) || level < 0 || level > max) {
    throw new Error(`--${what} must be an integer from 0 to ${max}, not ${level}`);
  }
}

function percent(after, before) {
  return `${(((after - before) / before) * 100).toFixed(1)}%`;
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
