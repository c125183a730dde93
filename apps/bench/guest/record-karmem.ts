// The karmem guest of the Record workload, on the code codegen-as generates
// (guest/generated/record.ts) and libs/runtime-as.
//
//   read        the generated viewer, in place, every field
//   readObject  the generated object API: decodeRecord, then every field
//   roundTrip   the viewer in, the runtime's Writer out (Score + 1, samples doubled)
//   roundTripObject  decodeRecord, change the object, encodeRecord
import * as karmem from "@karmem-ts/runtime-as/assembly";
import { Record, decodeRecord, encodeRecord, viewRecord } from "./generated/record";
import { inputRegion, outputRegion } from "./regions";

const reader = new karmem.Reader(0, 0);
const writer = karmem.Writer.fixed(0, 0);
const decoded = new Record();

export function input(size: u32): usize {
  return inputRegion(size);
}

/** The output region; the writer writes there from now on. */
export function output(size: u32): usize {
  const ptr = outputRegion(size);
  writer.resetFixed(ptr, size);
  return ptr;
}

export function read(ptr: usize, len: u32): f64 {
  const r = reader.reset(ptr, len);
  const v = viewRecord(r);
  let sum: f64 = <f64>v.Id + <f64>v.Kind + <f64>(v.Active ? 1 : 0) + <f64>v.Level + <f64>v.Delta + <f64>v.Score +
    <f64>v.Ratio + v.Weight + v.Time + <f64>v.Count;
  const name = v.NameBytes(r);
  const nameAt = r.address(karmem.sliceOffset(name));
  for (let i: u32 = 0, n = karmem.sliceLength(name); i < n; i++) sum += <f64>load<u8>(nameAt + <usize>i);
  const samples = v.Samples(r);
  const samplesAt = r.address(karmem.sliceOffset(samples));
  for (let i: u32 = 0, n = karmem.sliceLength(samples); i < n; i++) sum += <f64>load<f32>(samplesAt + (<usize>i << 2));
  return sum;
}

function sumObject(o: Record): f64 {
  let sum: f64 = <f64>o.Id + <f64>o.Kind + <f64>(o.Active ? 1 : 0) + <f64>o.Level + <f64>o.Delta + <f64>o.Score +
    <f64>o.Ratio + o.Weight + o.Time + <f64>o.Count;
  const name = o.Name;
  for (let i = 0, n = name.length; i < n; i++) sum += <f64>name.charCodeAt(i);
  const samples = o.Samples;
  for (let i = 0, n = samples.length; i < n; i++) sum += <f64>unchecked(samples[i]);
  return sum;
}

export function readObject(ptr: usize, len: u32): f64 {
  return sumObject(decoded.decode(reader.reset(ptr, len), viewRecord(reader)));
}

export function roundTrip(ptr: usize, len: u32): i32 {
  const r = reader.reset(ptr, len);
  const v = viewRecord(r);
  const w = writer;
  w.reset();
  // Not zeroed first: every byte of the table is written below.
  const at = w.alloc(58, false);
  // One check for the table's 58 bytes, as the generated encoders make. The
  // fields are read first: a store between two reads would make the second
  // load the table's size again.
  if (w.fits(at, 58)) {
    const id = v.Id, kind = v.Kind, active = v.Active, level = v.Level, delta = v.Delta, score = v.Score;
    const ratio = v.Ratio, weight = v.Weight, time = v.Time, count = v.Count;
    const p = w.ptr + <usize>at;
    store<u32>(p, 58);
    store<u32>(p, id, 4);
    store<u8>(p, kind, 8);
    store<u8>(p, <u8>active, 9);
    store<u16>(p, level, 10);
    store<i16>(p, delta, 12);
    store<i32>(p, score + 1, 14);
    store<f32>(p, ratio, 18);
    store<f64>(p, weight, 22);
    store<f64>(p, time, 30);
    store<u32>(p, count, 38);
  }
  const name = v.NameBytes(r);
  w.writeSliceBytes(at + 42, r.address(karmem.sliceOffset(name)), karmem.sliceLength(name), 1, true);
  const samples = v.Samples(r);
  const n = karmem.sliceLength(samples);
  const start = w.allocSlice(at + 50, n, 4, true, false);
  if (start != karmem.ALLOC_FAILED) {
    // allocSlice checked the room: the n elements at `start` are ours.
    const from = r.address(karmem.sliceOffset(samples));
    const to = w.ptr + <usize>start;
    for (let i: usize = 0; i < <usize>n; i++) store<f32>(to + (i << 2), load<f32>(from + (i << 2)) * 2);
  }
  return w.result();
}

export function roundTripObject(ptr: usize, len: u32): i32 {
  const o = decoded.decode(reader.reset(ptr, len), viewRecord(reader));
  o.Score += 1;
  const samples = o.Samples;
  for (let i = 0, n = samples.length; i < n; i++) unchecked(samples[i] = samples[i] * 2);
  return encodeRecord(writer, o);
}
