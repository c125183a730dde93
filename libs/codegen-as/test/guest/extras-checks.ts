// Hand-written checks on the code generated for test/schemas/extras.km, on
// top of its conformance guest (whose exports it passes on).
import * as karmem from "@karmem-ts/runtime-as/assembly";
import { Outer, Padded, encodeOuter, encodePadded, viewAll, viewNode, viewOuter, viewPadded } from "./extras";

export * from "./extras.guest";

const reader = new karmem.Reader(0, 0);
const writer = karmem.Writer.fixed(0, 0);

/** Writes Outer{In: {A: a}, B: b} from scratch into [out, out + capacity): the length, or -code. */
export function writeOuter(a: u32, b: u16, out: usize, capacity: u32): i32 {
  const value = new Outer();
  value.In.A = a;
  value.B = b;
  writer.resetFixed(out, capacity);
  return encodeOuter(writer, value);
}

/** Writes Padded{In: {A: a}, B: b} from scratch into [out, out + capacity): the length, or -code. */
export function writePadded(a: u16, b: u16, out: usize, capacity: u32): i32 {
  const value = new Padded();
  value.In.A = a;
  value.B = b;
  writer.resetFixed(out, capacity);
  return encodePadded(writer, value);
}

/** Outer.In.A and Outer.B of the Outer message in [at, at + length), read in place. */
export function outerA(at: usize, length: u32): u32 {
  return viewOuter(reader.reset(at, length)).In.A;
}
export function outerB(at: usize, length: u32): u16 {
  return viewOuter(reader.reset(at, length)).B;
}
export function paddedA(at: usize, length: u32): u16 {
  return viewPadded(reader.reset(at, length)).In.A;
}
export function paddedB(at: usize, length: u32): u16 {
  return viewPadded(reader.reset(at, length)).B;
}

/** All.Deeps[i].Ref.Leaf.Value: a table behind two inline structs. */
export function deepLeafValue(at: usize, length: u32, i: u32): i32 {
  const r = reader.reset(at, length);
  return viewAll(r).Deeps(i).Ref.Leaf(r).Value;
}

/** Node.Label's UTF-8 bytes in place: their offset in the message, and their length. */
export function labelOffset(at: usize, length: u32): u32 {
  const r = reader.reset(at, length);
  return karmem.sliceOffset(viewNode(r).LabelBytes(r));
}
export function labelLength(at: usize, length: u32): u32 {
  const r = reader.reset(at, length);
  return karmem.sliceLength(viewNode(r).LabelBytes(r));
}
/** Node.Label decoded to a string. */
export function label(at: usize, length: u32): string {
  const r = reader.reset(at, length);
  return viewNode(r).Label(r);
}
