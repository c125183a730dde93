// JSON in the guest: json-as (its transform generates the (de)serializers).
// The host writes JSON.stringify's text as UTF-8 into the input region.
import { JSON } from "json-as";
import { inputRegion } from "./regions";

@json
class Rec {
  id: u32 = 0;
  kind: u8 = 0;
  active: bool = false;
  level: u16 = 0;
  delta: i16 = 0;
  score: i32 = 0;
  ratio: f32 = 0;
  weight: f64 = 0;
  time: f64 = 0;
  count: u32 = 0;
  name: string = "";
  samples: f32[] = [];
}

let answer: string = "";

export function input(size: u32): usize {
  return inputRegion(size);
}

function sum(m: Rec): f64 {
  let s: f64 = <f64>m.id + <f64>m.kind + <f64>(m.active ? 1 : 0) + <f64>m.level + <f64>m.delta + <f64>m.score +
    <f64>m.ratio + m.weight + m.time + <f64>m.count;
  const name = m.name;
  for (let i = 0, n = name.length; i < n; i++) s += <f64>name.charCodeAt(i);
  const samples = m.samples;
  for (let i = 0, n = samples.length; i < n; i++) s += <f64>unchecked(samples[i]);
  return s;
}

export function read(ptr: usize, len: u32): f64 {
  return sum(JSON.parse<Rec>(String.UTF8.decodeUnsafe(ptr, len)));
}

/** Parses, adds 1 to score, doubles the samples, stringifies; answers the UTF-16 text (kept alive until the next call). */
export function roundTrip(ptr: usize, len: u32): u32 {
  const m = JSON.parse<Rec>(String.UTF8.decodeUnsafe(ptr, len));
  m.score += 1;
  const samples = m.samples;
  for (let i = 0, n = samples.length; i < n; i++) unchecked(samples[i] = samples[i] * 2);
  answer = JSON.stringify<Rec>(m);
  return <u32>answer.length << 1;
}

export function answerPtr(): usize {
  return changetype<usize>(answer);
}
