// @ts-check
/**
 * CommonJS door to ./build.mjs, for Jest and other CommonJS code: Binaryen's
 * npm package is ESM-only with top-level await, so the build runs in a child
 * Node process and its JSON report comes back here.
 *
 *   const { buildGuestSync } = require('../../tools/asbuild/index.cjs');
 *   const [stub, inc] = buildGuestSync({ entry, outDir, runtimes: ['stub', 'incremental'] });
 *   // -> [{ runtime, wasm, wat, ascBytes, bytes }, ...]
 */
const { execFile, execFileSync } = require('node:child_process');
const { join } = require('node:path');

const SCRIPT = join(__dirname, 'build.mjs');

/**
 * @typedef {object} BuildOptions
 * @property {string} entry
 * @property {string} [outDir]
 * @property {string} [name]
 * @property {string[]} [runtimes]
 * @property {number} [optimizeLevel]
 * @property {number} [shrinkLevel]
 * @property {boolean} [converge]
 * @property {boolean} [wat]
 * @property {string[]} [ascArgs]
 * @property {boolean} [libPath]
 * @property {string} [allocator]
 * @property {boolean} [fuel]
 * @property {boolean} [countAllocations]
 *
 * @typedef {object} BuiltModule
 * @property {string} runtime
 * @property {string} wasm
 * @property {string | null} wat
 * @property {number} ascBytes  size before Binaryen
 * @property {number} bytes     size after Binaryen
 * @property {boolean} fuel     metered (--fuel)
 */

/** @param {BuildOptions} options @returns {string[]} */
function toArgs(options) {
  const args = [SCRIPT, options.entry, '--json'];
  if (options.outDir !== undefined) args.push('--out-dir', options.outDir);
  if (options.name !== undefined) args.push('--name', options.name);
  if (options.runtimes !== undefined) args.push('--runtime', options.runtimes.join(','));
  if (options.optimizeLevel !== undefined) args.push('--optimize', String(options.optimizeLevel));
  if (options.shrinkLevel !== undefined) args.push('--shrink', String(options.shrinkLevel));
  if (options.converge) args.push('--converge');
  if (options.wat) args.push('--wat');
  if (options.libPath === false) args.push('--no-lib-path');
  if (options.allocator !== undefined) args.push('--allocator', options.allocator);
  if (options.fuel) args.push('--fuel');
  if (options.countAllocations) args.push('--count-allocations');
  if (options.ascArgs && options.ascArgs.length > 0) args.push('--', ...options.ascArgs);
  return args;
}

/** @param {string} stdout @returns {BuiltModule[]} */
function parseReport(stdout) {
  const lines = stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]);
}

/** Builds synchronously (blocks the caller for the few seconds asc takes). @param {BuildOptions} options */
function buildGuestSync(options) {
  try {
    return parseReport(execFileSync(process.execPath, toArgs(options), { encoding: 'utf8', stdio: 'pipe' }));
  } catch (error) {
    const e = /** @type {{ stderr?: string, message: string }} */ (error);
    throw new Error(e.stderr ? String(e.stderr).trim() : e.message);
  }
}

/** @param {BuildOptions} options @returns {Promise<BuiltModule[]>} */
function buildGuest(options) {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, toArgs(options), { encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error) reject(new Error(stderr ? stderr.trim() : error.message));
      else resolve(parseReport(stdout));
    });
  });
}

module.exports = { buildGuest, buildGuestSync, BUILD_SCRIPT: SCRIPT };
