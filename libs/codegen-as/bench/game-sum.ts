// Benchmark guest: the zero-copy sum over every Vec3 of every monster's Path
// in a Monsters message, through the generated viewers, against a hand-written
// loop over the same bytes. Built with the example guest (whose exports it
// passes on) by `nx run codegen-as:build-guests`; run bench/game-sum.mjs.
import * as karmem from "@karmem-ts/runtime-as/assembly";
import { MonsterViewer, Vec3Viewer, viewMonsters } from "./game";

export * from "./monster-guest";

const reader = new karmem.Reader(0, 0);

/** A buffer of `size` bytes for the host to write the Monsters message into. */
export function region(size: u32): usize {
  return heap.alloc(<usize>size);
}

/** The top of the heap: unchanged across calls that allocate nothing (stub runtime). */
export function heapTop(): usize {
  const probe = heap.alloc(16);
  heap.free(probe);
  return probe;
}

/** Every X + Y + Z of every Path, through the generated viewers. */
export function sumViewer(at: usize, length: u32): f64 {
  const r = reader.reset(at, length);
  const monsters = viewMonsters(r).Monsters(r);
  const first = r.address(karmem.sliceOffset(monsters));
  let sum: f64 = 0;
  for (let m: u32 = 0, count = karmem.sliceLength(monsters); m < count; m++) {
    const path = MonsterViewer.element(first, m).Data(r).Path(r);
    const base = r.address(karmem.sliceOffset(path));
    for (let i: u32 = 0, n = karmem.sliceLength(path); i < n; i++) {
      const p = Vec3Viewer.element(base, i);
      sum += <f64>p.X + <f64>p.Y + <f64>p.Z;
    }
  }
  return sum;
}

/**
 * The same sum, by hand: raw loads at offsets known from the layout, with the
 * bounds checks the format requires done once per table and per slice.
 * (Monsters: size u32, Monsters {offset, size} at 4; Monster: u32 pointer;
 * MonsterData: Path {offset, size} at 101, limit 128; Vec3: 3 x f32.)
 */
export function sumHand(at: usize, length: u32): f64 {
  let sum: f64 = 0;
  if (length < 12 || load<u32>(at) < 12 || load<u32>(at) > length) return 0;
  const listOffset = load<u32>(at, 4);
  const listSize = load<u32>(at, 8);
  if (<u64>listOffset + <u64>listSize > <u64>length) return 0;
  const count = min(listSize >>> 2, 2000);
  for (let m: u32 = 0; m < count; m++) {
    const table = load<u32>(at + <usize>listOffset + (<usize>m << 2));
    if (<u64>table + 4 > <u64>length) continue;
    const size = load<u32>(at + <usize>table);
    if (<u64>table + <u64>size > <u64>length || size < 109) continue;
    const pathOffset = load<u32>(at + <usize>table, 101);
    const pathSize = load<u32>(at + <usize>table, 105);
    if (<u64>pathOffset + <u64>pathSize > <u64>length) continue;
    const n = min(pathSize / 12, 128);
    const base = at + <usize>pathOffset;
    for (let i: u32 = 0; i < n; i++) {
      const p = base + <usize>i * 12;
      sum += <f64>load<f32>(p) + <f64>load<f32>(p, 4) + <f64>load<f32>(p, 8);
    }
  }
  return sum;
}
