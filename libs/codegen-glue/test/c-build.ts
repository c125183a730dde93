// Builds the C guests of the end-to-end test from the generated headers
// (./c-generate.ts) and guests/c/ (the implementations), in both memory modes, with
// the flags docs/c.md gives ("Interfaces and modules"), then Binaryen.
// Cached under tmp/codegen-glue-test by a hash of everything they are made of.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateAllC } from './c-generate';
import { ROOT } from './generate';

const HERE = __dirname;
const SOURCES = join(HERE, 'guests/c');

/** Every C guest build: freestanding wasm32, no libc (libs/codegen-c/test/guests.ts). */
export const C_FLAGS = [
  '--target=wasm32', '-std=c11', '-O2', '-ffreestanding', '-nostdlib', '-mbulk-memory',
  '-Wall', '-Wextra', '-Werror', '-pedantic', '-Wconversion', '-Wsign-conversion', '-Wshadow',
  '-Wl,--no-entry',
];
/** Copy mode: the guest owns its memory and grows it; the stack below the static data. */
export const COPY_FLAGS = ['-Wl,--stack-first'];
/** Shared mode: memory imported, static data (and stack) from `base`, pages from the host's arena. */
export const sharedFlags = (base: number) => ['-Wl,--import-memory', `-Wl,--global-base=${base}`, '-DKARMEM_HOST_ARENA'];

/** Static data bases in shared mode, clear of the AssemblyScript guests' (./build.ts). */
export const C_GUESTS = {
  worker_a: { base: 0x50000 },
  notebook: { base: 0x70000 },
} as const;

export type CMemory = 'copy' | 'shared';

export interface CGuest {
  readonly wasm: Uint8Array<ArrayBuffer>;
  /** Bytes of clang's module and after wasm-opt -O3. */
  readonly clangBytes: number;
  readonly wasmBytes: number;
}

/** clang and wasm-opt without node_modules/.bin on PATH: clang would run Binaryen itself (docs/c.md). */
function run(tool: string, args: readonly string[], cwd: string): void {
  const PATH = (process.env['PATH'] ?? '').split(':').filter((d) => !/node_modules[\\/]\.bin\/?$/.test(d)).join(':');
  try {
    execFileSync(tool, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, PATH } });
  } catch (error) {
    const e = error as { stderr?: string; stdout?: string; message: string };
    throw new Error(`${tool} ${args.join(' ')}\n${e.stderr ?? ''}${e.stdout ?? ''}${e.stderr || e.stdout ? '' : e.message}`);
  }
}

/** The C guest `name` built for `memory`. */
export function cGuest(name: keyof typeof C_GUESTS, memory: CMemory): CGuest {
  const clang = process.env['KARMEM_CLANG'] ?? 'clang';
  const wasmOpt = join(ROOT, 'node_modules/.bin/wasm-opt');
  const flags = [...C_FLAGS, ...(memory === 'copy' ? COPY_FLAGS : sharedFlags(C_GUESTS[name].base))];
  const hash = createHash('sha256').update(JSON.stringify({ name, flags }));
  hash.update(execFileSync(clang, ['--version'], { encoding: 'utf8' }));
  const headers = generateAllC();
  for (const [f, content] of headers) hash.update(f).update(content);
  for (const f of readdirSync(SOURCES).sort()) hash.update(f).update(readFileSync(join(SOURCES, f)));
  hash.update(readFileSync(join(ROOT, 'node_modules/binaryen/package.json')));
  const dir = join(ROOT, 'tmp/codegen-glue-test', `c-${name}-${memory}-${hash.digest('hex').slice(0, 16)}`);
  if (!existsSync(join(dir, `${name}.wasm`))) {
    const staging = `${dir}.${process.pid}`;
    rmSync(staging, { recursive: true, force: true });
    mkdirSync(join(staging, 'include'), { recursive: true });
    for (const [f, content] of headers) writeFileSync(join(staging, 'include', f), content);
    run(clang, [...flags, '-I', 'include', '-o', `${name}.clang.wasm`, join(SOURCES, `${name}.c`)], staging);
    run(wasmOpt, ['-O3', `${name}.clang.wasm`, '-o', `${name}.wasm`], staging);
    try {
      renameSync(staging, dir);
    } catch {
      rmSync(staging, { recursive: true, force: true });
    }
  }
  return {
    wasm: new Uint8Array(readFileSync(join(dir, `${name}.wasm`))),
    clangBytes: statSync(join(dir, `${name}.clang.wasm`)).size,
    wasmBytes: statSync(join(dir, `${name}.wasm`)).size,
  };
}
