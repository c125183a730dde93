// The one implementation of "build an AssemblyScript guest": asc compiles the
// entry (no optimization), then Binaryen optimizes the module. Used by
// ./build.mjs (the monorepo's script) and bundled into the karmem-ts CLI
// (`karmem-ts build`), so the two never diverge.
//
// No top-level await and no import.meta here: esbuild bundles this file into
// the CLI's CommonJS bundle. asc and Binaryen are ESM-only with top-level
// await, so they are loaded with dynamic import() (kept external).

import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, extname, join, relative, resolve } from 'node:path';
import { countAllocations } from './allocations.mjs';
import { addFuel } from './fuel.mjs';

export const RUNTIMES = ['stub', 'minimal', 'incremental'];

/** Where the heap starts: asc places it after the static data and the shadow stack. */
const HEAP_BASE_GLOBAL = '~lib/memory/__heap_base';

/**
 * Loads asc and Binaryen (seconds: call it only when there is something to build).
 * @returns {Promise<import('./asbuild.d.mts').Toolchain>}
 */
export async function loadToolchain() {
  const { default: asc } = await import('assemblyscript/asc');
  const assemblyscript = await import('assemblyscript');
  const { default: binaryen } = await import('binaryen');
  return { asc, binaryen, getGlobalInit: assemblyscript.getGlobalInit, getConstValueI32: assemblyscript.getConstValueI32 };
}

/**
 * Runs asc on one entry for one runtime; returns the unoptimized binary, the
 * features asc enabled, and the heap base (first byte after static data and stack).
 * @param {import('./asbuild.d.mts').Toolchain} toolchain
 * @param {import('./asbuild.d.mts').CompileOptions} options
 * @returns {Promise<import('./asbuild.d.mts').Compiled>}
 */
export async function compile(toolchain, options) {
  const { asc, getGlobalInit, getConstValueI32 } = toolchain;
  const entry = resolve(options.entry);
  const outFile = `${basename(entry, extname(entry))}.wasm`;
  /** @type {Uint8Array | null} */
  let binary = null;
  /** @type {number | null} */
  let features = null;
  /** @type {number | null} */
  let heapBase = null;
  /** @type {string[]} */
  const otherFiles = [];
  const stderr = asc.createMemoryStream();
  const args = [
    entry,
    '--runtime', options.runtime,
    '--optimizeLevel', '0',
    '--shrinkLevel', '0',
    '--outFile', outFile,
    // asc colours its diagnostics whenever FORCE_COLOR is set, even to 0.
    ...(options.colors ? [] : ['--noColors']),
    ...(options.paths ?? []).flatMap((path) => ['--path', path]),
    ...(options.ascArgs ?? []),
  ];
  // asc resolves `~lib/rt/tlsf` from its table of library files first: swap
  // the entry for this compile only.
  const stockAllocator = asc.libraryFiles['rt/tlsf'];
  if (options.allocatorSource !== undefined) asc.libraryFiles['rt/tlsf'] = options.allocatorSource;
  let result;
  try {
    result = await asc.main(args, {
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
            const global = module.getGlobal(HEAP_BASE_GLOBAL);
            if (global) heapBase = getConstValueI32(getGlobalInit(global)) >>> 0;
          },
        },
      ],
    });
  } finally {
    asc.libraryFiles['rt/tlsf'] = stockAllocator;
  }
  if (result.error) {
    throw new AsbuildError(`asc failed on ${relative(process.cwd(), entry)} (--runtime ${options.runtime}):\n${stderr.toString().trimEnd()}`);
  }
  if (otherFiles.length > 0) {
    throw new AsbuildError(
      `asc wanted to write ${otherFiles.join(', ')}: asbuild writes only the optimized .wasm ` +
        '(and .wat with --wat); drop the asc flag that asks for more (--bindings, --textFile, --sourceMap...)',
    );
  }
  if (binary === null || features === null) {
    throw new AsbuildError(`asc produced no module for ${entry} (is --outFile overridden in the asc flags?)`);
  }
  return { binary, features, heapBase };
}

/**
 * Optimizes with Binaryen, keeping exactly the features asc enabled.
 *
 * Binaryen's options are process-wide and asc leaves its own behind (fast
 * math on, small inlining limits), so every one that matters is set here:
 * Binaryen's own defaults (those of `wasm-opt -O3`), fast math off.
 * With `fuel`, the optimized module is then metered (./fuel.mjs): the
 * counter is charged after optimization, so the optimizer cannot move it.
 * With `countAllocations`, the module (compiled with asc's --exportRuntime)
 * counts its `__new` calls (./allocations.mjs), instrumented before
 * optimization so that inlined copies count too.
 * @param {import('./asbuild.d.mts').Toolchain} toolchain
 * @param {Uint8Array} binary
 * @param {number} features
 * @param {{ optimizeLevel: number, shrinkLevel: number, converge?: boolean, wat?: boolean, fuel?: boolean, countAllocations?: boolean }} options
 * @returns {{ binary: Uint8Array, text: string | null }}
 */
export function optimize(toolchain, binary, features, options) {
  const { binaryen } = toolchain;
  binaryen.setOptimizeLevel(options.optimizeLevel);
  binaryen.setShrinkLevel(options.shrinkLevel);
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
    if (options.countAllocations) {
      try {
        countAllocations(binaryen, module);
      } catch (error) {
        throw new AsbuildError(`--count-allocations: ${error.message}`);
      }
    }
    module.optimize();
    let out = module.emitBinary();
    while (options.converge) {
      module.optimize();
      const next = module.emitBinary();
      if (next.length >= out.length) break;
      out = next;
    }
    if (options.fuel) {
      try {
        addFuel(binaryen, module);
      } catch (error) {
        throw new AsbuildError(`--fuel: ${error.message}`);
      }
      if (!module.validate()) throw new AsbuildError('--fuel: the metered module does not validate');
      out = module.emitBinary();
    }
    if (!module.validate()) throw new AsbuildError('Binaryen produced an invalid module');
    return { binary: out, text: options.wat ? module.emitText() : null };
  } finally {
    module.dispose();
  }
}

/** A build that failed for a reason the user can fix (asc diagnostics, bad options). */
export class AsbuildError extends Error {
  constructor(message) {
    super(message);
    this.name = 'AsbuildError';
  }
}

/**
 * Checks options, then compiles and optimizes one entry per runtime; writes
 * `<outDir>/<name>.<runtime>.wasm` (and `.wat`).
 * @param {import('./asbuild.d.mts').BuildOptions} options
 * @returns {Promise<import('./asbuild.d.mts').BuiltModule[]>}
 */
export async function buildGuest(options) {
  const entry = resolve(options.entry);
  const outDir = resolve(options.outDir ?? 'dist/asbuild');
  const name = options.name ?? basename(entry, extname(entry));
  const runtimes = options.runtimes ?? ['incremental'];
  const optimizeLevel = options.optimizeLevel ?? 3;
  const shrinkLevel = options.shrinkLevel ?? 0;
  const log = options.log ?? ((line) => console.log(line));
  for (const runtime of runtimes) {
    if (!RUNTIMES.includes(runtime)) throw new AsbuildError(`unknown runtime "${runtime}" (${RUNTIMES.join(', ')})`);
  }
  checkLevel('optimize', optimizeLevel, 3);
  checkLevel('shrink', shrinkLevel, 2);
  if (options.allocator !== undefined && runtimes.includes('stub')) {
    throw new AsbuildError('--allocator replaces the memory manager of the minimal and incremental runtimes; stub has none');
  }
  const allocatorSource = options.allocator === undefined ? undefined : await readFile(resolve(options.allocator), 'utf8');

  // Loaded here so that `--help` and argument errors stay instant.
  const toolchain = options.toolchain ?? (await loadToolchain());

  await mkdir(outDir, { recursive: true });
  /** @type {import('./asbuild.d.mts').BuiltModule[]} */
  const built = [];
  for (const runtime of runtimes) {
    const ascArgs = [...(options.ascArgs ?? []), ...(options.countAllocations === true ? ['--exportRuntime'] : [])];
    const { binary, features, heapBase } = await compile(toolchain, { entry, runtime, allocatorSource, paths: options.paths, ascArgs });
    const optimized = optimize(toolchain, binary, features, {
      optimizeLevel,
      shrinkLevel,
      converge: options.converge === true,
      wat: options.wat === true,
      fuel: options.fuel === true,
      countAllocations: options.countAllocations === true,
    });
    const base = join(outDir, `${name}.${runtime}`);
    await writeFile(`${base}.wasm`, optimized.binary);
    if (optimized.text !== null) await writeFile(`${base}.wat`, optimized.text);
    built.push({
      runtime,
      wasm: `${base}.wasm`,
      wat: optimized.text !== null ? `${base}.wat` : null,
      ascBytes: binary.length,
      bytes: optimized.binary.length,
      heapBase,
      fuel: options.fuel === true,
    });
    log(`${relative(process.cwd(), `${base}.wasm`)}: ${describeSizes(binary.length, optimized.binary.length, optimizeLevel, shrinkLevel)}${options.fuel === true ? ', metered (fuel)' : ''}${options.countAllocations === true ? ', counting allocations' : ''}`);
  }
  return built;
}

/** "asc 1234 B -> Binaryen -O3 987 B (-20.0%)" */
export function describeSizes(ascBytes, bytes, optimizeLevel = 3, shrinkLevel = 0) {
  const level = `-O${optimizeLevel}${shrinkLevel ? ['', 's', 'z'][shrinkLevel] : ''}`;
  return `asc ${ascBytes} B -> Binaryen ${level} ${bytes} B (${(((bytes - ascBytes) / ascBytes) * 100).toFixed(1)}%)`;
}

export function checkLevel(what, level, max) {
  if (!Number.isInteger(level) || level < 0 || level > max) {
    throw new AsbuildError(`--${what} must be an integer from 0 to ${max}, not ${level}`);
  }
}
