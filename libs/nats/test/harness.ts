// Builds the test guest (once per set of sources, cached under
// <workspace>/tmp/nats-test), as libs/linker/test/harness.ts does.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { buildGuestSync } from '../../../tools/asbuild/index.cjs';

/** The workspace root: the nearest folder up with workspace.json (this file may run bundled, from tmp/). */
function findWorkspace(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'workspace.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no workspace.json above ${from}`);
  }
}

export const WORKSPACE = findWorkspace(__dirname);
const PROJECT = join(WORKSPACE, 'libs/nats');
export const CACHE = join(WORKSPACE, 'tmp/nats-test');

function tsFiles(dir: string): string[] {
  return readdirSync(dir).filter((f) => f.endsWith('.ts')).sort().map((f) => join(dir, f));
}

function key(): string {
  const hash = createHash('sha256');
  const files = [
    ...tsFiles(join(PROJECT, 'test/guests')),
    ...tsFiles(join(WORKSPACE, 'libs/linker/assembly')),
    ...tsFiles(join(WORKSPACE, 'libs/runtime-as/assembly')),
    join(WORKSPACE, 'tools/asbuild/build.mjs'),
    join(WORKSPACE, 'node_modules/assemblyscript/package.json'),
    join(WORKSPACE, 'node_modules/binaryen/package.json'),
  ];
  for (const file of files) hash.update(file).update('\0').update(readFileSync(file)).update('\0');
  return hash.digest('hex').slice(0, 16);
}

/** The path of the optimized scorer guest (plain build: its own memory, copy mode), built if needed. */
export function scorerWasmPath(): string {
  const dir = join(CACHE, `scorer-${key()}`);
  const wasm = join(dir, 'scorer.stub.wasm');
  if (!existsSync(wasm)) {
    const staging = `${dir}.${process.pid}`;
    rmSync(staging, { recursive: true, force: true });
    mkdirSync(staging, { recursive: true });
    buildGuestSync({ entry: join(PROJECT, 'test/guests/scorer.ts'), outDir: staging, name: 'scorer', runtimes: ['stub'] });
    writeFileSync(join(staging, 'done'), '');
    try {
      renameSync(staging, dir);
    } catch {
      rmSync(staging, { recursive: true, force: true }); // another process won
    }
    for (const old of existsSync(CACHE) ? readdirSync(CACHE) : []) {
      if (/^scorer-[0-9a-f]{16}$/.test(old) && join(CACHE, old) !== dir) rmSync(join(CACHE, old), { recursive: true, force: true });
    }
  }
  return wasm;
}

export function scorerBytes(): Uint8Array<ArrayBuffer> {
  return new Uint8Array(readFileSync(scorerWasmPath()));
}

/**
 * The caller guest (test/guests/caller.ts, imports Scoring): `own` is a plain
 * build (its own memory: copy mode); `shared` imports its memory at 64 KiB
 * with the host-arena allocator (shared mode).
 */
export function callerBytes(variant: 'own' | 'shared'): Uint8Array<ArrayBuffer> {
  const name = `caller-${variant}`;
  const dir = join(CACHE, `${name}-${key()}`);
  const runtime = variant === 'own' ? 'stub' : 'minimal';
  const wasm = join(dir, `${name}.${runtime}.wasm`);
  if (!existsSync(wasm)) {
    const staging = `${dir}.${process.pid}`;
    rmSync(staging, { recursive: true, force: true });
    mkdirSync(staging, { recursive: true });
    buildGuestSync({
      entry: join(PROJECT, 'test/guests/caller.ts'),
      outDir: staging,
      name,
      runtimes: [runtime],
      ...(variant === 'shared' ? { allocator: join(WORKSPACE, 'libs/linker/assembly/allocator.ts'), ascArgs: ['--importMemory', '--memoryBase', '65536'] } : {}),
    });
    try {
      renameSync(staging, dir);
    } catch {
      rmSync(staging, { recursive: true, force: true }); // another process won
    }
    for (const old of readdirSync(CACHE)) {
      if (old.startsWith(`${name}-`) && /^[0-9a-f]{16}$/.test(old.slice(name.length + 1)) && join(CACHE, old) !== dir) rmSync(join(CACHE, old), { recursive: true, force: true });
    }
  }
  return new Uint8Array(readFileSync(wasm));
}
