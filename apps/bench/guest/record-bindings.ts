// AssemblyScript's own glue: `asc --bindings raw` generates the JS that copies
// a plain JS object into a class instance in the guest (and back), field by field.
// No serialization format at all: the baseline of "just call the function".

/** A plain class (no constructor): the bindings copy it field by field. */
export class Rec {
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
  samples: StaticArray<f32> = [];
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

export function read(m: Rec): f64 {
  return sum(m);
}

/** Adds 1 to score and doubles the samples, in a new Rec the bindings copy back to JS. */
export function roundTrip(m: Rec): Rec {
  const samples = new StaticArray<f32>(m.samples.length);
  for (let i = 0, n = samples.length; i < n; i++) unchecked(samples[i] = m.samples[i] * 2);
  return {
    id: m.id, kind: m.kind, active: m.active, level: m.level, delta: m.delta, score: m.score + 1,
    ratio: m.ratio, weight: m.weight, time: m.time, count: m.count, name: m.name, samples,
  };
}
