// A small HAND-WRITTEN FlatBuffers reader for the Record (schemas/record.fbs):
// FlatBuffers publishes no AssemblyScript library. It reads the way the
// generated readers of other languages do without the optional verifier:
// root offset, vtable lookup per field, default when the field is absent; no
// bounds checks.
import { inputRegion } from "./regions";

export function input(size: u32): usize {
  return inputRegion(size);
}

/** Offset of field `i` in the table, or 0 when absent (vtable entries past its size are absent). */
// @ts-ignore: decorator
@inline function field(vtable: usize, vtableSize: u32, i: u32): usize {
  const at: u32 = 4 + (i << 1);
  return at < vtableSize ? <usize>load<u16>(vtable + <usize>at) : 0;
}

export function read(ptr: usize, len: u32): f64 {
  const table = ptr + <usize>load<u32>(ptr);
  const vtable = table - <usize>load<i32>(table);
  const vs = <u32>load<u16>(vtable);
  let o: usize;
  const id: u32 = (o = field(vtable, vs, 0)) ? load<u32>(table + o) : 0;
  const kind: u8 = (o = field(vtable, vs, 1)) ? load<u8>(table + o) : 0;
  const active: bool = (o = field(vtable, vs, 2)) ? load<u8>(table + o) != 0 : false;
  const level: u16 = (o = field(vtable, vs, 3)) ? load<u16>(table + o) : 0;
  const delta: i16 = (o = field(vtable, vs, 4)) ? load<i16>(table + o) : 0;
  const score: i32 = (o = field(vtable, vs, 5)) ? load<i32>(table + o) : 0;
  const ratio: f32 = (o = field(vtable, vs, 6)) ? load<f32>(table + o) : 0;
  const weight: f64 = (o = field(vtable, vs, 7)) ? load<f64>(table + o) : 0;
  const time: f64 = (o = field(vtable, vs, 8)) ? load<f64>(table + o) : 0;
  const count: u32 = (o = field(vtable, vs, 9)) ? load<u32>(table + o) : 0;
  let sum: f64 = <f64>id + <f64>kind + <f64>(active ? 1 : 0) + <f64>level + <f64>delta + <f64>score + <f64>ratio + weight + time + <f64>count;
  if ((o = field(vtable, vs, 10))) {
    const s = table + o + <usize>load<u32>(table + o); // string: u32 length, then UTF-8
    const n = <usize>load<u32>(s);
    for (let i: usize = 0; i < n; i++) sum += <f64>load<u8>(s + 4 + i);
  }
  if ((o = field(vtable, vs, 11))) {
    const v = table + o + <usize>load<u32>(table + o); // vector: u32 count, then elements
    const n = <usize>load<u32>(v);
    for (let i: usize = 0; i < n; i++) sum += <f64>load<f32>(v + 4 + (i << 2));
  }
  return sum;
}
