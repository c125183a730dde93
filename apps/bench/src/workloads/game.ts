// Game: Karmem's own benchmark rebuilt from its description, measured inside
// the AssemblyScript guest (guest/game.ts, on codegen-as's generated code):
// 1000 monsters (Vec3 position, UTF-8 name, 100-byte inventory, [5]float64
// hitbox, 8 int32 status values, 4 weapons behind inline wrappers, a path
// of 100 Vec3), in examples/game/game.km.
//
//   encode  object API, into a reused growable writer
//   decode  object API, into a reused object
//   sum     zero-copy: X + Y + Z of every Vec3 of every path, through the generated viewers
//   floor   the same sum by a hand-written loop at known offsets, no checks
//
// `karmem-c`: the same three inside a C guest (guest/game-c.c, on codegen-c's
// generated code), over the world the host encodes with codegen-ts and copies in.
import { type BenchCase, type Prepared, type SkippedCase, defineCase } from '../cases';
import { encodeMonsters, type Monster, type Monsters } from '../generated/game';
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
        Hitbox: Array.from({ length: 5 }, (_, k) => i + k * 0.5),
        Status: Array.from({ length: 8 }, (_, k) => i * 8 + k),
        Weapons: Array.from({ length: 4 }, (_, k) => ({ Data: { Damage: i + k, Range: 10 * k + 1 } })),
        Path: Array.from({ length: PATH }, (_, j) => ({ X: Math.fround((i + j) * 0.25), Y: Math.fround(j * 0.5), Z: i })),
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

function prepare(fuel?: Fuel): { g: ReturnType<typeof loadGuest>; ptr: number; len: number; expected: number } {
  const g = fuel ? loadGuest('game-fuel', undefined, fuel) : loadGuest('game');
  const len = g.exports['setup']!();
  if (len < 0) throw new Error(`guest encode failed: ${len}`);
  const ptr = g.exports['messagePtr']!();
  return { g, ptr, len, expected: expectedSum(hostWorld()) };
}

/** The C guest, with the host-encoded world copied into its input region once. */
function prepareC(): { g: ReturnType<typeof loadGuest>; ptr: number; len: number; bytes: Uint8Array; expected: number } {
  const world = hostWorld();
  const bytes = encodeMonsters(world).slice();
  const g = loadGuest('game-c', '.wasm');
  const ptr = g.exports['input']!(bytes.length);
  if (ptr === 0) throw new Error(`the C guest's input region is smaller than the world (${bytes.length} B)`);
  g.memory.u8.set(bytes, ptr);
  return { g, ptr, len: bytes.length, bytes, expected: expectedSum(world) };
}

const C_LABELS = {
  encode: 'C guest, codegen-c object API: game_Monsters_encode of a game_Monsters value (decoded once; strings and bytes point into the message) into a fixed buffer',
  decode: 'C guest, codegen-c object API: game_Monsters_decode into a reused value and arena (strings and bytes point into the message, other slices copied)',
  sum: 'C guest, codegen-c viewers, zero-copy: game_Monster_list_at / game_Vec3_list_at per element (clang --target=wasm32 -O2, wasm-opt -O3)',
};

const LABELS = {
  encode: 'codegen-as object API: encodeMonsters into a reused growable runtime-as Writer',
  decode: 'codegen-as object API: Monsters.decode into a reused object (strings and arrays new)',
  sum: 'codegen-as viewers, zero-copy: slice checked once, Vec3Viewer.element per Vec3',
  floor: 'hand-written loop over the same bytes at known offsets, no checks',
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
      const encode = g.exports['encode']!;
      const sumFloor = g.exports['sumFloor']!;
      return { run: () => encode(), check: () => sumFloor(g.exports['messagePtr']!(), encode()), expected, bytes: len };
    }),
    defineCase({ workload: WORKLOAD, impl: 'karmem', phase: 'decode', role: 'karmem', label: LABELS.decode }, (): Prepared => {
      const { g, ptr, len, expected } = prepare();
      const decode = g.exports['decode']!;
      const decodedSum = g.exports['decodedSum']!;
      return { run: () => decode(ptr, len), check: () => (decode(ptr, len), decodedSum()), expected, bytes: len };
    }),
    defineCase({ workload: WORKLOAD, impl: 'karmem', phase: 'sum', role: 'karmem', label: LABELS.sum }, (): Prepared => {
      const { g, ptr, len, expected } = prepare();
      const sum = g.exports['sum']!;
      const run = (): number => sum(ptr, len);
      return { run, check: run, expected, bytes: len };
    }),
    defineCase({ workload: WORKLOAD, impl: 'karmem-fuel', phase: 'sum', role: 'karmem', label: LABELS.sumFuel }, (): Prepared => {
      const fuel = new Fuel(1_000_000_000n);
      const { g, ptr, len, expected } = prepare(fuel);
      const sum = g.exports['sum']!;
      const run = (): number => {
        fuel.fill(); // as the linker does before every call
        return sum(ptr, len);
      };
      return { run, check: run, expected, bytes: len };
    }),
    defineCase({ workload: WORKLOAD, impl: 'karmem-c', phase: 'encode', role: 'karmem', label: C_LABELS.encode }, (): Prepared => {
      const { g, ptr, len, bytes, expected } = prepareC();
      const status = g.exports['setup']!(ptr, len);
      if (status < 0) throw new Error(`C guest decode failed: ${status}`);
      const encode = g.exports['encode']!;
      const sum = g.exports['sum']!;
      const at = g.exports['messagePtr']!();
      const n = encode();
      const guestBytes = g.memory.u8.subarray(at, at + n);
      if (n !== len || bytes.some((b, i) => b !== guestBytes[i])) {
        throw new Error('the C guest (codegen-c) and the host (codegen-ts) encode the world differently');
      }
      return { run: () => encode(), check: () => sum(at, encode()), expected, bytes: len };
    }),
    defineCase({ workload: WORKLOAD, impl: 'karmem-c', phase: 'decode', role: 'karmem', label: C_LABELS.decode }, (): Prepared => {
      const { g, ptr, len, expected } = prepareC();
      const decode = g.exports['decode']!;
      const decodedSum = g.exports['decodedSum']!;
      const run = (): number => {
        const n = decode(ptr, len);
        if (n < 0) throw new Error(`C guest decode failed: ${n}`);
        return n;
      };
      return { run, check: () => (run(), decodedSum()), expected, bytes: len };
    }),
    defineCase({ workload: WORKLOAD, impl: 'karmem-c', phase: 'sum', role: 'karmem', label: C_LABELS.sum }, (): Prepared => {
      const { g, ptr, len, expected } = prepareC();
      const sum = g.exports['sum']!;
      const run = (): number => sum(ptr, len);
      return { run, check: run, expected, bytes: len };
    }),
    defineCase({ workload: WORKLOAD, impl: 'floor', phase: 'sum', role: 'floor', label: LABELS.floor }, (): Prepared => {
      const { g, ptr, len, expected } = prepare();
      const sumFloor = g.exports['sumFloor']!;
      const run = (): number => sumFloor(ptr, len);
      return { run, check: run, expected, bytes: len };
    }),
  ];
}

export function gameSkipped(): SkippedCase[] {
  return [];
}
