/**
 * Builds AssemblyScript guests from generated code (asc + Binaryen through
 * tools/asbuild), caches them under <workspace>/tmp/codegen-as-test keyed by a
 * hash of every input, and instantiates them from Node.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { buildGuest, type BuiltModule } from '../../../tools/asbuild/index.cjs';
import { conformanceGuest, schemas as schemasIn, type Schema } from '../scripts/guests';

export { exampleGuest, layoutOf, type Schema } from '../scripts/guests';

export type Runtime = 'stub' | 'incremental';
export const RUNTIMES: Runtime[] = ['stub', 'incremental'];

export const WORKSPACE = resolve(__dirname, '../../..');
const CACHE = join(WORKSPACE, 'tmp/codegen-as-test');

/** The bundled example and every conformance schema. */
export function schemas(): Schema[] {
  return schemasIn(WORKSPACE);
}

/** The generated module and the conformance guest entry of a schema, as files of one folder. */
export function conformanceSources(schema: Schema): Record<string, string> {
  return conformanceGuest(schema).files;
}

export interface GuestSpec {
  /** A name for the cache folder and the output files. */
  readonly name: string;
  /** Source files by path relative to the guest's folder. */
  readonly files: Record<string, string>;
  /** The entry, one of `files`. */
  readonly entry: string;
  readonly runtimes?: readonly Runtime[];
  readonly ascArgs?: readonly string[];
  /**
   * `asbuild` (default): tools/asbuild, asc -O0 then Binaryen -O3. `asc`: the asc
   * command line alone with `ascArgs` (e.g. -O3), no other optimizer.
   */
  readonly compiler?: 'asbuild' | 'asc';
  /** asbuild --count-allocations: the modules export `__allocations()` (asbuild only). */
  readonly countAllocations?: boolean;
}

export interface BuiltGuest {
  readonly name: string;
  readonly dir: string;
  readonly modules: BuiltModule[];
}

/** Everything a build depends on besides its own sources. */
function toolchainFiles(): string[] {
  const runtime = join(WORKSPACE, 'libs/runtime-as/assembly');
  return [
    ...readdirSync(runtime)
      .filter((f) => f.endsWith('.ts'))
      .sort()
      .map((f) => join(runtime, f)),
    join(WORKSPACE, 'tools/asbuild/build.mjs'),
    join(WORKSPACE, 'tools/asbuild/asbuild.mjs'),
    join(WORKSPACE, 'tools/asbuild/allocations.mjs'),
    join(WORKSPACE, 'node_modules/assemblyscript/package.json'),
    join(WORKSPACE, 'node_modules/binaryen/package.json'),
  ];
}

function keyOf(spec: GuestSpec): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify({ entry: spec.entry, runtimes: spec.runtimes ?? RUNTIMES, ascArgs: spec.ascArgs ?? [], compiler: spec.compiler ?? 'asbuild', ...(spec.countAllocations === true ? { countAllocations: true } : {}) }));
  for (const path of Object.keys(spec.files).sort()) hash.update(path).update('\0').update(spec.files[path]!).update('\0');
  for (const file of toolchainFiles()) hash.update(file).update('\0').update(readFileSync(file)).update('\0');
  return hash.digest('hex').slice(0, 16);
}

/**
 * Builds a guest unless a build of the very same inputs is cached. A new build
 * goes to a private folder renamed into place (Jest workers may race), and
 * replaces older builds of the same name.
 */
export async function buildCached(spec: GuestSpec): Promise<BuiltGuest> {
  const key = keyOf(spec);
  const dir = join(CACHE, `${spec.name}-${key}`);
  const report = join(dir, 'report.json');
  if (!existsSync(report)) {
    const staging = `${dir}.${process.pid}`;
    rmSync(staging, { recursive: true, force: true });
    for (const [path, content] of Object.entries(spec.files)) {
      mkdirSync(dirname(join(staging, 'src', path)), { recursive: true });
      writeFileSync(join(staging, 'src', path), content);
    }
    const options = { entry: join(staging, 'src', spec.entry), outDir: staging, name: spec.name, runtimes: [...(spec.runtimes ?? RUNTIMES)], ascArgs: [...(spec.ascArgs ?? [])] };
    const modules = spec.compiler === 'asc' ? await ascOnly(options) : await buildGuest({ ...options, countAllocations: spec.countAllocations === true });
    writeFileSync(join(staging, 'report.json'), JSON.stringify(modules));
    try {
      renameSync(staging, dir);
    } catch {
      rmSync(staging, { recursive: true, force: true }); // another worker won
    }
    for (const old of readdirSync(CACHE)) {
      if (old.startsWith(`${spec.name}-`) && /^[0-9a-f]{16}$/.test(old.slice(spec.name.length + 1)) && join(CACHE, old) !== dir) {
        rmSync(join(CACHE, old), { recursive: true, force: true });
      }
    }
  }
  const modules = (JSON.parse(readFileSync(report, 'utf8')) as BuiltModule[]).map((m) => ({ ...m, wasm: join(dir, `${spec.name}.${m.runtime}.wasm`) }));
  return { name: spec.name, dir, modules };
}

/** The asc command line alone (no Binaryen pass of ours), one run per runtime. */
async function ascOnly(options: { entry: string; outDir: string; name: string; runtimes: Runtime[]; ascArgs: string[] }): Promise<BuiltModule[]> {
  const asc = join(WORKSPACE, 'node_modules/assemblyscript/bin/asc.js');
  const modules: BuiltModule[] = [];
  for (const runtime of options.runtimes) {
    const wasm = join(options.outDir, `${options.name}.${runtime}.wasm`);
    const args = [asc, options.entry, '--runtime', runtime, '--path', join(WORKSPACE, 'tools/asbuild/packages'), '--outFile', wasm, ...options.ascArgs];
    try {
      await promisify(execFile)(process.execPath, args, { encoding: 'utf8' });
    } catch (error) {
      throw new Error(`asc ${options.ascArgs.join(' ')} failed on ${options.entry}:\n${(error as { stderr?: string }).stderr ?? String(error)}`);
    }
    const bytes = readFileSync(wasm).length;
    modules.push({ runtime, wasm, wat: null, ascBytes: bytes, bytes, heapBase: null, fuel: false });
  }
  return modules;
}

/** Builds several guests, two at a time (the machines have two cores). */
export async function buildAll(specs: readonly GuestSpec[]): Promise<BuiltGuest[]> {
  const results: BuiltGuest[] = new Array(specs.length);
  let next = 0;
  const worker = async () => {
    while (next < specs.length) {
      const i = next++;
      results[i] = await buildCached(specs[i]!);
    }
  };
  await Promise.all([worker(), worker()]);
  return results;
}

type Exports = Record<string, unknown> & { memory: WebAssembly.Memory };

/** A trap inside the guest (or an abort), reported with what was being done. */
export class GuestTrap extends Error {
  override readonly name = 'GuestTrap';
}

/** One instance of a guest. Every call that traps throws GuestTrap. */
export class Guest {
  private constructor(
    readonly runtime: Runtime,
    readonly exports: Exports,
  ) {}

  static async instantiate(module: BuiltModule): Promise<Guest> {
    let guest: Guest | undefined;
    const { instance } = await WebAssembly.instantiate(readFileSync(module.wasm), {
      env: {
        abort(message: number, file: number, line: number, column: number) {
          const text = (ptr: number) => (ptr && guest ? guest.string(ptr) : '?');
          throw new GuestTrap(`guest abort: ${text(message)} at ${text(file)}:${line}:${column}`);
        },
      },
    });
    guest = new Guest(module.runtime as Runtime, instance.exports as Exports);
    return guest;
  }

  /** A fresh view of the whole memory (growth detaches old ones). */
  get bytes(): Uint8Array {
    return new Uint8Array(this.exports.memory.buffer);
  }

  get buffer(): ArrayBuffer {
    return this.exports.memory.buffer;
  }

  has(name: string): boolean {
    return typeof this.exports[name] === 'function';
  }

  /** Calls an export; a trap becomes a GuestTrap naming the call. */
  call<T = number>(name: string, ...args: Array<number | bigint>): T {
    const fn = this.exports[name] as ((...a: Array<number | bigint>) => T) | undefined;
    if (typeof fn !== 'function') throw new Error(`the guest has no export ${name}`);
    try {
      return fn(...args);
    } catch (error) {
      if (error instanceof GuestTrap) throw error;
      throw new GuestTrap(`${this.runtime} guest trapped in ${name}(${args.join(', ')}): ${String(error)}`);
    }
  }

  /** An export returning a u32 or usize (JS sees wasm i32 signed). */
  u32(name: string, ...args: Array<number | bigint>): number {
    return this.call<number>(name, ...args) >>> 0;
  }

  /** An export returning a u64 (JS sees wasm i64 as a signed bigint). */
  u64(name: string, ...args: Array<number | bigint>): bigint {
    return BigInt.asUintN(64, this.call<bigint>(name, ...args));
  }

  /** Copies bytes into the guest's input buffer; returns their address. */
  putInput(bytes: Uint8Array): number {
    const at = this.u32('input', bytes.length);
    this.bytes.set(bytes, at);
    return at;
  }

  read(at: number, length: number): Uint8Array {
    return this.bytes.slice(at, at + length);
  }

  /** Reads an AssemblyScript string (UTF-16, its byte length 4 bytes before it). */
  string(ptr: number): string {
    const memory = this.exports.memory.buffer;
    const byteLength = new DataView(memory).getUint32((ptr >>> 0) - 4, true);
    return String.fromCharCode(...new Uint16Array(memory, ptr >>> 0, byteLength / 2));
  }
}

/** The module built for `runtime`. */
export function moduleFor(built: BuiltGuest, runtime: Runtime): BuiltModule {
  const module = built.modules.find((m) => m.runtime === runtime);
  if (!module) throw new Error(`${built.name}: no ${runtime} build`);
  return module;
}

export function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}
