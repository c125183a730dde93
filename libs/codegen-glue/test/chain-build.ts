// Builds the three guests of the mixed-language link test (./mixed-link.spec.ts)
// from schemas/chain.km: front in AssemblyScript (codegen-as + the AS glue),
// middle in Rust (codegen-rust + the Rust glue), back in C (codegen-c + the C
// glue), each with its language's documented flags, then Binaryen. Cached
// under tmp/codegen-glue-test by a hash of everything they are made of.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateAssemblyScript } from '@karmem-ts/codegen-as';
import { generateC } from '@karmem-ts/codegen-c';
import { generateGlueAssemblyScript, generateGlueC } from '@karmem-ts/codegen-glue';
import { loadSchema, type SchemaLayout } from '@karmem-ts/layout';
import { buildGuestSync } from '../../../tools/asbuild/index.cjs';
import { COPY_FLAGS, C_FLAGS, sharedFlags } from './c-build';
import { ROOT } from './generate';
import { type RustGuest, type RustMemory, buildRust, runTool } from './rust-build';
import { generateAllRust } from './rust-generate';

export const CHAIN_SOURCE = 'libs/codegen-glue/test/schemas/chain.km';
const SOURCES = join(__dirname, 'guests/chain');

/** Static data bases in shared mode: one memory for the three. */
export const CHAIN_BASES = { front: 0x10000, middle: 0x40000, back: 0x80000 } as const;

export function chainLayout(): SchemaLayout {
  const loaded = loadSchema(readFileSync(join(ROOT, CHAIN_SOURCE), 'utf8'), CHAIN_SOURCE);
  if (!loaded.layout) throw new Error(loaded.diagnostics.map((d) => d.message).join('\n'));
  return loaded.layout;
}

/** Builds into a fresh staging folder, renamed to the cache folder `dir` when done. */
export function cached(dir: string, file: string, build: (staging: string) => void): Uint8Array<ArrayBuffer> {
  if (!existsSync(join(dir, file))) {
    const staging = `${dir}.${process.pid}`;
    rmSync(staging, { recursive: true, force: true });
    mkdirSync(staging, { recursive: true });
    try {
      build(staging);
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
  return new Uint8Array(readFileSync(join(dir, file)));
}

export function hashOf(...parts: (string | Uint8Array)[]): string {
  const hash = createHash('sha256');
  for (const p of parts) hash.update(p);
  return hash.digest('hex').slice(0, 16);
}

/** front: AssemblyScript, built once for both modes (imported memory, the host-arena allocator, its own base). */
export function frontGuest(): Uint8Array<ArrayBuffer> {
  const layout = chainLayout();
  const files = new Map<string, string>();
  for (const f of generateAssemblyScript(layout, { source: CHAIN_SOURCE })) files.set(f.path, f.content);
  for (const f of generateGlueAssemblyScript(layout, { source: CHAIN_SOURCE, implementation: (m) => `./${m}` })) files.set(f.path, f.content);
  files.set('front.ts', readFileSync(join(SOURCES, 'front.ts'), 'utf8'));
  const runtime = ['libs/linker/assembly', 'libs/runtime-as/assembly'].flatMap((d) =>
    readdirSync(join(ROOT, d)).filter((f) => f.endsWith('.ts')).sort().map((f) => readFileSync(join(ROOT, d, f))),
  );
  const key = hashOf(JSON.stringify([...files]), ...runtime, readFileSync(join(ROOT, 'tools/asbuild/build.mjs')), readFileSync(join(ROOT, 'node_modules/assemblyscript/package.json')));
  return cached(join(ROOT, 'tmp/codegen-glue-test', `chain-front-${key}`), 'front.incremental.wasm', (staging) => {
    for (const [f, content] of files) writeFileSync(join(staging, f), content);
    buildGuestSync({
      entry: join(staging, 'front.guest.ts'),
      outDir: staging,
      name: 'front',
      runtimes: ['incremental'],
      allocator: join(ROOT, 'libs/linker/assembly/allocator.ts'),
      ascArgs: ['--importMemory', '--memoryBase', String(CHAIN_BASES.front)],
    });
  });
}

/** middle: Rust, for `memory`. */
export function middleGuest(memory: RustMemory): RustGuest {
  return buildRust('chain-middle', 'middle.rs', SOURCES, generateAllRust(chainLayout(), CHAIN_SOURCE), memory, CHAIN_BASES.middle);
}

/** back: C, for `memory`. */
export function backGuest(memory: RustMemory): Uint8Array<ArrayBuffer> {
  const layout = chainLayout();
  const headers = [...generateC(layout, { source: CHAIN_SOURCE }), ...generateGlueC(layout, { source: CHAIN_SOURCE })];
  const clang = process.env['KARMEM_CLANG'] ?? 'clang';
  const flags = [...C_FLAGS, ...(memory === 'copy' ? COPY_FLAGS : sharedFlags(CHAIN_BASES.back))];
  const key = hashOf(JSON.stringify(flags), runTool(clang, ['--version'], ROOT), JSON.stringify(headers), readFileSync(join(SOURCES, 'back.c')), readFileSync(join(ROOT, 'node_modules/binaryen/package.json')));
  return cached(join(ROOT, 'tmp/codegen-glue-test', `chain-back-${memory}-${key}`), 'back.wasm', (staging) => {
    mkdirSync(join(staging, 'include'));
    for (const f of headers) writeFileSync(join(staging, 'include', f.path), f.content);
    runTool(clang, [...flags, '-I', 'include', '-o', 'back.clang.wasm', join(SOURCES, 'back.c')], staging);
    runTool(join(ROOT, 'node_modules/.bin/wasm-opt'), ['-O3', 'back.clang.wasm', '-o', 'back.wasm'], staging);
  });
}
