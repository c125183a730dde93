// A guest whose import a worker pool serves (test/pool.spec.ts, "a pool as a
// host implementation"): the schema, as generated glue would describe it,
// and the guest test/guests/pool-caller.ts, built once per set of sources
// (cached under <workspace>/tmp/linker-test, as ./harness.ts does).
//
//   interface Scoring { ... as in ./pool-spec.ts ... }
//   interface Caller { Score(Blob) Count; Counter() Count; Spin() Count; Trap() Count; Echo(Blob) Blob; }
//   module scorer implements Scoring;
//   module caller implements Caller imports Scoring;
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Codec, FunctionSpec, InterfaceSpec, SchemaSpec } from '@karmem-ts/linker';
import type { Reader } from '@karmem-ts/runtime';
import { buildGuestSync } from '../../../tools/asbuild/index.cjs';
import { WORKSPACE } from './harness';
import { Scoring as PlainScoring } from './pool-spec';
import { Blob, Count } from './spec';

/** A viewer as codegen-ts generates them: it keeps the reader of the message (a pool's host implementation sends its bytes on). */
export interface BlobViewer {
  readonly reader: Reader;
  readonly offset: number;
  readonly bytes: Uint8Array;
}

export const BlobWithReader: Codec<Uint8Array, BlobViewer> = {
  name: 'Blob',
  encode: (value, w) => Blob.encode(value, w),
  view: (r) => ({ reader: r, offset: 0, bytes: Blob.view(r).bytes }),
  decode: (r) => Blob.decode(r),
};

const withViewers = (f: FunctionSpec): FunctionSpec => (f.param === Blob ? { ...f, param: BlobWithReader } : f);

/** What a host implements to provide Scoring, as codegen-glue would type it. */
export interface ScoringHost {
  Score(arg: BlobViewer): { Value: number } | Uint8Array;
  Counter(): { Value: number } | Uint8Array;
  Spin(): void;
  Trap(): void;
  Fail(): void;
  Lie(): { Value: number } | Uint8Array;
  Forge(): void;
  Echo(arg: BlobViewer): Uint8Array;
}

/** Scoring, with viewers that keep their reader. */
export const Scoring: InterfaceSpec<unknown, unknown, ScoringHost> = { name: 'Scoring', functions: PlainScoring.functions.map(withViewers) };

const fn = (name: string, param?: Codec, result?: Codec): FunctionSpec => ({ name, ...(param ? { param } : {}), ...(result ? { result } : {}) });

export const Caller: InterfaceSpec = {
  name: 'Caller',
  functions: [fn('Score', Blob, Count), fn('Counter', undefined, Count), fn('Spin', undefined, Count), fn('Trap', undefined, Count), fn('Echo', Blob, Blob)],
};

export const hostSchema: SchemaSpec = {
  name: 'poolhosttest',
  interfaces: { Scoring, Caller },
  modules: {
    scorer: { name: 'scorer', implements: ['Scoring'], imports: [] },
    caller: { name: 'caller', implements: ['Caller'], imports: [{ interface: 'Scoring' }] },
  },
};

const PROJECT = join(WORKSPACE, 'libs/linker');
const CACHE = join(WORKSPACE, 'tmp/linker-test');
const NAME = 'pool-caller';

/** The caller guest's wasm (plain asc build: its own memory, the stock allocator), built if needed. */
export function callerBytes(): Uint8Array<ArrayBuffer> {
  const hash = createHash('sha256');
  const files = [
    join(PROJECT, 'test/guests/pool-caller.ts'),
    ...readdirSync(join(PROJECT, 'assembly')).filter((f) => f.endsWith('.ts')).sort().map((f) => join(PROJECT, 'assembly', f)),
    ...readdirSync(join(WORKSPACE, 'libs/runtime-as/assembly')).filter((f) => f.endsWith('.ts')).sort().map((f) => join(WORKSPACE, 'libs/runtime-as/assembly', f)),
    join(WORKSPACE, 'tools/asbuild/build.mjs'),
    join(WORKSPACE, 'node_modules/assemblyscript/package.json'),
    join(WORKSPACE, 'node_modules/binaryen/package.json'),
  ];
  for (const file of files) hash.update(file).update('\0').update(readFileSync(file)).update('\0');
  const dir = join(CACHE, `${NAME}-${hash.digest('hex').slice(0, 16)}`);
  const wasm = join(dir, `${NAME}.incremental.wasm`);
  if (!existsSync(wasm)) {
    const staging = `${dir}.${process.pid}`;
    rmSync(staging, { recursive: true, force: true });
    mkdirSync(staging, { recursive: true });
    buildGuestSync({ entry: join(PROJECT, 'test/guests/pool-caller.ts'), outDir: staging, name: NAME, runtimes: ['incremental'] });
    writeFileSync(join(staging, 'done'), '');
    try {
      renameSync(staging, dir);
    } catch {
      rmSync(staging, { recursive: true, force: true }); // another process won
    }
  }
  return new Uint8Array(readFileSync(wasm));
}
