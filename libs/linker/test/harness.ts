// Builds the test guests (once per set of sources and flags, cached under
// <workspace>/tmp/linker-test) and gives their bytes to the tests.
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
const PROJECT = join(WORKSPACE, 'libs/linker');
export const ALLOCATOR = join(PROJECT, 'assembly/allocator.ts');
const CACHE = join(WORKSPACE, 'tmp/linker-test');

export interface GuestBuild {
  /** Output name. */
  readonly name: string;
  /** Source file under test/guests. */
  readonly source: string;
  readonly runtime: 'stub' | 'minimal' | 'incremental';
  /** Shared-memory build: --importMemory --memoryBase <base> and the host-arena allocator. */
  readonly memoryBase?: number;
  /** Host-arena allocator and --importMemory, at asc's default base (isolated memory). */
  readonly importMemory?: boolean;
  /** More asc flags. */
  readonly ascArgs?: readonly string[];
}

/** Every test guest the linker's tests use. */
export const GUESTS = {
  alpha: { name: 'alpha', source: 'alpha.ts', runtime: 'incremental', memoryBase: 0x10000 },
  beta: { name: 'beta', source: 'beta.ts', runtime: 'minimal', memoryBase: 0x30000 },
  /** Overlaps alpha's static data. */
  alphaClash: { name: 'alpha-clash', source: 'beta.ts', runtime: 'incremental', memoryBase: 0x10400 },
  /** Plain asc build: owns its memory, stock allocator. */
  alphaOwn: { name: 'alpha-own', source: 'alpha.ts', runtime: 'incremental' },
  betaOwn: { name: 'beta-own', source: 'beta.ts', runtime: 'stub' },
  bad: { name: 'bad', source: 'bad.ts', runtime: 'stub' },
  oldAbi: { name: 'old-abi', source: 'old-abi.ts', runtime: 'stub' },
  stress1: { name: 'stress1', source: 'alloc-stress.ts', runtime: 'incremental', memoryBase: 0x50000 },
  stress2: { name: 'stress2', source: 'alloc-stress.ts', runtime: 'minimal', memoryBase: 0x70000 },
  stress3: { name: 'stress3', source: 'alloc-stress.ts', runtime: 'incremental', memoryBase: 0x80000 },
  /** The worker pool's guest (test/pool.spec.ts): plain (copy mode), and importing a shared memory (in place). */
  poolCopy: { name: 'pool-copy', source: 'pool.ts', runtime: 'incremental' },
  poolShared: { name: 'pool-shared', source: 'pool.ts', runtime: 'incremental', importMemory: true, ascArgs: ['--sharedMemory', '--maximumMemory', '4096', '--enable', 'threads'] },
} as const satisfies Record<string, GuestBuild>;

export type GuestName = keyof typeof GUESTS;

function key(build: GuestBuild): string {
  const hash = createHash('sha256');
  const files = [
    ...['assembly', 'test/guests'].flatMap((dir) => readdirSync(join(PROJECT, dir)).filter((f) => f.endsWith('.ts')).sort().map((f) => join(PROJECT, dir, f))),
    ...readdirSync(join(WORKSPACE, 'libs/runtime-as/assembly')).filter((f) => f.endsWith('.ts')).sort().map((f) => join(WORKSPACE, 'libs/runtime-as/assembly', f)),
    join(WORKSPACE, 'tools/asbuild/build.mjs'),
    join(WORKSPACE, 'node_modules/assemblyscript/package.json'),
    join(WORKSPACE, 'node_modules/binaryen/package.json'),
  ];
  for (const file of files) hash.update(file).update('\0').update(readFileSync(file)).update('\0');
  hash.update(JSON.stringify(build));
  return hash.digest('hex').slice(0, 16);
}

/** The optimized wasm of a test guest, built if needed. */
export function guestBytes(name: GuestName): Uint8Array<ArrayBuffer> {
  const build: GuestBuild = GUESTS[name];
  const dir = join(CACHE, `${build.name}-${key(build)}`);
  const wasm = join(dir, `${build.name}.${build.runtime}.wasm`);
  if (!existsSync(wasm)) {
    const staging = `${dir}.${process.pid}`;
    rmSync(staging, { recursive: true, force: true });
    mkdirSync(staging, { recursive: true });
    const shared = build.memoryBase !== undefined || build.importMemory === true;
    buildGuestSync({
      entry: join(PROJECT, 'test/guests', build.source),
      outDir: staging,
      name: build.name,
      runtimes: [build.runtime],
      ...(shared ? { allocator: ALLOCATOR } : {}),
      ascArgs: [...(shared ? ['--importMemory', ...(build.memoryBase !== undefined ? ['--memoryBase', String(build.memoryBase)] : [])] : []), ...(build.ascArgs ?? [])],
    });
    writeFileSync(join(staging, 'done'), '');
    try {
      renameSync(staging, dir);
    } catch {
      rmSync(staging, { recursive: true, force: true }); // another worker won
    }
    // Older builds of this guest are never used again.
    for (const old of readdirSync(CACHE)) {
      if (old.startsWith(`${build.name}-`) && /^[0-9a-f]{16}$/.test(old.slice(build.name.length + 1)) && join(CACHE, old) !== dir) {
        rmSync(join(CACHE, old), { recursive: true, force: true });
      }
    }
  }
  return new Uint8Array(readFileSync(wasm));
}
