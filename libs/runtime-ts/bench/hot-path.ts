// The host's hot path: write a ~480-byte record (10 scalars, an 18-character
// string, 100 float32) straight into WebAssembly memory, and read it back in
// place. Compared with a hand-written DataView baseline (ARCHITECTURE.md's
// "writing it with a DataView straight into guest memory"). Run from the root:
//   npx tsc -p libs/runtime-ts/bench/tsconfig.json && node tmp/runtime-ts-bench/bench/hot-path.js
import { Reader, Writer } from '../src/index';
import { wasmMemory } from '../test/helpers';
import { header, nsPerCall } from './timing';

interface Rec {
  a: number; b: boolean; c: number; d: number; e: number; f: number; g: number; h: number; i: bigint; j: bigint;
  name: string;
  samples: Float32Array;
  sampleList: number[];
}
// Packed table: size, 10 scalars (42 bytes), Name and Samples slice headers.
const ROOT = 4 + 42 + 8 + 8;

const rec: Rec = {
  a: 7, b: true, c: 65000, d: -1234, e: 4000000000, f: -2000000000, g: 1.25, h: Math.PI,
  i: 0xfedcba9876543210n, j: -42n,
  name: 'player-one-name-18',
  samples: Float32Array.from({ length: 100 }, (_, k) => k * 0.5),
  sampleList: Array.from({ length: 100 }, (_, k) => k * 0.5),
};

function writeRec(w: Writer, v: Rec, bulk: boolean): number {
  const t = w.alloc(ROOT);
  w.setU32(t, ROOT);
  w.setU8(t + 4, v.a);
  w.setBool(t + 5, v.b);
  w.setU16(t + 6, v.c);
  w.setI16(t + 8, v.d);
  w.setU32(t + 10, v.e);
  w.setI32(t + 14, v.f);
  w.setF32(t + 18, v.g);
  w.setF64(t + 22, v.h);
  w.setU64(t + 30, v.i);
  w.setI64(t + 38, v.j);
  w.setU32(t + 46, w.length);
  w.setU32(t + 50, w.appendUtf8(v.name));
  if (bulk) {
    w.setU32(t + 54, w.appendBytes(v.samples));
  } else {
    const n = v.sampleList.length;
    const s = w.alloc(4 * n);
    for (let k = 0; k < n; k++) w.setF32(s + 4 * k, v.sampleList[k]);
    w.setU32(t + 54, s);
  }
  w.setU32(t + 58, 4 * v.samples.length);
  return w.length;
}

function readRec(r: Reader): number {
  const size = r.tableSize(0, true);
  if (size < ROOT) return 0;
  let sum = r.u8(4) + (r.bool(5) ? 1 : 0) + r.u16(6) + r.i16(8) + r.u32(10) + r.i32(14) + r.f32(18) + r.f64(22);
  sum += Number(r.i64(38) & 0xffn);
  sum += r.string(46).length;
  const n = r.sliceLength(54, 4);
  const s = r.u32(54);
  for (let k = 0; k < n; k++) sum += r.f32(s + 4 * k);
  return sum;
}

// Baseline: one cached DataView over the memory, offsets by hand, no checks.
function writeRaw(view: DataView, u8: Uint8Array, base: number, v: Rec): number {
  view.setUint32(base, ROOT, true);
  view.setUint8(base + 4, v.a);
  view.setUint8(base + 5, v.b ? 1 : 0);
  view.setUint16(base + 6, v.c, true);
  view.setInt16(base + 8, v.d, true);
  view.setUint32(base + 10, v.e, true);
  view.setInt32(base + 14, v.f, true);
  view.setFloat32(base + 18, v.g, true);
  view.setFloat64(base + 22, v.h, true);
  view.setBigUint64(base + 30, v.i, true);
  view.setBigInt64(base + 38, v.j, true);
  let p = base + ROOT;
  const name = v.name;
  for (let k = 0; k < name.length; k++) u8[p++] = name.charCodeAt(k); // ASCII only
  view.setUint32(base + 46, ROOT, true);
  view.setUint32(base + 50, name.length, true);
  view.setUint32(base + 54, p - base, true);
  view.setUint32(base + 58, 400, true);
  for (let k = 0; k < 100; k++, p += 4) view.setFloat32(p, v.sampleList[k], true);
  return p - base;
}

const memory = wasmMemory(2);
const REGION = 4096;
const w = Writer.over(memory.buffer, REGION, 8192);
const r = new Reader();
const view = new DataView(memory.buffer);
const u8 = new Uint8Array(memory.buffer);

header('Hot path: a ~480-byte record into WebAssembly memory (ns per message)');
const size = writeRec(w, rec, true);
console.log(`record size: ${size} bytes`);
const results: Array<[string, number]> = [
  ['raw DataView baseline (write)', nsPerCall(() => writeRaw(view, u8, REGION, rec))],
  ['Writer, samples via appendBytes(Float32Array)', nsPerCall(() => (w.reset(), writeRec(w, rec, true)))],
  ['Writer, samples via setF32 loop', nsPerCall(() => (w.reset(), writeRec(w, rec, false)))],
  ['Reader.resetAt + read every field', nsPerCall(() => readRec(r.resetAt(memory.buffer, REGION, size)))],
];
for (const [name, ns] of results) console.log(`${name.padEnd(48)} ${ns.toFixed(0).padStart(6)}`);
