// Builds the Rust guests of the glue tests from the generated modules
// (./rust-generate.ts) and guests/rust/ (the implementations), in both memory
// modes, with the flags docs/rust.md gives ("Interfaces and modules"), then
// Binaryen. Always Debian's /usr/bin/rustc (KARMEM_RUSTC to override), never
// a rustup toolchain earlier on PATH. Cached under tmp/codegen-glue-test by a
// hash of everything they are made of.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RUST_SHARED_LINKER } from '@karmem-ts/codegen-glue';
import { ROOT } from './generate';

const HERE = __dirname;
export const RUST_SOURCES = join(HERE, 'guests/rust');
export const RUSTC = process.env['KARMEM_RUSTC'] ?? '/usr/bin/rustc';

/** Every Rust guest build: a wasm32 cdylib with the owned types (docs/rust.md). */
export const RUST_FLAGS = [
  '--edition', '2021', '--target', 'wasm32-unknown-unknown', '--crate-type', 'cdylib',
  '-O', '-C', 'lto', '-C', 'panic=abort', '-C', 'strip=symbols', '--cfg', 'feature="alloc"', '-D', 'warnings',
];
/** Shared mode: memory imported, static data then a 64 KiB stack from `base`, pages from the host's arena. */
export const rustSharedFlags = (base: number, linker: string) => [
  '-C', `linker=${linker}`,
  '-C', 'link-arg=--import-memory',
  '-C', `link-arg=--global-base=${base}`,
  '-C', 'link-arg=-zstack-size=65536',
  '--cfg', 'karmem_host_arena',
];

/** Static data bases in shared mode, clear of the AssemblyScript guests' (./build.ts) and the C guests' (./c-build.ts). */
export const RUST_GUESTS = {
  worker_a: { base: 0x90000 },
  notebook: { base: 0xb0000 },
} as const;

export type RustMemory = 'copy' | 'shared';

export interface RustGuest {
  readonly wasm: Uint8Array<ArrayBuffer>;
  /** Bytes of rustc's module and after wasm-opt -O3. */
  readonly rustcBytes: number;
  readonly wasmBytes: number;
}

/** A tool with /usr/bin first on PATH (no rustup proxy) and without node_modules/.bin. */
export function runTool(tool: string, args: readonly string[], cwd: string): string {
  const rest = (process.env['PATH'] ?? '').split(':').filter((d) => !/node_modules[\\/]\.bin\/?$/.test(d));
  try {
    return execFileSync(tool, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, PATH: ['/usr/bin', '/bin', ...rest].join(':') } });
  } catch (error) {
    const e = error as { stderr?: string; stdout?: string; message: string };
    throw new Error(`${tool} ${args.join(' ')}\n${e.stderr ?? ''}${e.stdout ?? ''}${e.stderr || e.stdout ? '' : e.message}`);
  }
}

function rustFiles(dir: string): string[] {
  return readdirSync(dir).filter((f) => f.endsWith('.rs')).sort();
}

/** Writes the shared-mode linker (RUST_SHARED_LINKER) into `dir`; its path. */
export function writeSharedLinker(dir: string): string {
  const path = join(dir, 'karmem-wasm-ld');
  writeFileSync(path, RUST_SHARED_LINKER);
  chmodSync(path, 0o755);
  return path;
}

/**
 * Builds `crate` (a crate root in `sources`, beside which the generated
 * `files` are written) for `memory`; `base` is its static data's base in
 * shared mode. Cached by `key`.
 */
export function buildRust(key: string, crate: string, sources: string, files: ReadonlyMap<string, string>, memory: RustMemory, base: number): RustGuest {
  const hash = createHash('sha256').update(JSON.stringify({ key, crate, memory, base, RUST_FLAGS, RUST_SHARED_LINKER }));
  hash.update(runTool(RUSTC, ['--version'], ROOT));
  for (const [f, content] of files) hash.update(f).update(content);
  for (const f of rustFiles(sources)) hash.update(f).update(readFileSync(join(sources, f)));
  hash.update(readFileSync(join(ROOT, 'node_modules/binaryen/package.json')));
  const dir = join(ROOT, 'tmp/codegen-glue-test', `rust-${key}-${memory}-${hash.digest('hex').slice(0, 16)}`);
  const name = crate.replace(/\.rs$/, '');
  if (!existsSync(join(dir, `${name}.wasm`))) {
    const staging = `${dir}.${process.pid}`;
    rmSync(staging, { recursive: true, force: true });
    mkdirSync(staging, { recursive: true });
    try {
      for (const f of rustFiles(sources)) writeFileSync(join(staging, f), readFileSync(join(sources, f)));
      for (const [f, content] of files) writeFileSync(join(staging, f), content);
      const flags = [...RUST_FLAGS, ...(memory === 'shared' ? rustSharedFlags(base, writeSharedLinker(staging)) : [])];
      runTool(RUSTC, [...flags, '-o', `${name}.rustc.wasm`, crate], staging);
      runTool(join(ROOT, 'node_modules/.bin/wasm-opt'), ['-O3', `${name}.rustc.wasm`, '-o', `${name}.wasm`], staging);
    } catch (error) {
      rmSync(staging, { recursive: true, force: true });
      throw error;
    }
    try {
      renameSync(staging, dir);
    } catch {
      rmSync(staging, { recursive: true, force: true });
    }
  }
  return {
    wasm: new Uint8Array(readFileSync(join(dir, `${name}.wasm`))),
    rustcBytes: statSync(join(dir, `${name}.rustc.wasm`)).size,
    wasmBytes: statSync(join(dir, `${name}.wasm`)).size,
  };
}

/** A Rust guest of relay.km (guests/rust/<name>.rs). */
export function rustGuest(name: keyof typeof RUST_GUESTS, memory: RustMemory, files: ReadonlyMap<string, string>): RustGuest {
  return buildRust(`relay-${name}`, `${name}.rs`, RUST_SOURCES, files, memory, RUST_GUESTS[name].base);
}
