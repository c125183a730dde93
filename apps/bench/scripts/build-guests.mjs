#!/usr/bin/env node
// Builds the benchmark's AssemblyScript guests into dist/apps/bench/guests:
// asc, then Binaryen -O3 (tools/asbuild), under the incremental runtime (the
// allocating peers need a collector; the karmem readers do not allocate).
// The `--bindings raw` guest is the exception: asc writes its JS glue only
// when it compiles, so that one is built by asc alone, at asc's own -O3.
// The C guests (guest/*-c.c, on the headers codegen-c generates into
// guest/generated/c) are built as docs/c.md says: clang --target=wasm32 with
// the flags of libs/codegen-c/test/guests.ts, then Binaryen -O3 as its own step.
//
//   node apps/bench/scripts/build-guests.mjs [name...]
import { execFileSync } from 'node:child_process';
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { WORKSPACE_ROOT, buildGuest } from '../../../tools/asbuild/build.mjs';

const GUEST_DIR = join(WORKSPACE_ROOT, 'apps/bench/guest');
const OUT_DIR = join(WORKSPACE_ROOT, 'dist/apps/bench/guests');

/** name -> extra asc flags. */
const GUESTS = {
  'record-floor': [],
  'record-karmem': [],
  'record-flatbuffers': [],
  'record-msgpack': [],
  'record-protobuf': [],
  'record-json': ['--transform', 'json-as'],
  game: [],
};

async function buildBindings(name) {
  const { default: asc } = await import('assemblyscript/asc');
  const files = {};
  const stderr = asc.createMemoryStream();
  const { error } = await asc.main(
    [join(GUEST_DIR, `${name}.ts`), '--runtime', 'incremental', '-O3', '--bindings', 'raw', '--outFile', `${name}.wasm`],
    {
      stdout: asc.createMemoryStream(),
      stderr,
      writeFile(filename, contents) {
        files[filename] = contents;
      },
    },
  );
  if (error) throw new Error(`asc failed on ${name}:\n${stderr.toString()}`);
  const wasm = files[`${name}.wasm`];
  const js = files[`${name}.js`];
  if (!wasm || !js) throw new Error(`asc wrote ${Object.keys(files).join(', ')}, not ${name}.wasm and ${name}.js`);
  await writeFile(join(OUT_DIR, `${name}.incremental.wasm`), wasm);
  // ESM glue (`export async function instantiate`): .mjs, since the workspace package is CommonJS.
  await writeFile(join(OUT_DIR, `${name}.bindings.mjs`), js);
  console.log(`dist/apps/bench/guests/${name}.incremental.wasm: asc -O3 ${wasm.length} B, with ${name}.bindings.mjs`);
}

/**
 * Metered builds (asbuild --fuel: 1 unit per loop iteration and per entry
 * into a function that calls others), measured against the plain ones:
 * `<name>-fuel.incremental.wasm`.
 */
const METERED = ['record-karmem', 'game'];

/**
 * Counting builds (asbuild --count-allocations: the runtime's `__new` calls,
 * read through the `__allocations` export), for the cases' managed
 * allocations per call, counted outside the timing: `<name>-allocs.incremental.wasm`.
 */
const COUNTED = ['record-karmem', 'game'];

/**
 * Linker workload: each module twice. `-own`: a plain build that owns its
 * memory (copy mode). `-shared`: --importMemory at its own --memoryBase, with
 * the linker's host-arena allocator (shared mode), as docs/linker.md asks.
 */
const LINKED = { 'link-sender': 0x10000, 'link-receiver': 0x30000 };
const ALLOCATOR = join(WORKSPACE_ROOT, 'libs/linker/assembly/allocator.ts');

/**
 * Scale-out workload (src/scale-out.ts): the Record round trip as a linked
 * module, twice. `-own`: a plain build that owns its memory (in-thread
 * linker, pool copy mode, NATS servers). `-pool-shared`: a shared memory it
 * imports, with the host-arena allocator, for a pool in shared mode
 * (arguments and answers in place), as libs/linker/test/harness.ts's poolShared.
 */
const SERVICE = 'record-service';
const SHARED_MEMORY_ARGS = ['--importMemory', '--sharedMemory', '--maximumMemory', '4096', '--enable', 'threads'];

/** C guests: name -> source in guest/. Output: <name>.wasm (clang's module: <name>.clang.wasm). */
const C_GUESTS = { 'record-c': 'record-c.c', 'game-c': 'game-c.c' };
/** As libs/codegen-c/test/guests.ts WASM_FLAGS (see docs/c.md, "Build flags, and why"). */
const C_FLAGS = [
  '--target=wasm32', '-std=c11', '-O2', '-ffreestanding', '-nostdlib', '-mbulk-memory',
  '-Wall', '-Wextra', '-Werror', '-Wl,--no-entry', '-Wl,--stack-first',
];

/**
 * clang's wasm32 driver runs any wasm-opt on PATH after linking, and npm, npx
 * and Nx put Binaryen's there (node_modules/.bin): clang runs without those
 * folders, and Binaryen runs once, as its own step (as codegen-c's build does).
 */
function runTool(tool, args) {
  const PATH = (process.env.PATH ?? '').split(':').filter((dir) => !/node_modules[\\/]\.bin\/?$/.test(dir)).join(':');
  try {
    execFileSync(tool, args, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', env: { ...process.env, PATH } });
  } catch (error) {
    if (error.code === 'ENOENT') throw new Error(`${tool} not found: install the C toolchain with tools/ci/install-c-toolchain.sh (see docs/c.md)`);
    throw new Error(`${tool} ${args.join(' ')}\n${error.stderr ?? ''}${error.stdout ?? ''}`);
  }
}

async function buildC(name, source) {
  const clangOut = join(OUT_DIR, `${name}.clang.wasm`);
  const out = join(OUT_DIR, `${name}.wasm`);
  runTool(process.env.KARMEM_CLANG ?? 'clang', [...C_FLAGS, '-I', join(GUEST_DIR, 'generated/c'), '-o', clangOut, join(GUEST_DIR, source)]);
  runTool(join(WORKSPACE_ROOT, 'node_modules/.bin/wasm-opt'), ['-O3', clangOut, '-o', out]);
  const [a, b] = [(await stat(clangOut)).size, (await stat(out)).size];
  console.log(`dist/apps/bench/guests/${name}.wasm: clang ${a} B -> wasm-opt -O3 ${b} B`);
}

/** Rust guests: name -> source in guest/ (the generated module: guest/generated/rust). Output: <name>.wasm (rustc's: <name>.rustc.wasm). */
const RUST_GUESTS = { 'record-rust': 'record-rust.rs', 'game-rust': 'game-rust.rs' };
/** Debian's rustc by path (docs/rust.md): a rustup toolchain earlier on PATH may lack the wasm32 target. */
const RUSTC = process.env.KARMEM_RUSTC ?? '/usr/bin/rustc';
/** Release build with LTO; panics abort (a trap), as a guest's should. */
const RUST_FLAGS = [
  '--edition', '2021', '--target', 'wasm32-unknown-unknown', '--crate-type', 'cdylib',
  '-O', '-C', 'lto', '-C', 'panic=abort', '-C', 'strip=symbols', '-C', 'target-feature=+bulk-memory', '--cfg', 'feature="alloc"', '-D', 'warnings',
];

async function buildRust(name, source) {
  const rustcOut = join(OUT_DIR, `${name}.rustc.wasm`);
  const out = join(OUT_DIR, `${name}.wasm`);
  try {
    execFileSync(RUSTC, [...RUST_FLAGS, '-o', rustcOut, join(GUEST_DIR, source)], { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  } catch (error) {
    if (error.code === 'ENOENT') throw new Error(`${RUSTC} not found: install Debian's Rust with tools/ci/install-go-rust.sh (see docs/rust.md)`);
    throw new Error(`${RUSTC} ${source}\n${error.stderr ?? ''}${error.stdout ?? ''}`);
  }
  runTool(join(WORKSPACE_ROOT, 'node_modules/.bin/wasm-opt'), ['-O3', '--enable-bulk-memory', rustcOut, '-o', out]);
  const [a, b] = [(await stat(rustcOut)).size, (await stat(out)).size];
  console.log(`dist/apps/bench/guests/${name}.wasm: rustc ${a} B -> wasm-opt -O3 ${b} B`);
}

const only = process.argv.slice(2);
await mkdir(OUT_DIR, { recursive: true });
for (const [name, ascArgs] of Object.entries(GUESTS)) {
  if (only.length > 0 && !only.includes(name)) continue;
  await buildGuest({ entry: join(GUEST_DIR, `${name}.ts`), outDir: OUT_DIR, runtimes: ['incremental'], ascArgs });
  if (METERED.includes(name)) await buildGuest({ entry: join(GUEST_DIR, `${name}.ts`), outDir: OUT_DIR, name: `${name}-fuel`, runtimes: ['incremental'], ascArgs, fuel: true });
  if (COUNTED.includes(name)) await buildGuest({ entry: join(GUEST_DIR, `${name}.ts`), outDir: OUT_DIR, name: `${name}-allocs`, runtimes: ['incremental'], ascArgs, countAllocations: true });
}
for (const [name, base] of Object.entries(LINKED)) {
  if (only.length > 0 && !only.includes(name)) continue;
  const entry = join(GUEST_DIR, `${name}.ts`);
  await buildGuest({ entry, outDir: OUT_DIR, name: `${name}-own`, runtimes: ['incremental'] });
  await buildGuest({
    entry,
    outDir: OUT_DIR,
    name: `${name}-shared`,
    runtimes: ['incremental'],
    allocator: ALLOCATOR,
    ascArgs: ['--importMemory', '--memoryBase', String(base)],
  });
}
if (only.length === 0 || only.includes(SERVICE)) {
  const entry = join(GUEST_DIR, `${SERVICE}.ts`);
  await buildGuest({ entry, outDir: OUT_DIR, name: `${SERVICE}-own`, runtimes: ['incremental'] });
  await buildGuest({ entry, outDir: OUT_DIR, name: `${SERVICE}-pool-shared`, runtimes: ['incremental'], allocator: ALLOCATOR, ascArgs: SHARED_MEMORY_ARGS });
}
if (only.length === 0 || only.includes('record-bindings')) await buildBindings('record-bindings');
for (const [name, source] of Object.entries(C_GUESTS)) {
  if (only.length > 0 && !only.includes(name)) continue;
  await buildC(name, source);
}
for (const [name, source] of Object.entries(RUST_GUESTS)) {
  if (only.length > 0 && !only.includes(name)) continue;
  await buildRust(name, source);
}
