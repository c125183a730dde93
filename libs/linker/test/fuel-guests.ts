// Guests for the fuel tests: WAT callees of the hostile schema (Answer.Get)
// that loop forever or do a given amount of work, metered by the pass
// `asbuild --fuel` runs (tools/asbuild/fuel.mjs) in a child Node process
// (./wat.ts), and an AssemblyScript guest built with fuel by asbuild itself.
// Outputs are cached under <workspace>/tmp/linker-test.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildGuestSync } from '../../../tools/asbuild/index.cjs';
import { WORKSPACE } from './harness';
import { FUEL_PASS } from './wat';

/** Values of the Count argument of Answer.Get. */
export const FUEL_OP = {
  /** Loops forever. */
  LOOP: 9,
  /** Value >= WORK: runs (Value - WORK) loop iterations, each calling a function; answers their sum. */
  WORK: 1000,
} as const;

/** WAT texts to bytes, metered by the fuel pass where asked (./wat.ts). */
export { meteredWat } from './wat';

const PAGE = 65536;

function le32(n: number): string {
  return [0, 8, 16, 24].map((s) => `\\${((n >>> s) & 255).toString(16).padStart(2, '0')}`).join('');
}

/**
 * A callee of the hostile schema (implements Answer): Get(LOOP) never
 * returns, Get(WORK + n) runs n iterations and answers their sum, any other
 * Value v answers v + 1. `memory: 'import'` builds it for isolated or shared
 * memory (env.memory, karmem.arena_grow) at `base`; `spinningStart` adds a
 * start function that never returns.
 */
export function fuelCallee(options: { memory: 'own' | 'import'; base: number; spinningStart?: boolean }): string {
  const { base } = options;
  const FRAME = base;
  const OUT = base + 64;
  const IN = base + 0x1000;
  const RET = base + 0x4000;
  const STATIC = 0x8000;
  const pages = Math.ceil((base + STATIC) / PAGE) + (options.memory === 'own' ? 1 : 0);
  const answer = (value: string) =>
    `(i32.store (i32.const ${OUT}) (i32.const 8)) (i32.store (i32.const ${OUT + 4}) ${value}) (i32.store (i32.const ${FRAME}) (i32.const ${OUT})) (return (i32.const 8))`;
  return `(module
  ${options.memory === 'import' ? `(import "env" "memory" (memory ${pages})) (import "karmem" "arena_grow" (func $arena (param i32) (result i32)))` : `(memory (export "memory") ${pages})`}
  (data (i32.const ${FRAME + 8}) "${le32(base)}${le32(base + STATIC)}")
  (func (export "karmem_abi_version") (result i32) (i32.const 1))
  (func (export "karmem_frame") (result i32) (i32.const ${FRAME}))
  (func (export "karmem_reserve") (param $region i32) (param $size i32) (result i32)
    (if (i32.gt_u (local.get $size) (i32.const 0x3000)) (then (unreachable)))
    (select (i32.const ${RET}) (i32.const ${IN}) (local.get $region)))
  (func $mix (param $i i32) (result i32) (i32.xor (i32.mul (local.get $i) (i32.const 31)) (i32.const 7)))
  (func $work (param $n i32) (result i32) (local $i i32) (local $acc i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $acc (i32.add (local.get $acc) (call $mix (local.get $i))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (local.get $acc))
  (func $spin (loop $forever (br $forever)))
  (func (export "Answer_Get") (param $p i32) (param $n i32) (result i32) (local $v i32)
    (if (i32.ge_u (local.get $n) (i32.const 8)) (then (local.set $v (i32.load (i32.add (local.get $p) (i32.const 4))))))
    (if (i32.eq (local.get $v) (i32.const ${FUEL_OP.LOOP})) (then (call $spin)))
    (if (i32.ge_u (local.get $v) (i32.const ${FUEL_OP.WORK}))
      (then ${answer(`(call $work (i32.sub (local.get $v) (i32.const ${FUEL_OP.WORK})))`)}))
    ${answer('(i32.add (local.get $v) (i32.const 1))')})
  ${options.spinningStart ? '(start $spin)' : ''}
)`;
}

/**
 * libs/linker/test/guests/alpha.ts (Test.Spin never returns), built by
 * asbuild with fuel, owning its memory (copy mode).
 */
export function meteredAlpha(): Uint8Array<ArrayBuffer> {
  const project = join(WORKSPACE, 'libs/linker');
  const hash = createHash('sha256');
  for (const file of [join(project, 'test/guests/alpha.ts'), FUEL_PASS, join(WORKSPACE, 'tools/asbuild/asbuild.mjs'), join(WORKSPACE, 'node_modules/binaryen/package.json')]) {
    hash.update(readFileSync(file));
  }
  const dir = join(WORKSPACE, 'tmp/linker-test', `alpha-fuel-${hash.digest('hex').slice(0, 16)}`);
  const wasm = join(dir, 'alpha-fuel.incremental.wasm');
  if (!existsSync(wasm)) {
    mkdirSync(dir, { recursive: true });
    const [built] = buildGuestSync({ entry: join(project, 'test/guests/alpha.ts'), outDir: dir, name: 'alpha-fuel', runtimes: ['incremental'], fuel: true });
    if (!built?.fuel) throw new Error('asbuild did not report a metered build');
  }
  return new Uint8Array(readFileSync(wasm));
}
