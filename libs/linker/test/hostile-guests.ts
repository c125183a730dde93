// Hand-written hostile guests, as WebAssembly text (built by ./wat.ts). One
// schema: `callee` implements Answer; `caller` implements Ask and imports
// Answer (from `callee`, or from the host). What a guest does is chosen by
// the Value of the Count it receives (OP below), so one build lies in every
// way and also answers honestly, which shows that a reset made it fresh.
import type { Codec, FunctionSpec, InterfaceSpec, SchemaSpec } from '@karmem-ts/linker';
import { Count } from './spec';

/** Values of the Count argument and what the guest then does. */
export const OP = {
  /** callee: answers Value + 1 (any value not listed). */
  ECHO: 100,
  /** callee: an answer straddling the end of its memory (40 of its 100 bytes inside). */
  STRADDLE: 1,
  /** callee: an answer at 0xFFFFFF00. */
  OUTSIDE: 2,
  /** callee: an answer 0x7FFFFFF0 bytes long. */
  HUGE: 3,
  /** callee: status 0, though Get answers a Count. */
  EMPTY: 4,
  /** callee: status -16, the linker's CALLEE_TRAPPED. */
  FORGE: 5,
  /** callee: answers what `memory.grow(100)` returned (as u32: 0xFFFFFFFF when refused). */
  GROW: 6,
  /** callee: fails with application code 70. */
  FAIL: 7,
  /** callee: answers how many calls this instance has served (1 after a reset). */
  COUNT: 8,
  /** caller: passes (end of its memory - 8, 100) to its import. */
  BAD_ARGUMENT: 20,
  /** caller: returns -16 without calling anything. */
  CALLER_FORGE: 21,
  /** caller, with Value 1000 + op: sends op to its callee, ignores the status and answers Value 0 (carries on). */
  CARRY_ON: 1000,
} as const;

/** Count, with a viewer that reads through its reader at each access (as generated viewers do). */
const LazyCount: Codec<{ Value: number }, { readonly Value: number }> = {
  name: 'Count',
  encode: (value, w) => Count.encode(value, w),
  view: (r) => ({
    get Value() {
      return r.tableSize(0, true) >= 8 ? r.u32(4) : 0;
    },
  }),
  decode: (r) => Count.decode(r) as { Value: number },
};

const fn = (name: string): FunctionSpec => ({ name, param: LazyCount, result: Count });
export const Answer: InterfaceSpec<unknown, { Get(arg: { Value: number }): { Value: number } }, { Get(arg: { Value: number }): unknown }> = {
  name: 'Answer',
  functions: [fn('Get')],
};
export const Ask: InterfaceSpec<unknown, { Go(arg: { Value: number }): { Value: number } }, unknown> = { name: 'Ask', functions: [fn('Go')] };

export const hostileSchema: SchemaSpec = {
  name: 'hostile',
  interfaces: { Answer, Ask },
  modules: {
    callee: { name: 'callee', implements: ['Answer'], imports: [] },
    caller: { name: 'caller', implements: ['Ask'], imports: [{ interface: 'Answer' }] },
    /** A second caller (for host implementations serving two modules at once). */
    caller2: { name: 'caller2', implements: ['Ask'], imports: [{ interface: 'Answer' }] },
  },
};

export interface GuestText {
  /** `own`: defines and exports its memory; `import`: imports env.memory and karmem.arena_grow (isolated or shared). */
  readonly memory: 'own' | 'import';
  /** First byte of its static data (the frame lies there). */
  readonly base: number;
  readonly role: 'callee' | 'caller';
  /** WAT expression: what karmem_frame returns (default: the real frame). */
  readonly frame?: string;
  /** WAT expression over $region, $size: what karmem_reserve returns (default: its IN / RET region). */
  readonly reserve?: string;
  /** WAT expression: what karmem_abi_version returns (default 1). */
  readonly abi?: string;
  /** Imports env.flaky and calls it as its start function. */
  readonly flakyStart?: boolean;
  /** Answer_Get returns an i64 (a mistyped export). */
  readonly i64?: boolean;
  /** caller: imports Answer.Get checked (`karmem-checked:Answer`): it handles failures itself. */
  readonly checked?: boolean;
}

const PAGE = 65536;
const STATIC = 0x8000;
const REGION = 0x3000;

function le32(n: number): string {
  return [0, 8, 16, 24].map((s) => `\\${((n >>> s) & 255).toString(16).padStart(2, '0')}`).join('');
}

/** The WAT text of a hostile guest. */
export function guestText(g: GuestText): string {
  const FRAME = g.base;
  const OUT = g.base + 64;
  const IN = g.base + 0x1000;
  const RET = g.base + 0x4000;
  const pages = Math.ceil((g.base + STATIC) / PAGE) + (g.memory === 'own' ? 1 : 0);
  const memSize = '(i32.mul (memory.size) (i32.const 65536))';
  const answer = (value: string) =>
    `(i32.store (i32.const ${OUT}) (i32.const 8)) (i32.store (i32.const ${OUT + 4}) ${value}) (i32.store (i32.const ${FRAME}) (i32.const ${OUT})) (return (i32.const 8))`;
  const cases: Record<number, string> = {
    [OP.STRADDLE]: `(i32.store (i32.const ${FRAME}) (i32.sub ${memSize} (i32.const 40))) (return (i32.const 100))`,
    [OP.OUTSIDE]: `(i32.store (i32.const ${FRAME}) (i32.const 0xFFFFFF00)) (return (i32.const 8))`,
    [OP.HUGE]: `(i32.store (i32.const ${FRAME}) (i32.const ${OUT})) (return (i32.const 0x7FFFFFF0))`,
    [OP.EMPTY]: '(return (i32.const 0))',
    [OP.FORGE]: '(return (i32.const -16))',
    [OP.GROW]: answer('(memory.grow (i32.const 100))'),
    [OP.FAIL]: '(return (i32.const -70))',
    [OP.COUNT]: answer('(global.get $calls)'),
  };
  const max = 9;
  let dispatch = `(br_table ${Array.from({ length: max }, (_, i) => `$c${i}`).join(' ')} $default (local.get $v))`;
  for (let i = 0; i < max; i++) dispatch = `(block $c${i} ${dispatch}) ${cases[i] ?? '(br $default)'}`;
  const get = g.i64
    ? `(func (export "Answer_Get") (param $p i32) (param $n i32) (result i64) (i64.const 8))`
    : `(func (export "Answer_Get") (param $p i32) (param $n i32) (result i32) (local $v i32)
    (global.set $calls (i32.add (global.get $calls) (i32.const 1)))
    (if (i32.ge_u (local.get $n) (i32.const 8)) (then (local.set $v (i32.load (i32.add (local.get $p) (i32.const 4))))))
    (block $default ${dispatch})
    ${answer('(i32.add (local.get $v) (i32.const 1))')})`;
  const go = `(func (export "Ask_Go") (param $p i32) (param $n i32) (result i32) (local $v i32) (local $s i32)
    (if (i32.ge_u (local.get $n) (i32.const 8)) (then (local.set $v (i32.load (i32.add (local.get $p) (i32.const 4))))))
    (if (i32.eq (local.get $v) (i32.const ${OP.CALLER_FORGE})) (then (return (i32.const -16))))
    (if (i32.ge_u (local.get $v) (i32.const ${OP.CARRY_ON}))
      (then
        (i32.store (i32.add (local.get $p) (i32.const 4)) (i32.sub (local.get $v) (i32.const ${OP.CARRY_ON})))
        (drop (call $get (local.get $p) (local.get $n)))
        ${answer('(i32.const 0)')}))
    (if (i32.eq (local.get $v) (i32.const ${OP.BAD_ARGUMENT}))
      (then (local.set $s (call $get (i32.sub ${memSize} (i32.const 8)) (i32.const 100))))
      (else (local.set $s (call $get (local.get $p) (local.get $n)))))
    (if (i32.gt_s (local.get $s) (i32.const 0)) (then (i32.store (i32.const ${FRAME}) (i32.load (i32.const ${FRAME + 4})))))
    (local.get $s))`;
  return `(module
  ${g.role === 'caller' ? `(import "${g.checked ? 'karmem-checked' : 'karmem'}:Answer" "Get" (func $get (param i32 i32) (result i32)))` : ''}
  ${g.flakyStart ? '(import "env" "flaky" (func $flaky))' : ''}
  ${g.memory === 'import' ? `(import "env" "memory" (memory ${pages})) (import "karmem" "arena_grow" (func $arena (param i32) (result i32)))` : `(memory (export "memory") ${pages})`}
  (global $calls (mut i32) (i32.const 0))
  (data (i32.const ${FRAME + 8}) "${le32(g.base)}${le32(g.base + STATIC)}")
  (func (export "karmem_abi_version") (result i32) ${g.abi ?? '(i32.const 1)'})
  (func (export "karmem_frame") (result i32) ${g.frame ?? `(i32.const ${FRAME})`})
  (func (export "karmem_reserve") (param $region i32) (param $size i32) (result i32)
    ${g.reserve ?? `(if (i32.gt_u (local.get $size) (i32.const ${REGION})) (then (unreachable))) (select (i32.const ${RET}) (i32.const ${IN}) (local.get $region))`})
  ${g.role === 'callee' ? get : go}
  ${g.flakyStart ? '(start $flaky)' : ''}
)`;
}
