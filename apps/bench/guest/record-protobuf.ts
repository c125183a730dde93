// Protocol Buffers in the guest: as-proto with the code as-proto-gen
// generated (fixtures/as-proto). The host writes with protobufjs.
import { Protobuf } from "as-proto/assembly";
import { Record } from "../fixtures/as-proto/bench/Record";

let inBuf = new Uint8Array(0);
let answer = new Uint8Array(0);

/** The input region: a GC-managed Uint8Array kept alive here (as-proto reads Uint8Arrays). */
export function input(size: u32): usize {
  if (<u32>inBuf.length < size) inBuf = new Uint8Array(size);
  return inBuf.dataStart;
}

function sum(m: Record): f64 {
  let s: f64 = <f64>m.id + <f64>m.kind + <f64>(m.active ? 1 : 0) + <f64>m.level + <f64>m.delta + <f64>m.score +
    <f64>m.ratio + m.weight + m.time + <f64>m.count;
  const name = m.name;
  for (let i = 0, n = name.length; i < n; i++) s += <f64>name.charCodeAt(i);
  const samples = m.samples;
  for (let i = 0, n = samples.length; i < n; i++) s += <f64>unchecked(samples[i]);
  return s;
}

export function read(ptr: usize, len: u32): f64 {
  return sum(Protobuf.decode<Record>(inBuf, Record.decode, <i32>len));
}

/** Decodes, adds 1 to score, doubles the samples, encodes; the answer stays alive until the next call. */
export function roundTrip(ptr: usize, len: u32): u32 {
  const m = Protobuf.decode<Record>(inBuf, Record.decode, <i32>len);
  m.score += 1;
  const samples = m.samples;
  for (let i = 0, n = samples.length; i < n; i++) unchecked(samples[i] = samples[i] * 2);
  answer = Protobuf.encode<Record>(m, Record.encode);
  return <u32>answer.length;
}

export function answerPtr(): usize {
  return answer.dataStart;
}
