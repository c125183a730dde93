// Game: Karmem's own benchmark schema (schemas/game.km), measured inside the
// AssemblyScript guest (guest/game.ts, on codegen-as's generated code): 1000
// monsters (Vec3 position, UTF-8 name, 100-byte inventory, colour, [5]float64
// hitbox, 8 int32 status values, 4 weapons behind inline wrappers, a path of
// 100 Vec3, alive flag).
//
//   karmem/encode  object API, into a reused growable writer
//   karmem/decode  object API, into a reused object
//   karmem/sum     zero-copy: X + Y + Z of every Vec3 of every path, through the generated viewers
//   floor/*        the same three hand-written at known offsets, no checks (the ratios' reference)
//
// Every AS case also reports managed allocations per call, counted with the
// instrumented build `game-allocs` (asbuild --count-allocations), outside the timing.
//
// `karmem-c`, `karmem-rust`: the same three inside a C guest (guest/game-c.c,
// on codegen-c's generated code) and a Rust guest (guest/game-rust.rs, on
// codegen-rust's), over the world the host encodes with codegen-ts and copies
// in; the Rust rows count the allocations of its global allocator.
import { type BenchCase, type Prepared, type SkippedCase, defineCase } from '../cases';
import { encodeMonsters, type Monster, type Monsters } from '../generated/game';
import { allocationsPerCall } from '../allocations';
import { Fuel, loadGuest } from '../guest';

const WORKLOAD = 'game';
export const MONSTERS = 1000;
export const PATH = 100;

/** The world guest/game.ts builds, built here with the generated TypeScript: the two encodings must be byte-identical. */
export function hostWorld(): Monsters {
  const monsters: Monster[] = [];
  for (let i = 0; i < MONSTERS; i++) {
    monsters.push({
      Data: {
        Pos: { X: i, Y: i + 1, Z: i + 2 },
        Mana: 100 + (i % 50),
        Health: 200 + (i % 100),
        Name: `Monster #${i}`,
        Team: i % 5,
        Inventory: Uint8Array.from({ length: 100 }, (_, k) => (i + k) & 255),
        Color: i % 3,
        Hitbox: Array.from({ length: 5 }, (_, k) => i + k * 0.5),
        Status: Array.from({ length: 8 }, (_, k) => i * 8 + k),
        Weapons: Array.from({ length: 4 }, (_, k) => ({
          Data: { Damage: i + k, Ammo: i * 4 + k, ClipSize: (i + k) & 255, ReloadTime: 1 + k * 0.5, Range: 10 * k + 1 },
        })),
        Path: Array.from({ length: PATH }, (_, j) => ({ X: Math.fround((i + j) * 0.25), Y: Math.fround(j * 0.5), Z: i })),
        IsAlive: i % 7 !== 0,
      },
    });
  }
  return { Monsters: monsters };
}

/** The sum every variant must compute: X + Y + Z of every Vec3 of every path, in order, in float64. */
export function expectedSum(world: Monsters): number {
  let s = 0;
  for (const m of world.Monsters) for (const v of m.Data.Path) s += v.X + v.Y + v.Z;
  return s;
}

type Guest = ReturnType<typeof loadGuest>;

/** `game` (or `game-fuel`, `game-allocs`) with the world built and encoded once, at `ptr`. */
function prepare(build: 'game' | 'game-fuel' | 'game-allocs' = 'game', fuel?: Fuel): { g: Guest; ptr: number; len: number; expected: number } {
  const g = loadGuest(build, undefined, fuel);
  const len = g.exports['setup']!();
  if (len < 0) throw new Error(`guest encode failed: ${len}`);
  const ptr = g.exports['messagePtr']!();
  return { g, ptr, len, expected: expectedSum(hostWorld()) };
}

/** Managed allocations per call of one AS case, with the counting build (`operation` makes the call from a prepared guest). */
function allocations(operation: (g: Guest, ptr: number, len: number) => () => number): () => number {
  return () => {
    const { g, ptr, len } = prepare('game-allocs');
    return allocationsPerCall(g.exports, operation(g, ptr, len));
  };
}

/** The calls each case times (shared by the timed guest and the counting build; encode and sum by the C and Rust guests too). */
const OPS = {
  encode: (g: Guest) => g.exports['encode']!,
  decode: (g: Guest, ptr: number, len: number) => () => g.exports['decode']!(ptr, len),
  sum: (g: Guest, ptr: number, len: number) => () => g.exports['sum']!(ptr, len),
  floorEncode: (g: Guest) => g.exports['floorEncode']!,
  floorDecode: (g: Guest, ptr: number, len: number) => () => g.exports['floorDecode']!(ptr, len),
  floorSum: (g: Guest, ptr: number, len: number) => () => g.exports['sumFloor']!(ptr, len),
};

/** A compiled guest (C or Rust), with the host-encoded world copied into its input region once. */
function prepareCompiled(name: CompiledGuest['name']): { g: Guest; ptr: number; len: number; bytes: Uint8Array; expected: number } {
  const world = hostWorld();
  const bytes = encodeMonsters(world).slice();
  const g = loadGuest(name, '.wasm');
  const ptr = g.exports['input']!(bytes.length);
  if (ptr === 0) throw new Error(`the ${name} guest's input region is smaller than the world (${bytes.length} B)`);
  g.memory.u8.set(bytes, ptr);
  return { g, ptr, len: bytes.length, bytes, expected: expectedSum(world) };
}

/** The guests in other languages: the same exports (guest/game-c.c, guest/game-rust.rs). */
interface CompiledGuest {
  readonly impl: 'karmem-c' | 'karmem-rust';
  readonly name: 'game-c' | 'game-rust';
  readonly language: string;
  readonly labels: { readonly encode: string; readonly decode: string; readonly sum: string };
  /** Whether the guest exports `__allocations` (its allocator's count), for allocations per call. */
  readonly counts: boolean;
}

const COMPILED: readonly CompiledGuest[] = [
  {
    impl: 'karmem-c',
    name: 'game-c',
    language: 'C',
    counts: false,
    labels: {
      encode: 'C guest, codegen-c object API: game_Monsters_encode of a game_Monsters value (decoded once; strings and bytes point into the message) into a fixed buffer',
      decode: 'C guest, codegen-c object API: game_Monsters_decode into a reused value and arena (strings and bytes point into the message, other slices copied)',
      sum: 'C guest, codegen-c viewers, zero-copy: game_Monster_list_at / game_Vec3_list_at per element (clang --target=wasm32 -O2, wasm-opt -O3)',
    },
  },
  {
    impl: 'karmem-rust',
    name: 'game-rust',
    language: 'Rust',
    counts: true,
    labels: {
      encode: 'Rust guest, codegen-rust owned types: Monsters::encode of a Monsters value (decoded once) into a fixed buffer',
      decode: 'Rust guest, codegen-rust owned types: Monsters::decode_into a reused value (its Vecs, Strings and elements reused; names and inventories copied)',
      sum: 'Rust guest, codegen-rust viewers, zero-copy: List iterators over MonsterView and Vec3View (rustc 1.63 wasm32 -O, LTO, +bulk-memory, wasm-opt -O3)',
    },
  },
];

/** Encode, decode and sum in a compiled guest; the same checks as the AS cases (its encoding is byte for byte the host's). */
function compiledCases(guest: CompiledGuest): BenchCase[] {
  const { impl, name, language, labels } = guest;
  /** Allocations per call of one operation, from the guest's allocator count (Rust), outside the timing. */
  const allocations = (operation: (g: Guest, ptr: number, len: number) => () => number) =>
    guest.counts
      ? () => {
          const { g, ptr, len } = prepareCompiled(name);
          if (g.exports['setup']!(ptr, len) < 0) throw new Error(`${language} guest decode failed`);
          return allocationsPerCall(g.exports, operation(g, ptr, len));
        }
      : undefined;
  const decodeOp = (g: Guest, ptr: number, len: number) => () => {
    const n = g.exports['decode']!(ptr, len);
    if (n < 0) throw new Error(`${language} guest decode failed: ${n}`);
    return n;
  };
  return [
    defineCase({ workload: WORKLOAD, impl, phase: 'encode', role: 'karmem', label: labels.encode }, (): Prepared => {
      const { g, ptr, len, bytes, expected } = prepareCompiled(name);
      const status = g.exports['setup']!(ptr, len);
      if (status < 0) throw new Error(`${language} guest decode failed: ${status}`);
      const encode = g.exports['encode']!;
      const sum = g.exports['sum']!;
      const at = g.exports['messagePtr']!();
      const n = encode();
      const guestBytes = g.memory.u8.subarray(at, at + n);
      if (n !== len || bytes.some((b, i) => b !== guestBytes[i])) {
        throw new Error(`the ${language} guest and the host (codegen-ts) encode the world differently`);
      }
      return { run: () => encode(), check: () => sum(at, encode()), expected, bytes: len, allocations: allocations(OPS.encode) };
    }),
    defineCase({ workload: WORKLOAD, impl, phase: 'decode', role: 'karmem', label: labels.decode }, (): Prepared => {
      const { g, ptr, len, expected } = prepareCompiled(name);
      const run = decodeOp(g, ptr, len);
      const decodedSum = g.exports['decodedSum']!;
      return { run, check: () => (run(), decodedSum()), expected, bytes: len, allocations: allocations(decodeOp) };
    }),
    defineCase({ workload: WORKLOAD, impl, phase: 'sum', role: 'karmem', label: labels.sum }, (): Prepared => {
      const { g, ptr, len, expected } = prepareCompiled(name);
      const run = OPS.sum(g, ptr, len);
      return { run, check: run, expected, bytes: len, allocations: allocations(OPS.sum) };
    }),
  ];
}

const LABELS = {
  encode: 'codegen-as object API: encodeMonsters into a reused growable runtime-as Writer',
  decode: 'codegen-as object API: Monsters.decode into a reused object (arrays and their elements reused; a new string per Name)',
  sum: 'codegen-as viewers, zero-copy: slice checked once, Vec3Viewer.of per Vec3 at an address stepped by Vec3Viewer.stride',
  floor: 'hand-written loop over the same bytes at known offsets, no checks',
  floorEncode: 'hand-written encode of the same world: stores at known offsets into a raw buffer (room checked once per monster), no checks; the same bytes',
  floorDecode: 'hand-written decode of the same bytes into the same kind of reused objects at known offsets, no checks (a new string per Name)',
  sumFuel: 'as karmem sum, but the guest is built with fuel (asbuild --fuel: 1 unit per loop iteration and per entry into a function that calls others), its budget set before every call',
};

export function gameCases(): BenchCase[] {
  return [
    defineCase({ workload: WORKLOAD, impl: 'karmem', phase: 'encode', role: 'karmem', label: LABELS.encode }, (): Prepared => {
      const { g, ptr, len, expected } = prepare();
      const hostBytes = encodeMonsters(hostWorld());
      const guestBytes = g.memory.u8.subarray(ptr, ptr + len);
      if (hostBytes.length !== len || hostBytes.some((b, i) => b !== guestBytes[i])) {
        throw new Error('the guest (codegen-as) and the host (codegen-ts) encode the world differently');
      }
      const encode = OPS.encode(g);
      const sumFloor = g.exports['sumFloor']!;
      return { run: encode, check: () => sumFloor(g.exports['messagePtr']!(), encode()), expected, bytes: len, allocations: allocations(OPS.encode) };
    }),
    defineCase({ workload: WORKLOAD, impl: 'karmem', phase: 'decode', role: 'karmem', label: LABELS.decode }, (): Prepared => {
      const { g, ptr, len, expected } = prepare();
      const decode = OPS.decode(g, ptr, len);
      const decodedSum = g.exports['decodedSum']!;
      return { run: decode, check: () => (decode(), decodedSum()), expected, bytes: len, allocations: allocations(OPS.decode) };
    }),
    defineCase({ workload: WORKLOAD, impl: 'karmem', phase: 'sum', role: 'karmem', label: LABELS.sum }, (): Prepared => {
      const { g, ptr, len, expected } = prepare();
      const run = OPS.sum(g, ptr, len);
      return { run, check: run, expected, bytes: len, allocations: allocations(OPS.sum) };
    }),
    defineCase({ workload: WORKLOAD, impl: 'karmem-fuel', phase: 'sum', role: 'karmem', label: LABELS.sumFuel }, (): Prepared => {
      const fuel = new Fuel(1_000_000_000n);
      const { g, ptr, len, expected } = prepare('game-fuel', fuel);
      const sum = OPS.sum(g, ptr, len);
      const run = (): number => {
        fuel.fill(); // as the linker does before every call
        return sum();
      };
      // Fuel changes no allocation: counted on the same source without it.
      return { run, check: run, expected, bytes: len, allocations: allocations(OPS.sum) };
    }),
    ...COMPILED.flatMap(compiledCases),
    defineCase({ workload: WORKLOAD, impl: 'floor', phase: 'encode', role: 'floor', label: LABELS.floorEncode }, (): Prepared => {
      const { g, ptr, len, expected } = prepare();
      const encode = OPS.floorEncode(g);
      const at = g.exports['floorPtr']!;
      const n = encode();
      const floorBytes = g.memory.u8.subarray(at(), at() + n);
      const karmemBytes = g.memory.u8.subarray(ptr, ptr + len);
      if (n !== len || karmemBytes.some((b, i) => b !== floorBytes[i])) {
        throw new Error('the hand-written floor encoder and codegen-as encode the world differently');
      }
      const sumFloor = g.exports['sumFloor']!;
      return { run: encode, check: () => sumFloor(at(), encode()), expected, bytes: len, allocations: allocations(OPS.floorEncode) };
    }),
    defineCase({ workload: WORKLOAD, impl: 'floor', phase: 'decode', role: 'floor', label: LABELS.floorDecode }, (): Prepared => {
      const { g, ptr, len, expected } = prepare();
      const decode = OPS.floorDecode(g, ptr, len);
      const decodedSum = g.exports['floorDecodedSum']!;
      return { run: decode, check: () => (decode(), decodedSum()), expected, bytes: len, allocations: allocations(OPS.floorDecode) };
    }),
    defineCase({ workload: WORKLOAD, impl: 'floor', phase: 'sum', role: 'floor', label: LABELS.floor }, (): Prepared => {
      const { g, ptr, len, expected } = prepare();
      const run = OPS.floorSum(g, ptr, len);
      return { run, check: run, expected, bytes: len, allocations: allocations(OPS.floorSum) };
    }),
  ];
}

export function gameSkipped(): SkippedCase[] {
  return [];
}
