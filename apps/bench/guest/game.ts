// The Game workload, after Karmem's own benchmark: 1000 monsters, measured
// inside the guest with the code codegen-as generates (guest/generated/game.ts).
//
//   encode     the object API: encodeMonsters into a reused growable writer
//   decode     the object API: Monsters.decode into a reused object
//   sum        zero-copy: the generated viewers, sum of X + Y + Z over every Vec3 of every Path
//   sumFloor   the same sum by a hand-written loop at known offsets, no checks
import * as karmem from "@karmem-ts/runtime-as/assembly";
import {
  Monster, MonsterViewer, Monsters, Vec3, Vec3Viewer, encodeMonsters, viewMonsters,
} from "./generated/game";

export const MONSTERS: i32 = 1000;
export const PATH: i32 = 100;

const writer = karmem.Writer.growable(2 << 20);
const reader = new karmem.Reader(0, 0);
const decoded = new Monsters();
let world = new Monsters();

/** Monster i, with the values the host builds too (apps/bench/src/workloads/game.ts). */
function monster(i: i32): Monster {
  const m = new Monster();
  const d = m.Data;
  d.Pos.X = <f32>i;
  d.Pos.Y = <f32>(i + 1);
  d.Pos.Z = <f32>(i + 2);
  d.Mana = <i16>(100 + (i % 50));
  d.Health = <i16>(200 + (i % 100));
  d.Name = "Monster #" + i.toString();
  d.Team = <u8>(i % 5);
  const inventory = new Array<u8>(100);
  for (let k = 0; k < 100; k++) unchecked(inventory[k] = <u8>((i + k) & 255));
  d.Inventory = inventory;
  for (let k = 0; k < 5; k++) d.Hitbox[k] = <f64>i + <f64>k * 0.5;
  const status = new Array<i32>(8);
  for (let k = 0; k < 8; k++) unchecked(status[k] = i * 8 + k);
  d.Status = status;
  for (let k = 0; k < 4; k++) {
    d.Weapons[k].Data.Damage = i + k;
    d.Weapons[k].Data.Range = 10 * k + 1;
  }
  const path = new Array<Vec3>(PATH);
  for (let j = 0; j < PATH; j++) {
    const v = new Vec3();
    v.X = <f32>(i + j) * 0.25;
    v.Y = <f32>j * 0.5;
    v.Z = <f32>i;
    unchecked(path[j] = v);
  }
  d.Path = path;
  return m;
}

/** Builds the world and encodes it once; returns the message length. The message stays at `messagePtr()`. */
export function setup(): i32 {
  const list = new Array<Monster>(MONSTERS);
  for (let i = 0; i < MONSTERS; i++) unchecked(list[i] = monster(i));
  world = new Monsters();
  world.Monsters = list;
  return encodeMonsters(writer, world);
}

export function messagePtr(): usize {
  return writer.ptr;
}

export function encode(): i32 {
  return encodeMonsters(writer, world);
}

export function decode(ptr: usize, len: u32): i32 {
  decoded.decode(reader.reset(ptr, len), viewMonsters(reader));
  return decoded.Monsters.length;
}

/** The sum over the last decoded object (to check decode). */
export function decodedSum(): f64 {
  let s: f64 = 0;
  const list = decoded.Monsters;
  for (let i = 0, n = list.length; i < n; i++) {
    const path = unchecked(list[i]).Data.Path;
    for (let j = 0, m = path.length; j < m; j++) {
      const v = unchecked(path[j]);
      s += <f64>v.X + <f64>v.Y + <f64>v.Z;
    }
  }
  return s;
}

export function sum(ptr: usize, len: u32): f64 {
  const r = reader.reset(ptr, len);
  const monsters = viewMonsters(r).Monsters(r);
  const base = r.address(karmem.sliceOffset(monsters));
  let s: f64 = 0;
  for (let i: u32 = 0, n = karmem.sliceLength(monsters); i < n; i++) {
    const path = MonsterViewer.element(base, i).Data(r).Path(r);
    const at = r.address(karmem.sliceOffset(path));
    for (let j: u32 = 0, m = karmem.sliceLength(path); j < m; j++) {
      const v = Vec3Viewer.element(at, j);
      s += <f64>v.X + <f64>v.Y + <f64>v.Z;
    }
  }
  return s;
}

export function sumFloor(ptr: usize, len: u32): f64 {
  const list = ptr + <usize>load<u32>(ptr, 4);
  const n = load<u32>(ptr, 8) >> 2;
  let s: f64 = 0;
  for (let i: usize = 0; i < <usize>n; i++) {
    const data = ptr + <usize>load<u32>(list + (i << 2));
    const path = ptr + <usize>load<u32>(data, 101);
    const end = path + <usize>load<u32>(data, 105);
    for (let p = path; p < end; p += 12) s += <f64>load<f32>(p) + <f64>load<f32>(p, 4) + <f64>load<f32>(p, 8);
  }
  return s;
}
