// A small HAND-WRITTEN MessagePack reader for the Record as a standard map
// (what msgpackr writes with useRecords: false): each key is matched to a
// field, each value read in any of the encodings MessagePack allows for it.
// No AssemblyScript MessagePack library was used. Out-of-bounds reads are
// stopped at the end of the message (they read as 0).
import { inputRegion } from "./regions";

export function input(size: u32): usize {
  return inputRegion(size);
}

let pos: usize = 0;
let end: usize = 0;

// @ts-ignore: decorator
@inline function byte(): u32 {
  return pos < end ? <u32>load<u8>(pos++) : 0;
}

// @ts-ignore: decorator
@inline function be16(): u32 {
  if (pos + 2 > end) { pos = end; return 0; }
  const v = <u32>bswap<u16>(load<u16>(pos));
  pos += 2;
  return v;
}

// @ts-ignore: decorator
@inline function be32(): u32 {
  if (pos + 4 > end) { pos = end; return 0; }
  const v = bswap<u32>(load<u32>(pos));
  pos += 4;
  return v;
}

function be64(): u64 {
  if (pos + 8 > end) { pos = end; return 0; }
  const v = bswap<u64>(load<u64>(pos));
  pos += 8;
  return v;
}

/** Any MessagePack number (or bool) as f64. */
function number(): f64 {
  const t = byte();
  if (t < 0x80) return <f64>t; // positive fixint
  if (t >= 0xe0) return <f64>(<i32>t - 256); // negative fixint
  switch (t) {
    case 0xc2: return 0;
    case 0xc3: return 1;
    case 0xca: return <f64>reinterpret<f32>(be32());
    case 0xcb: return reinterpret<f64>(be64());
    case 0xcc: return <f64>byte();
    case 0xcd: return <f64>be16();
    case 0xce: return <f64>be32();
    case 0xcf: return <f64>be64();
    case 0xd0: return <f64>(<i8>byte());
    case 0xd1: return <f64>(<i16>be16());
    case 0xd2: return <f64>(<i32>be32());
    case 0xd3: return <f64>(<i64>be64());
  }
  return 0;
}

/** Length of a string header (fixstr, str8, str16, str32); pos moves to its bytes. */
function stringLength(): u32 {
  const t = byte();
  if ((t & 0xe0) == 0xa0) return t & 0x1f;
  if (t == 0xd9) return byte();
  if (t == 0xda) return be16();
  if (t == 0xdb) return be32();
  return 0;
}

function arrayLength(): u32 {
  const t = byte();
  if ((t & 0xf0) == 0x90) return t & 0x0f;
  if (t == 0xdc) return be16();
  if (t == 0xdd) return be32();
  return 0;
}

function mapLength(): u32 {
  const t = byte();
  if ((t & 0xf0) == 0x80) return t & 0x0f;
  if (t == 0xde) return be16();
  if (t == 0xdf) return be32();
  return 0;
}

/** A key of up to 8 bytes as a little-endian u64 (0 for longer keys, which this record does not have). */
function key(): u64 {
  const n = stringLength();
  if (n > 8 || pos + n > end) { pos = min(pos + n, end); return 0; }
  let k: u64 = 0;
  for (let i: u32 = 0; i < n; i++) k |= <u64>load<u8>(pos + i) << (<u64>i << 3);
  pos += n;
  return k;
}

// The samples, decoded into a float32 buffer (grown on demand).
let samples: usize = 0;
let samplesCap: u32 = 0;

export function read(ptr: usize, len: u32): f64 {
  pos = ptr;
  end = ptr + len;
  let id: f64 = 0, kind: f64 = 0, active: f64 = 0, level: f64 = 0, delta: f64 = 0, score: f64 = 0;
  let ratio: f64 = 0, weight: f64 = 0, time: f64 = 0, count: f64 = 0;
  let nameAt: usize = 0, nameLen: u32 = 0;
  let samplesLen: u32 = 0;
  for (let i: u32 = 0, n = mapLength(); i < n; i++) {
    const k = key();
    if (k == 0x6469) id = number();
    else if (k == 0x646e696b) kind = number();
    else if (k == 0x657669746361) active = number();
    else if (k == 0x6c6576656c) level = number();
    else if (k == 0x61746c6564) delta = number();
    else if (k == 0x65726f6373) score = number();
    else if (k == 0x6f69746172) ratio = <f64><f32>number(); // float32 field
    else if (k == 0x746867696577) weight = number();
    else if (k == 0x656d6974) time = number();
    else if (k == 0x746e756f63) count = number();
    else if (k == 0x656d616e) {
      nameLen = stringLength();
      nameAt = pos;
      pos = min(pos + nameLen, end);
      nameLen = <u32>(pos - nameAt);
    } else if (k == 0x73656c706d6173) {
      const m = arrayLength();
      if (m > samplesCap) {
        if (samples != 0) heap.free(samples);
        samples = heap.alloc(<usize>m << 2);
        samplesCap = m;
      }
      for (let j: u32 = 0; j < m; j++) store<f32>(samples + (<usize>j << 2), <f32>number()); // float32 elements
      samplesLen = m;
    } else {
      return NaN; // unknown key: not this record
    }
  }
  let sum = id + kind + active + level + delta + score + ratio + weight + time + count;
  for (let i: u32 = 0; i < nameLen; i++) sum += <f64>load<u8>(nameAt + i);
  for (let i: u32 = 0; i < samplesLen; i++) sum += <f64>load<f32>(samples + (<usize>i << 2));
  return sum;
}
