// A complete guest: the host writes a MonsterData message (examples/game/game.km)
// into the guest's input region; the guest reads it in place, with no copy and
// no allocation, and answers with a Vec3 message in its output region.
//
// Generate game.ts next to this file, then build:
//   karmem-ts generate --lang as examples/game/game.km -o <dir>
//   node tools/asbuild/build.mjs <dir>/monster-guest.ts --runtime stub,incremental --out-dir <dir>
import * as karmem from "@karmem-ts/runtime-as/assembly";
import { Team, Vec3, Vec3Viewer, encodeVec3, viewMonsterData } from "./game";

const INPUT_CAPACITY: u32 = 64 * 1024;
const OUTPUT_CAPACITY: u32 = 1024;

// Allocated once, at start-up: `new` and `heap.alloc` are never called per message.
const input = heap.alloc(INPUT_CAPACITY);
const output = heap.alloc(OUTPUT_CAPACITY);
const reader = new karmem.Reader(0, 0);
const writer = karmem.Writer.fixed(output, OUTPUT_CAPACITY);
const answer = new Vec3();

/** Where the host writes a request (at most `inputCapacity()` bytes). */
export function inputAt(): usize {
  return input;
}
export function inputCapacity(): u32 {
  return INPUT_CAPACITY;
}

/** Where the guest writes its answers. */
export function outputAt(): usize {
  return output;
}

/**
 * The centre of the monster's path, as a Vec3 message in the output region.
 * Returns the answer's length, or -code when it could not be written.
 */
export function pathCentre(length: u32): i32 {
  const r = reader.reset(input, min(length, INPUT_CAPACITY));
  const monster = viewMonsterData(r);          // checks the table once
  const path = monster.Path(r);                // checks the slice once: [<128]Vec3
  const n = karmem.sliceLength(path);
  let at = r.address(karmem.sliceOffset(path)); // taken once, before the loop
  const end = at + <usize>n * Vec3Viewer.stride;
  let x: f32 = 0, y: f32 = 0, z: f32 = 0;
  for (; at < end; at += Vec3Viewer.stride) {
    const p = Vec3Viewer.of(at);                // an address, not an object
    x += p.X;
    y += p.Y;
    z += p.Z;
  }
  const scale: f32 = n == 0 ? 0 : 1 / <f32>n;
  answer.X = x * scale;
  answer.Y = y * scale;
  answer.Z = z * scale;
  return encodeVec3(writer, answer);           // 12 bytes at outputAt()
}

/** Whether the monster is an orc with more than `health` health: scalar fields, read in place. */
export function isStrongOrc(length: u32, health: i16): bool {
  const monster = viewMonsterData(reader.reset(input, min(length, INPUT_CAPACITY)));
  return monster.Team == Team.Orcs && monster.Health > health;
}

/** How many bytes of the monster's name are ASCII upper-case letters: UTF-8 read in place. */
export function capitals(length: u32): u32 {
  const r = reader.reset(input, min(length, INPUT_CAPACITY));
  const name = viewMonsterData(r).NameBytes(r);
  const at = r.address(karmem.sliceOffset(name));
  let count: u32 = 0;
  for (let i: u32 = 0, n = karmem.sliceLength(name); i < n; i++) {
    const c = load<u8>(at + <usize>i);
    if (c >= 0x41 && c <= 0x5A) count++;
  }
  return count;
}

/** The damage of the monster's weapons, added: tables behind a fixed array of inline structs. */
export function totalDamage(length: u32): i32 {
  const r = reader.reset(input, min(length, INPUT_CAPACITY));
  const monster = viewMonsterData(r);
  let total: i32 = 0;
  for (let i: u32 = 0; i < 4; i++) total += monster.Weapons(i).Data(r).Damage;
  return total;
}
