/**
 * C and Rust guests for `karmem-ts build`: one compiler run per guest and
 * memory base, with the flags docs/c.md and docs/rust.md give for shared
 * mode (imported memory, static data from `--global-base`, then the stack,
 * pages from the host's arena). That build runs in copy mode too: the linker
 * then gives the guest a memory of its own ("isolated", docs/abi.md).
 *
 * The static range [memoryBase, heapBase) is read the way the linker reads
 * it: the module is instantiated alone, in a scratch memory with inert
 * imports, and its ABI frame says where its static data and stack end.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, relative } from 'node:path';
import { RUST_SHARED_LINKER } from '@karmem-ts/codegen-glue';
import { abi, readWasm } from '@karmem-ts/linker';
import type { GuestConfig } from './config';
import { CliError, ExitCode } from './io';

export type NativeCompiler = 'clang' | 'rustc';

export interface NativeCompiled {
  /** The module as the compiler wrote it (before Binaryen). */
  readonly binary: Uint8Array;
  /** First byte after its static data and stack. */
  readonly heapBase: number;
}

/** clang from PATH, or KARMEM_CLANG (as libs/codegen-glue's tests). */
export function clangCommand(): string {
  return process.env['KARMEM_CLANG'] ?? 'clang';
}

/** Debian's rustc, never a rustup proxy earlier on PATH (it may lack wasm32); KARMEM_RUSTC overrides. */
export function rustcCommand(): string {
  return process.env['KARMEM_RUSTC'] ?? '/usr/bin/rustc';
}

/** docs/c.md, "Interfaces and modules", shared mode; -I the generated headers. */
export function clangArgs(source: string, include: string, base: number, out: string): string[] {
  return [
    '--target=wasm32', '-std=c11', '-O2', '-ffreestanding', '-nostdlib', '-mbulk-memory', '-Wall', '-Wextra',
    '-Wl,--no-entry', '-Wl,--import-memory', `-Wl,--global-base=${base}`, '-DKARMEM_HOST_ARENA',
    '-I', include, '-o', out, source,
  ];
}

/** docs/rust.md, "Interfaces and modules", shared mode, linked through RUST_SHARED_LINKER (no --stack-first). */
export function rustcArgs(source: string, crateName: string, base: number, linker: string, out: string): string[] {
  return [
    '--edition', '2021', '--target', 'wasm32-unknown-unknown', '--crate-type', 'cdylib', '--crate-name', crateName,
    '-O', '-C', 'lto', '-C', 'panic=abort', '-C', 'strip=symbols', '-C', 'target-feature=+bulk-memory', '--cfg', 'feature="alloc"',
    '-C', `linker=${linker}`, '-C', 'link-arg=--import-memory', '-C', `link-arg=--global-base=${base}`, '-C', 'link-arg=-zstack-size=65536',
    '--cfg', 'karmem_host_arena',
    '-o', out, source,
  ];
}

/**
 * Compiles a C guest at `base`. `include` is outputs.c (codegen-c's headers
 * and the C glue). Diagnostics go to stderr as clang writes them.
 */
export function compileC(guest: GuestConfig, include: string, base: number, colors: boolean): NativeCompiled {
  const clang = clangCommand();
  return inScratch((dir) => {
    const out = join(dir, `${guest.name}.wasm`);
    const args = clangArgs(shortPath(guest.implementation), include, base, out);
    run(guest, clang, colors ? ['-fcolor-diagnostics', ...args] : args, {
      missing: `${clang} not found (install Debian's clang and lld: apt-get install clang lld; or set KARMEM_CLANG to a clang with the wasm32 target)`,
      failed: `clang failed on ${shortPath(guest.implementation)}`,
      hint: (output) => (/wasm-ld/.test(output) && /not found|doesn't exist|No such file/i.test(output) ? ' (wasm-ld missing: apt-get install lld)' : ''),
    });
    return finish(guest, new Uint8Array(readFileSync(out)), base);
  });
}

/** Compiles a Rust guest (its crate root) at `base`. Diagnostics go to stderr as rustc writes them. */
export function compileRust(guest: GuestConfig, base: number, colors: boolean): NativeCompiled {
  const rustc = rustcCommand();
  return inScratch((dir) => {
    const out = join(dir, `${guest.name}.wasm`);
    const linker = join(dir, 'karmem-wasm-ld');
    writeFileSync(linker, RUST_SHARED_LINKER);
    chmodSync(linker, 0o755);
    const crateName = guest.name.replace(/[^A-Za-z0-9_]/g, '_');
    const args = rustcArgs(shortPath(guest.implementation), crateName, base, linker, out);
    run(guest, rustc, colors ? ['--color', 'always', ...args] : args, {
      missing: `${rustc} not found (install Debian's rustc and its wasm32 standard library: apt-get install rustc libstd-rust-dev-wasm32; or set KARMEM_RUSTC)`,
      failed: `rustc failed on ${shortPath(guest.implementation)}`,
      hint: (output) => (/can't find crate for `core`/.test(output) ? ' (no wasm32 standard library: apt-get install libstd-rust-dev-wasm32)' : ''),
    });
    return finish(guest, new Uint8Array(readFileSync(out)), base);
  });
}

interface RunMessages {
  /** The tool could not be started. */
  readonly missing: string;
  /** It ran and failed. */
  readonly failed: string;
  /** Appended to `failed` given the tool's output. */
  readonly hint: (output: string) => string;
}

function run(guest: GuestConfig, tool: string, args: readonly string[], messages: RunMessages): void {
  const result = spawnSync(tool, args, { encoding: 'utf8', env: { ...process.env, PATH: toolPath(tool) }, stdio: ['ignore', 'pipe', 'pipe'] });
  const error = result.error as NodeJS.ErrnoException | undefined;
  if (error?.code === 'ENOENT') throw new CliError(`guest ${guest.name}: ${messages.missing}`, ExitCode.Problems);
  if (error) throw new CliError(`guest ${guest.name}: cannot run ${tool}: ${error.message}`, ExitCode.Problems);
  // Warnings too: the compiler's output as it wrote it.
  const output = `${result.stdout}${result.stderr}`;
  if (output !== '') process.stderr.write(output.endsWith('\n') ? output : `${output}\n`);
  if (result.status !== 0) {
    const how = result.status === null ? ` (killed by ${result.signal})` : '';
    throw new CliError(`guest ${guest.name}: ${messages.failed}${how}${messages.hint(output)}`, ExitCode.Problems);
  }
}

/**
 * PATH for a compiler: its own folder first (rustc then finds the rust-lld
 * that goes with it), without node_modules/.bin: clang runs any wasm-opt it
 * finds there by itself, and Binaryen must run once, as its own step.
 */
function toolPath(tool: string): string {
  const rest = (process.env['PATH'] ?? '').split(delimiter).filter((d) => d !== '' && !/node_modules[\\/]\.bin[\\/]?$/.test(d));
  return (tool.includes('/') ? [dirname(tool), ...rest] : rest).join(delimiter);
}

function finish(guest: GuestConfig, binary: Uint8Array<ArrayBuffer>, base: number): NativeCompiled {
  const range = readStaticRange(guest.name, binary);
  if (range.memoryBase !== base) {
    throw new Error(`guest ${guest.name}: built with --global-base=${base}, its frame reports static data from ${range.memoryBase}`);
  }
  return { binary, heapBase: range.heapBase };
}

/** Where a module's static data and stack lie, as its ABI frame reports (the linker's probe, libs/linker/src/layout.ts). */
export function readStaticRange(name: string, binary: Uint8Array<ArrayBuffer>): { memoryBase: number; heapBase: number } {
  const info = readWasm(binary);
  const memoryImport = info.imports.find((i) => i.kind === 'memory');
  if (memoryImport?.limits === undefined) throw new Error(`guest ${name}: the compiler gave it no imported memory`);
  const module = new WebAssembly.Module(binary);
  const memory = new WebAssembly.Memory({ initial: memoryImport.limits.min });
  const imports: Record<string, Record<string, WebAssembly.ImportValue>> = {};
  for (const imp of info.imports) {
    const slot = (imports[imp.module] ??= {});
    if (imp.kind === 'memory') slot[imp.name] = memory;
    else if (imp.module === abi.ARENA_MODULE && imp.name === abi.ARENA_GROW) {
      slot[imp.name] = (bytes: number) => memory.grow(Math.ceil((bytes >>> 0) / 65536)) * 65536;
    } else if (imp.kind === 'function') slot[imp.name] = () => -abi.STATUS.CALLEE_FAILED;
  }
  let instance: WebAssembly.Instance;
  try {
    instance = new WebAssembly.Instance(module, imports);
  } catch (cause) {
    throw new CliError(`guest ${name}: cannot be instantiated to read its memory layout: ${(cause as Error).message}`, ExitCode.Problems);
  }
  const frameExport = instance.exports[abi.EXPORT_FRAME];
  if (typeof frameExport !== 'function') {
    throw new CliError(`guest ${name}: exports no ${abi.EXPORT_FRAME}: include its module's generated glue (the header or the Rust module) in the implementation`, ExitCode.Problems);
  }
  const frame = Number(frameExport()) >>> 0;
  const view = new DataView(memory.buffer);
  return { memoryBase: view.getUint32(frame + abi.FRAME_MEMORY_BASE, true), heapBase: view.getUint32(frame + abi.FRAME_HEAP_BASE, true) };
}

/** A path as the user would type it (compilers print diagnostics with the path they were given). */
function shortPath(path: string): string {
  return relative(process.cwd(), path) || path;
}

function inScratch<T>(body: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'karmem-build-'));
  try {
    return body(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
