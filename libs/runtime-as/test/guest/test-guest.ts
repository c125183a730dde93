// Test guest for the AssemblyScript runtime: exports that drive the Reader
// and the Writer from the host (libs/runtime-as/test/*.spec.ts). The
// AccountData and T functions are written the way generated code would use
// the runtime, for the two examples of FORMAT.md.
//
// Built by tools/asbuild, which puts the @karmem-ts packages on asc's --path, hence the import.

import {
  ABSENT,
  ALLOC_FAILED,
  Reader,
  Slice,
  Writer,
  decodeUTF8,
  encodeUTF8,
  errorMessage,
  sliceLength,
  sliceOffset,
  utf8Length,
  within,
} from "@karmem-ts/runtime-as/assembly";

// One reader for every call: `new Reader` would allocate each time.
const reader = new Reader(0, 0);

// ---------------------------------------------------------------- memory

/** Raw heap memory for the host to put messages in (not GC-managed). */
export function region(size: u32): usize {
  return heap.alloc(<usize>size);
}

// ---------------------------------------------------------------- Reader primitives

export function hasBytes(ptr: usize, len: u32, offset: u32, size: u32): bool {
  return reader.reset(ptr, len).has(offset, size);
}
export function readU8(ptr: usize, len: u32, offset: u32): u8 {
  return reader.reset(ptr, len).read<u8>(offset);
}
export function readI8(ptr: usize, len: u32, offset: u32): i8 {
  return reader.reset(ptr, len).read<i8>(offset);
}
export function readU16(ptr: usize, len: u32, offset: u32): u16 {
  return reader.reset(ptr, len).read<u16>(offset);
}
export function readI16(ptr: usize, len: u32, offset: u32): i16 {
  return reader.reset(ptr, len).read<i16>(offset);
}
export function readU32(ptr: usize, len: u32, offset: u32): u32 {
  return reader.reset(ptr, len).read<u32>(offset);
}
export function readI32(ptr: usize, len: u32, offset: u32): i32 {
  return reader.reset(ptr, len).read<i32>(offset);
}
export function readU64(ptr: usize, len: u32, offset: u32): u64 {
  return reader.reset(ptr, len).read<u64>(offset);
}
export function readI64(ptr: usize, len: u32, offset: u32): i64 {
  return reader.reset(ptr, len).read<i64>(offset);
}
export function readF32(ptr: usize, len: u32, offset: u32): f32 {
  return reader.reset(ptr, len).read<f32>(offset);
}
export function readF64(ptr: usize, len: u32, offset: u32): f64 {
  return reader.reset(ptr, len).read<f64>(offset);
}
export function readBool(ptr: usize, len: u32, offset: u32): bool {
  return reader.reset(ptr, len).read<bool>(offset);
}
export function pointerAt(ptr: usize, len: u32, offset: u32): u32 {
  return reader.reset(ptr, len).pointer(offset);
}
export function tableSize(ptr: usize, len: u32, offset: u32, packed: bool): u32 {
  return reader.reset(ptr, len).tableSize(offset, packed);
}
/** A u32 field of a table: table check, then field presence. */
export function tableFieldU32(ptr: usize, len: u32, table: u32, packed: bool, fieldOffset: u32): u32 {
  const r = reader.reset(ptr, len);
  return r.field<u32>(table, r.tableSize(table, packed), fieldOffset);
}
export function sliceOffsetAt(ptr: usize, len: u32, header: u32, elementSize: u32, limit: u32): u32 {
  return sliceOffset(reader.reset(ptr, len).slice(header, elementSize, limit));
}
export function sliceLengthAt(ptr: usize, len: u32, header: u32, elementSize: u32, limit: u32): u32 {
  return sliceLength(reader.reset(ptr, len).slice(header, elementSize, limit));
}
export function stringAt(ptr: usize, len: u32, header: u32, limit: u32): string {
  return reader.reset(ptr, len).string(header, limit);
}
export function withinAt(base: u32, rel: u32): u32 {
  return within(base, rel);
}

// ---------------------------------------------------------------- UTF-8

export function decode(ptr: usize, len: u32): string {
  return decodeUTF8(ptr, len);
}
/** Decodes the bytes, encodes the string again at `out`; returns the encoded length. */
export function reencode(ptr: usize, len: u32, out: usize): u32 {
  const s = decodeUTF8(ptr, len);
  const n = utf8Length(s);
  const written = encodeUTF8(s, out);
  return n == written ? n : u32.MAX_VALUE;
}

// ---------------------------------------------------------------- AccountData (FORMAT.md, packed)
//
// enum SocialNetwork uint8; ProfileData table { Network SocialNetwork; Username []char; ID uint64; }
// Profile inline { Data ProfileData; }  AccountData table { ID uint64; Email []char; Profiles []Profile; }

const ACCOUNT_SIZE: u32 = 28; // 4 + 8 + 8 + 8
const PROFILE_DATA_SIZE: u32 = 21; // 4 + 1 + 8 + 8
const PROFILE_SIZE: u32 = 4; // one table pointer

function writeProfile(w: Writer, slot: u32, network: u8, username: string, id: u64): void {
  const t = w.allocTable(PROFILE_DATA_SIZE);
  w.write<u32>(slot, t); // Profile.Data
  w.write<u8>(t + 4, network);
  w.writeString(t + 5, username, true);
  w.write<u64>(t + 13, id);
}

function writeAccount(w: Writer): i32 {
  const root = w.allocTable(ACCOUNT_SIZE);
  w.write<u64>(root + 4, 42);
  w.writeString(root + 12, "example@email.com", true);
  const profiles = w.allocSlice(root + 20, 3, PROFILE_SIZE, true);
  writeProfile(w, profiles, 1, "inkeliz", 123);
  writeProfile(w, profiles + PROFILE_SIZE, 3, "karmem", 456);
  writeProfile(w, profiles + 2 * PROFILE_SIZE, 2, "inkeliz", 789);
  return w.result();
}

/** Writes the worked example into `[ptr, ptr + capacity)`; returns the length or -error. */
export function writeAccountFixed(ptr: usize, capacity: u32): i32 {
  const w = Writer.fixed(ptr, capacity);
  const result = writeAccount(w);
  w.dispose();
  return result;
}

let grownPtr: usize = 0;
let grownCapacity: u32 = 0;

/** Writes the worked example into a growable writer; the bytes stay at `grownMessage()`. */
export function writeAccountGrowable(initialCapacity: u32): i32 {
  const w = Writer.growable(initialCapacity);
  const result = writeAccount(w);
  grownPtr = w.ptr;
  grownCapacity = w.capacity;
  heap.free(changetype<usize>(w)); // keep the buffer for the host to read
  return result;
}
export function grownMessage(): usize {
  return grownPtr;
}
export function grownMessageCapacity(): u32 {
  return grownCapacity;
}

/** Reads an AccountData as "ID|Email|Network:Username:ID,..." with the runtime's checked reads. */
export function readAccount(ptr: usize, len: u32): string {
  const r = reader.reset(ptr, len);
  const size = r.tableSize(0, true);
  let out = r.field<u64>(0, size, 4).toString() + "|" + r.string(r.fieldAt(0, size, 12, 8)) + "|";
  const profiles = r.slice(r.fieldAt(0, size, 20, 8), PROFILE_SIZE);
  const n = sliceLength(profiles);
  for (let i: u32 = 0; i < n; i++) {
    const t = r.readUnchecked<u32>(sliceOffset(profiles) + i * PROFILE_SIZE);
    const ts = r.tableSize(t, true);
    if (i > 0) out += ",";
    out +=
      r.field<u8>(t, ts, 4).toString() +
      ":" +
      r.string(r.fieldAt(t, ts, 5, 8)) +
      ":" +
      r.field<u64>(t, ts, 13).toString();
  }
  return out;
}

// ---------------------------------------------------------------- T (FORMAT.md, non-packed)
//
// P inline { X uint16; }  (8 bytes: 2 + 6 padding)
// T table { A uint8; S []uint16; Ps []P; }  (4 + 1 + 12 + 12 = 29 bytes)

const T_SIZE: u32 = 29;
const P_SIZE: u32 = 8;
const S_DATA: StaticArray<u16> = [1, 2];

export function writeT(ptr: usize, capacity: u32): i32 {
  const w = Writer.fixed(ptr, capacity);
  const root = w.allocTable(T_SIZE);
  w.write<u8>(root + 4, 7);
  w.writeSliceBytes(root + 5, changetype<usize>(S_DATA), 4, 2, false);
  const ps = w.allocSlice(root + 17, 2, P_SIZE, false);
  w.write<u16>(ps, 0xaaaa);
  w.write<u16>(ps + P_SIZE, 0xbbbb);
  const result = w.result();
  w.dispose();
  return result;
}

/** Reads a T as "A|S0,S1,...|X0,X1,...". */
export function readT(ptr: usize, len: u32): string {
  const r = reader.reset(ptr, len);
  const size = r.tableSize(0, false);
  return (
    r.field<u8>(0, size, 4).toString() +
    "|" +
    leadingU16s(r, r.slice(r.fieldAt(0, size, 5, 12), 2), 2) +
    "|" +
    leadingU16s(r, r.slice(r.fieldAt(0, size, 17, 12), P_SIZE), P_SIZE)
  );
}

/** The u16 at the start of each element of a slice, comma-separated. */
function leadingU16s(r: Reader, s: Slice, elementSize: u32): string {
  let out = "";
  for (let i: u32 = 0; i < sliceLength(s); i++) {
    if (i > 0) out += ",";
    out += r.readUnchecked<u16>(sliceOffset(s) + i * elementSize).toString();
  }
  return out;
}

// ---------------------------------------------------------------- Writer edge cases

/** alloc(a), alloc(b), alloc(c) in a fixed region: the three offsets, then the writer's state. */
export function allocThree(ptr: usize, capacity: u32, a: u32, b: u32, c: u32, out: usize): i32 {
  const w = Writer.fixed(ptr, capacity);
  store<u32>(out, w.alloc(a));
  store<u32>(out, w.alloc(b), 4);
  store<u32>(out, w.alloc(c), 8);
  store<u32>(out, w.length, 12);
  const result = w.result();
  w.dispose();
  return result;
}

/** Fills `[ptr, ptr + capacity)` with 0xEE, then allocates `size` bytes: they must come back zeroed. */
export function allocZeroes(ptr: usize, capacity: u32, size: u32): u32 {
  memory.fill(ptr, 0xEE, <usize>capacity);
  const w = Writer.fixed(ptr, capacity);
  const at = w.alloc(size);
  w.dispose();
  return at;
}

/** Stores at offsets around the end of a 16-byte message in a 32-byte region; returns the result. */
export function writeOutside(ptr: usize, capacity: u32): i32 {
  const w = Writer.fixed(ptr, capacity);
  w.alloc(16);
  w.write<u64>(8, 0x1111111111111111); // inside
  w.write<u64>(12, 0x2222222222222222); // crosses the end: dropped
  w.write<u32>(ALLOC_FAILED, 0x33333333); // at the failure sentinel: dropped
  w.write<u32>(0xFFFFFFFE, 0x44444444); // would wrap around in u32: dropped
  w.writeBytes(14, ptr, 4); // crosses the end: dropped
  w.write<bool>(0, true);
  w.write<f32>(4, 1.5);
  const result = w.result();
  w.dispose();
  return result;
}

/** A fixed region that claims 4 GiB - 1: allocating past 2^31 - 1 must be refused before any byte is written. */
export function tooLargeFixed(ptr: usize, first: u32, second: u32): i32 {
  const w = Writer.fixed(ptr, u32.MAX_VALUE);
  w.alloc(first);
  w.alloc(second);
  const result = w.result();
  w.dispose();
  return result;
}

/** allocSlice whose count * elementSize passes 2^32 (no wrap-around to a small size). */
export function sliceTooLarge(ptr: usize, capacity: u32): i32 {
  const w = Writer.fixed(ptr, capacity);
  const root = w.allocTable(12);
  const at = w.allocSlice(root + 4, 0x10000001, 16, true);
  const result = at == ALLOC_FAILED ? w.result() : 0;
  w.dispose();
  return result;
}

/** A growable writer asked for more than the AssemblyScript heap can hold in one block. */
export function growableTooLarge(size: u32): i32 {
  const w = Writer.growable(64);
  w.alloc(8);
  w.alloc(size);
  const result = w.result();
  w.dispose();
  return result;
}

/** Writes a string whose UTF-8 is not one byte per unit, then reads it back. */
export function stringRoundTrip(ptr: usize, capacity: u32): string {
  const w = Writer.fixed(ptr, capacity);
  const root = w.allocTable(12);
  w.writeString(root + 4, "pão ü € 😀 \uD800!", true); // lone surrogate becomes U+FFFD
  const len = w.result();
  w.dispose();
  if (len < 0) return "error";
  return reader.reset(ptr, <u32>len).string(4);
}

export function errorText(code: i32): string {
  return errorMessage(code);
}

// ---------------------------------------------------------------- hot loop (sum over []Vec3)

/**
 * Sum of all floats of the []Vec3 whose header is at offset 4 (root: packed
 * table), with `readUnchecked` per float: correct, but it reloads `r.ptr` for
 * every element (see sumVec3Hoisted and the measurements in the docs).
 */
export function sumVec3(ptr: usize, len: u32): f64 {
  const r = reader.reset(ptr, len);
  const size = r.tableSize(0, true);
  const path = r.slice(r.fieldAt(0, size, 4, 8), 12);
  const n = sliceLength(path);
  const first = sliceOffset(path);
  let sum: f64 = 0;
  for (let i: u32 = 0; i < n; i++) {
    const at = first + i * 12;
    sum += <f64>(r.readUnchecked<f32>(at) + r.readUnchecked<f32>(at + 4) + r.readUnchecked<f32>(at + 8));
  }
  return sum;
}

/**
 * Same sum, the Reader checking the table and the slice once, then raw loads
 * from the slice's address, taken once before the loop (the pattern
 * docs/assemblyscript.md recommends for generated loops).
 */
export function sumVec3Hoisted(ptr: usize, len: u32): f64 {
  const r = reader.reset(ptr, len);
  const size = r.tableSize(0, true);
  const path = r.slice(r.fieldAt(0, size, 4, 8), 12);
  const n = sliceLength(path);
  const base = r.address(sliceOffset(path));
  let sum: f64 = 0;
  for (let i: u32 = 0; i < n; i++) {
    const at = base + <usize>(i * 12);
    sum += <f64>(load<f32>(at) + load<f32>(at, 4) + load<f32>(at, 8));
  }
  return sum;
}

/** Same sum, by hand over raw pointers (the baseline of docs/assemblyscript.md). */
export function sumVec3Raw(ptr: usize, len: u32): f64 {
  if (len < 12) return 0;
  const off = load<u32>(ptr + 4);
  const size = load<u32>(ptr + 8);
  if (<u64>off + <u64>size > <u64>len) return 0;
  let p = ptr + <usize>off;
  const end = p + <usize>(size / 12) * 12;
  let sum: f64 = 0;
  while (p < end) {
    sum += <f64>(load<f32>(p) + load<f32>(p, 4) + load<f32>(p, 8));
    p += 12;
  }
  return sum;
}

// Keeps ABSENT in the exports' vocabulary for the tests.
export const absent: u32 = ABSENT;
