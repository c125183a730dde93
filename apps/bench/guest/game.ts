// The Game workload, on Karmem's own benchmark schema (schemas/game.km): 1000
// monsters, measured inside the guest with the code codegen-as generates
// (guest/generated/game.ts), against hand-written floors.
//
//   encode         the object API: encodeMonsters into a reused growable writer
//   decode         the object API: Monsters.decode into a reused object
//   sum            zero-copy: the generated viewers, sum of X + Y + Z over every Vec3 of every Path
//   floorEncode    hand-written: the same bytes, stores at known offsets, no checks
//   floorDecode    hand-written: the same bytes into the same kind of reused objects, no checks
//   sumFloor       the same sum by a hand-written loop at known offsets, no checks
//
// Built twice more by scripts/build-guests.mjs: with fuel (game-fuel) and
// with an allocation counter (game-allocs, asbuild --count-allocations).
import * as karmem from "@karmem-ts/runtime-as/assembly";
import {
  Monster, MonsterData, MonsterViewer, Monsters, Vec3, Vec3Viewer, encodeMonsters, viewMonsters,
} from "./generated/game";

export const MONSTERS: i32 = 1000;
export const PATH: i32 = 100;

const writer = karmem.Writer.growable(2 << 20);
const reader = new karmem.Reader(0, 0);
const decoded = new Monsters();
const floorDecoded = new Monsters();
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
  d.Color = <u8>(i % 3);
  for (let k = 0; k < 5; k++) d.Hitbox[k] = <f64>i + <f64>k * 0.5;
  const status = new Array<i32>(8);
  for (let k = 0; k < 8; k++) unchecked(status[k] = i * 8 + k);
  d.Status = status;
  for (let k = 0; k < 4; k++) {
    const w = d.Weapons[k].Data;
    w.Damage = i + k;
    w.Ammo = <u16>(i * 4 + k);
    w.ClipSize = <u8>((i + k) & 255);
    w.ReloadTime = 1 + <f32>k * 0.5;
    w.Range = 10 * k + 1;
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
  d.IsAlive = i % 7 != 0;
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

function pathSum(o: Monsters): f64 {
  let s: f64 = 0;
  const list = o.Monsters;
  for (let i = 0, n = list.length; i < n; i++) {
    const path = unchecked(list[i]).Data.Path;
    for (let j = 0, m = path.length; j < m; j++) {
      const v = unchecked(path[j]);
      s += <f64>v.X + <f64>v.Y + <f64>v.Z;
    }
  }
  return s;
}

/** The sum over the last decoded object (to check decode). */
export function decodedSum(): f64 {
  return pathSum(decoded);
}

export function sum(ptr: usize, len: u32): f64 {
  const r = reader.reset(ptr, len);
  const monsters = viewMonsters(r).Monsters(r);
  const base = r.address(karmem.sliceOffset(monsters));
  let s: f64 = 0;
  for (let i: u32 = 0, n = karmem.sliceLength(monsters); i < n; i++) {
    const path = MonsterViewer.element(base, i).Data(r).Path(r);
    // Step an address by the stride: V8 does not turn `first + j * 12` into a step (10% here).
    let at = r.address(karmem.sliceOffset(path));
    const end = at + <usize>karmem.sliceLength(path) * Vec3Viewer.stride;
    for (; at < end; at += Vec3Viewer.stride) {
      const v = Vec3Viewer.of(at);
      s += <f64>v.X + <f64>v.Y + <f64>v.Z;
    }
  }
  return s;
}

// ------------------------------------------------------------------ floors
//
// Known offsets (schemas/game.km, packed): Monsters {u32 size; Monsters @4};
// MonsterData {u32 size; Pos @4; Mana @16; Health @18; Name @20; Team @28;
// Inventory @29; Color @37; Hitbox @38; Status @78; Weapons @86; Path @102;
// IsAlive @110} (111 bytes); WeaponData {u32 size; Damage @4; Ammo @8;
// ClipSize @10; ReloadTime @11; Range @15} (19 bytes); slice headers
// {u32 offset; u32 byte size}.
//
// The floors' Path loops take four Vec3 per iteration, as codegen-as's
// encoders do: faster (karmem's encode, as it was, measured 1.40x the floor
// before and 1.46-1.48x after, paired; its decode 1.01-1.03x and
// 1.06-1.14x). The sum's loop does not: its additions are one chain, in the
// order the checksum fixes, and four per iteration measured the same.

export function sumFloor(ptr: usize, len: u32): f64 {
  const list = ptr + <usize>load<u32>(ptr, 4);
  const n = load<u32>(ptr, 8) >> 2;
  let s: f64 = 0;
  for (let i: usize = 0; i < <usize>n; i++) {
    const data = ptr + <usize>load<u32>(list + (i << 2));
    const path = ptr + <usize>load<u32>(data, 102);
    const end = path + <usize>load<u32>(data, 106);
    for (let p = path; p < end; p += 12) s += <f64>load<f32>(p) + <f64>load<f32>(p, 4) + <f64>load<f32>(p, 8);
  }
  return s;
}

/** `list` at `n` elements: its buffer grown only when too small, new slots zeroed (so the collector never sees stale ones). */
// @ts-ignore: decorator
@inline function floorResize<T>(list: Array<T>, n: i32): i32 {
  const old = list.length;
  if (n != old) list.length = n;
  if (isManaged<T>() && n > old) memory.fill(list.dataStart + (<usize>old << alignof<T>()), 0, <usize>(n - old) << alignof<T>());
  return old;
}

/** Stores a new element at slot i of a list resized by floorResize (the store and write barrier of Array#__set, unchecked). */
// @ts-ignore: decorator
@inline function floorStore<T>(list: Array<T>, i: i32, e: T): void {
  store<usize>(list.dataStart + (<usize>i << alignof<T>()), changetype<usize>(e));
  __link(changetype<usize>(list), changetype<usize>(e), true);
}

function floorMonsterData(d: MonsterData, ptr: usize, t: usize): void {
  d.Pos.X = load<f32>(t, 4);
  d.Pos.Y = load<f32>(t, 8);
  d.Pos.Z = load<f32>(t, 12);
  d.Mana = load<i16>(t, 16);
  d.Health = load<i16>(t, 18);
  d.Name = karmem.decodeUTF8(ptr + <usize>load<u32>(t, 20), load<u32>(t, 24));
  d.Team = load<u8>(t, 28);
  const inventory = d.Inventory;
  const inventorySize = load<u32>(t, 33);
  inventory.length = <i32>inventorySize;
  memory.copy(inventory.dataStart, ptr + <usize>load<u32>(t, 29), <usize>inventorySize);
  d.Color = load<u8>(t, 37);
  memory.copy(changetype<usize>(d.Hitbox), t + 38, 40);
  const status = d.Status;
  const statusSize = load<u32>(t, 82);
  status.length = <i32>(statusSize >> 2);
  memory.copy(status.dataStart, ptr + <usize>load<u32>(t, 78), <usize>statusSize);
  const weapons = d.Weapons;
  for (let k = 0; k < 4; k++) {
    const w = unchecked(weapons[k]).Data;
    const wt = ptr + <usize>load<u32>(t + 86 + (<usize>k << 2));
    w.Damage = load<i32>(wt, 4);
    w.Ammo = load<u16>(wt, 8);
    w.ClipSize = load<u8>(wt, 10);
    w.ReloadTime = load<f32>(wt, 11);
    w.Range = load<i32>(wt, 15);
  }
  const path = d.Path;
  const count = <i32>(load<u32>(t, 106) / 12);
  const from = ptr + <usize>load<u32>(t, 102);
  const old = floorResize(path, count);
  for (let j = old; j < count; j++) floorStore(path, j, new Vec3());
  // Elements as raw addresses (no managed local: nothing for the shadow stack).
  const items = path.dataStart;
  let j = 0;
  for (; j + 4 <= count; j += 4) {
    const e = items + (<usize>j << 2);
    const p = from + <usize>j * 12;
    const v0 = load<usize>(e), v1 = load<usize>(e, 4), v2 = load<usize>(e, 8), v3 = load<usize>(e, 12);
    store<f32>(v0, load<f32>(p), offsetof<Vec3>("X"));
    store<f32>(v0, load<f32>(p, 4), offsetof<Vec3>("Y"));
    store<f32>(v0, load<f32>(p, 8), offsetof<Vec3>("Z"));
    store<f32>(v1, load<f32>(p, 12), offsetof<Vec3>("X"));
    store<f32>(v1, load<f32>(p, 16), offsetof<Vec3>("Y"));
    store<f32>(v1, load<f32>(p, 20), offsetof<Vec3>("Z"));
    store<f32>(v2, load<f32>(p, 24), offsetof<Vec3>("X"));
    store<f32>(v2, load<f32>(p, 28), offsetof<Vec3>("Y"));
    store<f32>(v2, load<f32>(p, 32), offsetof<Vec3>("Z"));
    store<f32>(v3, load<f32>(p, 36), offsetof<Vec3>("X"));
    store<f32>(v3, load<f32>(p, 40), offsetof<Vec3>("Y"));
    store<f32>(v3, load<f32>(p, 44), offsetof<Vec3>("Z"));
  }
  for (; j < count; j++) {
    const v = load<usize>(items + (<usize>j << 2));
    const p = from + <usize>j * 12;
    store<f32>(v, load<f32>(p), offsetof<Vec3>("X"));
    store<f32>(v, load<f32>(p, 4), offsetof<Vec3>("Y"));
    store<f32>(v, load<f32>(p, 8), offsetof<Vec3>("Z"));
  }
  d.IsAlive = load<u8>(t, 110) != 0;
}

/** Hand-written decode of the message at ptr into a reused Monsters: no checks, only the Names allocate. */
export function floorDecode(ptr: usize, _len: u32): i32 {
  const list = ptr + <usize>load<u32>(ptr, 4);
  const n = <i32>(load<u32>(ptr, 8) >> 2);
  const monsters = floorDecoded.Monsters;
  const old = floorResize(monsters, n);
  for (let i = old; i < n; i++) floorStore(monsters, i, new Monster());
  const items = monsters.dataStart;
  for (let i = 0; i < n; i++) {
    const m = changetype<Monster>(load<usize>(items + (<usize>i << 2)));
    floorMonsterData(m.Data, ptr, ptr + <usize>load<u32>(list + (<usize>i << 2)));
  }
  return n;
}

/** The sum over the last floor-decoded object (to check floorDecode). */
export function floorDecodedSum(): f64 {
  return pathSum(floorDecoded);
}

const FLOOR_CAPACITY: usize = 4 << 20;
let floorBuffer: usize = heap.alloc(FLOOR_CAPACITY);
let floorCapacity: usize = FLOOR_CAPACITY;

/** Room for `end` bytes in the floor's buffer (grown once when the world outgrows it). */
function floorReserve(end: usize): void {
  if (end <= floorCapacity) return;
  floorCapacity = max(end, floorCapacity << 1);
  floorBuffer = heap.realloc(floorBuffer, floorCapacity);
}

export function floorPtr(): usize {
  return floorBuffer;
}

/** Hand-written encode of the world, in the order every Karmem writer uses; returns the length. */
export function floorEncode(): i32 {
  const list = world.Monsters;
  const n = list.length;
  let end: usize = 12 + (<usize>n << 2);
  floorReserve(end);
  store<u32>(floorBuffer, 12);
  store<u32>(floorBuffer, 12, 4);
  store<u32>(floorBuffer, <u32>n << 2, 8);
  for (let i = 0; i < n; i++) {
    const d = unchecked(list[i]).Data;
    const name = d.Name;
    const nameSize = <usize>String.UTF8.byteLength(name);
    const inventory = d.Inventory;
    const inventorySize = <usize>inventory.length;
    const status = d.Status;
    const statusSize = <usize>status.length << 2;
    const path = d.Path;
    const count = path.length;
    const t = end;
    end += 111 + nameSize + inventorySize + statusSize + 4 * 19 + <usize>count * 12;
    floorReserve(end);
    const base = floorBuffer;
    store<u32>(base + 12 + (<usize>i << 2), <u32>t);
    const tp = base + t;
    let at = t + 111;
    store<u32>(tp, 111);
    store<f32>(tp, d.Pos.X, 4);
    store<f32>(tp, d.Pos.Y, 8);
    store<f32>(tp, d.Pos.Z, 12);
    store<i16>(tp, d.Mana, 16);
    store<i16>(tp, d.Health, 18);
    String.UTF8.encodeUnsafe(changetype<usize>(name), name.length, base + at, false, String.UTF8.ErrorMode.REPLACE);
    store<u32>(tp, <u32>at, 20);
    store<u32>(tp, <u32>nameSize, 24);
    at += nameSize;
    store<u8>(tp, d.Team, 28);
    memory.copy(base + at, inventory.dataStart, inventorySize);
    store<u32>(tp, <u32>at, 29);
    store<u32>(tp, <u32>inventorySize, 33);
    at += inventorySize;
    store<u8>(tp, d.Color, 37);
    memory.copy(tp + 38, changetype<usize>(d.Hitbox), 40);
    memory.copy(base + at, status.dataStart, statusSize);
    store<u32>(tp, <u32>at, 78);
    store<u32>(tp, <u32>statusSize, 82);
    at += statusSize;
    const weapons = d.Weapons;
    for (let k = 0; k < 4; k++) {
      const w = unchecked(weapons[k]).Data;
      const wp = base + at;
      store<u32>(tp + (<usize>k << 2), <u32>at, 86);
      store<u32>(wp, 19);
      store<i32>(wp, w.Damage, 4);
      store<u16>(wp, w.Ammo, 8);
      store<u8>(wp, w.ClipSize, 10);
      store<f32>(wp, w.ReloadTime, 11);
      store<i32>(wp, w.Range, 15);
      at += 19;
    }
    store<u32>(tp, <u32>at, 102);
    store<u32>(tp, <u32>count * 12, 106);
    const items = path.dataStart;
    let p = base + at;
    let j = 0;
    for (; j + 4 <= count; j += 4) {
      const e = items + (<usize>j << 2);
      const v0 = load<usize>(e), v1 = load<usize>(e, 4), v2 = load<usize>(e, 8), v3 = load<usize>(e, 12);
      store<f32>(p, load<f32>(v0, offsetof<Vec3>("X")));
      store<f32>(p, load<f32>(v0, offsetof<Vec3>("Y")), 4);
      store<f32>(p, load<f32>(v0, offsetof<Vec3>("Z")), 8);
      store<f32>(p, load<f32>(v1, offsetof<Vec3>("X")), 12);
      store<f32>(p, load<f32>(v1, offsetof<Vec3>("Y")), 16);
      store<f32>(p, load<f32>(v1, offsetof<Vec3>("Z")), 20);
      store<f32>(p, load<f32>(v2, offsetof<Vec3>("X")), 24);
      store<f32>(p, load<f32>(v2, offsetof<Vec3>("Y")), 28);
      store<f32>(p, load<f32>(v2, offsetof<Vec3>("Z")), 32);
      store<f32>(p, load<f32>(v3, offsetof<Vec3>("X")), 36);
      store<f32>(p, load<f32>(v3, offsetof<Vec3>("Y")), 40);
      store<f32>(p, load<f32>(v3, offsetof<Vec3>("Z")), 44);
      p += 48;
    }
    for (; j < count; j++) {
      const v = load<usize>(items + (<usize>j << 2));
      store<f32>(p, load<f32>(v, offsetof<Vec3>("X")));
      store<f32>(p, load<f32>(v, offsetof<Vec3>("Y")), 4);
      store<f32>(p, load<f32>(v, offsetof<Vec3>("Z")), 8);
      p += 12;
    }
    store<u8>(tp, <u8>d.IsAlive, 110);
  }
  return <i32>end;
}

