// Hand-written checks on the code generated for test/schemas/extras.km, on
// top of its conformance guest (whose exports it passes on).
import * as karmem from "@karmem-ts/runtime-as/assembly";
import { All, Deep, Node, Outer, Padded, Step, encodeAll, encodeNode, encodeOuter, encodePadded, lastDecodeStatus, viewAll, viewNode, viewOuter, viewPadded } from "./extras";

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

/**
 * Encodes a value with one field longer than the field holds (which: 0 a
 * [<3]char of 4 bytes ("ab\u00e9": 3 UTF-16 units), 1 a [<2]uint64 of 3, 2 a [2]uint16 of 3, 3 a [2]Deep
 * of 3; 4 and 5 the same fields exactly full) into [out, out + capacity):
 * the length, or -code.
 */
export function tooLong(which: i32, out: usize, capacity: u32): i32 {
  writer.resetFixed(out, capacity);
  if (which == 0 || which == 4) {
    const node = new Node();
    node.Label = which == 0 ? "ab\u00e9" : "abc"; // 4 bytes of UTF-8 (3 UTF-16 units), or exactly 3
    return encodeNode(writer, node);
  }
  const all = new All();
  if (which == 1) all.U64s = [1, 2, 3];
  if (which == 2) all.U16s = new StaticArray<u16>(3);
  if (which == 3) {
    const deeps = new StaticArray<Deep>(3);
    for (let i = 0; i < 3; i++) deeps[i] = new Deep();
    all.Deeps = deeps;
  }
  if (which == 5) all.U64s = [1, 2];
  return encodeAll(writer, all);
}

// Decoding into one object again and again (the object API reuses its arrays,
// their elements and nested objects): the host checks that each encodes as a
// new object would, and counts what a decode allocates (`__allocations`).
const reusedAll = new All();
const reusedNode = new Node();

/** Decodes the All at [at, at + length) into the same object every time: lastDecodeStatus(). */
export function reuseDecodeAll(at: usize, length: u32): i32 {
  reusedAll.decode(reader.reset(at, length), viewAll(reader));
  return lastDecodeStatus();
}
/** Encodes that object into [out, out + capacity): the length, or -code. */
export function reuseEncodeAll(out: usize, capacity: u32): i32 {
  writer.resetFixed(out, capacity);
  return encodeAll(writer, reusedAll);
}
/** The same for Node (it reaches itself through Kids). */
export function reuseDecodeNode(at: usize, length: u32): i32 {
  reusedNode.decode(reader.reset(at, length), viewNode(reader));
  return lastDecodeStatus();
}
export function reuseEncodeNode(out: usize, capacity: u32): i32 {
  writer.resetFixed(out, capacity);
  return encodeNode(writer, reusedNode);
}
/** Element i of reusedAll.DeepS as an address (the same object across decodes, while the slice is long enough). */
export function reusedDeepAt(i: i32): usize {
  return changetype<usize>(reusedAll.DeepS[i]);
}
/** Element i of reusedAll.Steps as an address. */
export function reusedStepAt(i: i32): usize {
  return changetype<usize>(reusedAll.Steps[i]);
}

// Lists with holes: slots a caller left empty (`new Array<T>(n)`, `new
// StaticArray<T>(n)` not filled), which AssemblyScript's own `list[i]` refuses
// to read. The generated code reads and writes a default element there.

function step(dx: i16, dy: u8): Step {
  const s = new Step();
  s.Dx = dx;
  s.Dy = dy;
  return s;
}

function deep(value: i32, n: u8): Deep {
  const d = new Deep();
  d.Ref.Leaf.Value = value;
  d.N = n;
  return d;
}

/** An All whose lists have holes; with `fill`, new default elements stand in them instead. */
function holeyAll(fill: bool): All {
  const value = new All();
  const steps = new Array<Step>(6); // holes at 0, 2, 3, 5
  steps[1] = step(-250, 2);
  steps[4] = step(77, 5);
  const deepS = new Array<Deep>(3); // holes at 0, 2
  deepS[1] = deep(42, 9);
  const deeps = new StaticArray<Deep>(2); // a hole at 0
  deeps[1] = deep(-7, 3);
  const corners = new StaticArray<Step>(2); // a hole at 1
  corners[0] = step(12, 34);
  if (fill) {
    for (let i = 0; i < 6; i++) if (changetype<usize>(unchecked(steps[i])) == 0) unchecked(steps[i] = new Step());
    for (let i = 0; i < 3; i++) if (changetype<usize>(unchecked(deepS[i])) == 0) unchecked(deepS[i] = new Deep());
    unchecked(deeps[0] = new Deep());
    unchecked(corners[1] = new Step());
  }
  value.Steps = steps;
  value.DeepS = deepS;
  value.Deeps = deeps;
  value.Corners = corners;
  return value;
}

/** Encodes holeyAll(fill) into [out, out + capacity): the length, or -code. */
export function encodeHoley(out: usize, capacity: u32, fill: bool): i32 {
  writer.resetFixed(out, capacity);
  return encodeAll(writer, holeyAll(fill));
}

/** Decodes the All message at [at, at + length) into the reused object after leaving holes in its fixed arrays. */
export function reuseDecodeHoley(at: usize, length: u32): i32 {
  reusedAll.Deeps = new StaticArray<Deep>(2);
  reusedAll.Corners = new StaticArray<Step>(2);
  reusedAll.Steps = new Array<Step>(7);
  return reuseDecodeAll(at, length);
}
