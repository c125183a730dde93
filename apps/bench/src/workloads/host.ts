// Host only: TypeScript encode, decode and read of the Record, karmem
// against every peer's published library, and a hand-written floor.
//
//   encode  plain data -> message bytes (a reused writer/builder where the library has one)
//   decode  message bytes -> the library's own object (every field materialized;
//           the object is kept, so no engine can skip making it)
//   read    every field read once and summed (in place for karmem, FlatBuffers
//           and the floor; decode then read for the others, which cannot read in place)
import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import * as flatbuffers from 'flatbuffers';
import { Packr } from 'msgpackr';
import { Reader, Writer } from '@karmem-ts/runtime';
import { RecordSchema } from '../../fixtures/protobuf-es/record_pb';
import { Record as FbRecord } from '../../fixtures/flatbuffers/record_generated';
import { bench as pbjs } from '../../fixtures/protobufjs/record';
import { type BenchCase, type Prepared, defineCase } from '../cases';
import { checksum, karmemChecksum, karmemRecord, plainRecord, type PlainRecord } from '../data';
import { decodeRecord, encodeRecord, viewRecord, type RecordViewer } from '../generated/record';

const WORKLOAD = 'host';

/** The floor's layout: the karmem record's bytes at offsets known in advance (apps/bench/schemas/record.km). */
export const ROOT_SIZE = 58;

/**
 * Hand-written: one DataView, known offsets, no checks, no zeroing (ASCII
 * name). The floors move float32 samples through a Float32Array of the same
 * buffer where they are 4-aligned, four per loop iteration: faster than the
 * DataView there (encode 182 vs 211 ns, read 216 vs 229 ns, median of 6
 * alternating processes), and four at a time faster again (V8 checks a
 * loop's bounds, its views and an interrupt once per iteration: encode 0.58-0.70x,
 * read 0.84-0.96x, decode 0.73-0.76x the one-at-a-time floors, paired, one
 * process each, 2026-12-06), so the floors stay the fastest hand-written code
 * for the work, as the runtime's own loops take the same step.
 */
export function writeRecordRaw(view: DataView, u8: Uint8Array, f32: Float32Array, base: number, v: PlainRecord): number {
  view.setUint32(base, ROOT_SIZE, true);
  view.setUint32(base + 4, v.id, true);
  view.setUint8(base + 8, v.kind);
  view.setUint8(base + 9, v.active ? 1 : 0);
  view.setUint16(base + 10, v.level, true);
  view.setInt16(base + 12, v.delta, true);
  view.setInt32(base + 14, v.score, true);
  view.setFloat32(base + 18, v.ratio, true);
  view.setFloat64(base + 22, v.weight, true);
  view.setFloat64(base + 30, v.time, true);
  view.setUint32(base + 38, v.count, true);
  const name = v.name;
  let p = base + ROOT_SIZE;
  for (let k = 0; k < name.length; k++) u8[p++] = name.charCodeAt(k);
  view.setUint32(base + 42, ROOT_SIZE, true);
  view.setUint32(base + 46, name.length, true);
  const samples = v.samples;
  const n = samples.length;
  view.setUint32(base + 50, p - base, true);
  view.setUint32(base + 54, n * 4, true);
  if ((p & 3) === 0) {
    const at = p >> 2;
    let k = 0;
    for (; k + 4 <= n; k += 4) {
      const i = at + k;
      f32[i] = samples[k]!;
      f32[i + 1] = samples[k + 1]!;
      f32[i + 2] = samples[k + 2]!;
      f32[i + 3] = samples[k + 3]!;
    }
    for (; k < n; k++) f32[at + k] = samples[k]!;
    p += 4 * n;
  } else {
    for (let k = 0; k < n; k++, p += 4) view.setFloat32(p, samples[k]!, true);
  }
  return p - base;
}

/**
 * Hand-written: every field at its known offset, summed as `checksum` does; no
 * checks. The name is made a string first (ASCII, by a char loop), as every
 * reader measured here gives it to the application: summing its bytes in
 * place would skip work the others cannot.
 */
export function readRecordRaw(view: DataView, f32: Float32Array, base: number): number {
  let sum =
    view.getUint32(base + 4, true) + view.getUint8(base + 8) + (view.getUint8(base + 9) !== 0 ? 1 : 0) +
    view.getUint16(base + 10, true) + view.getInt16(base + 12, true) + view.getInt32(base + 14, true) +
    view.getFloat32(base + 18, true) + view.getFloat64(base + 22, true) + view.getFloat64(base + 30, true) +
    view.getUint32(base + 38, true);
  const nameAt = base + view.getUint32(base + 42, true);
  const nameEnd = nameAt + view.getUint32(base + 46, true);
  const name = asciiString(view, nameAt, nameEnd);
  for (let i = 0; i < name.length; i++) sum += name.charCodeAt(i);
  const samplesAt = base + view.getUint32(base + 50, true);
  const samplesEnd = samplesAt + view.getUint32(base + 54, true);
  if ((samplesAt & 3) === 0) {
    const end = samplesEnd >> 2;
    let k = samplesAt >> 2;
    for (; k + 4 <= end; k += 4) {
      sum += f32[k]!;
      sum += f32[k + 1]!;
      sum += f32[k + 2]!;
      sum += f32[k + 3]!;
    }
    for (; k < end; k++) sum += f32[k]!;
  } else {
    for (let p = samplesAt; p < samplesEnd; p += 4) sum += view.getFloat32(p, true);
  }
  return sum;
}

/**
 * The floors' text: bytes `[at, end)` taken as ASCII, unchecked, eight
 * characters per `String.fromCharCode` (the fastest hand-written route
 * measured for short text: fewer concatenations than one per character).
 */
function asciiString(view: DataView, at: number, end: number): string {
  let out = '';
  let p = at;
  for (; p + 8 <= end; p += 8) {
    out += String.fromCharCode(
      view.getUint8(p), view.getUint8(p + 1), view.getUint8(p + 2), view.getUint8(p + 3),
      view.getUint8(p + 4), view.getUint8(p + 5), view.getUint8(p + 6), view.getUint8(p + 7),
    );
  }
  for (; p < end; p++) out += String.fromCharCode(view.getUint8(p));
  return out;
}

/** Hand-written: a plain object from known offsets (ASCII name, see asciiString). */
function decodeRecordRaw(view: DataView, f32: Float32Array, base: number): PlainRecord {
  const nameAt = base + view.getUint32(base + 42, true);
  const name = asciiString(view, nameAt, nameAt + view.getUint32(base + 46, true));
  const samplesAt = base + view.getUint32(base + 50, true);
  const n = view.getUint32(base + 54, true) >>> 2;
  const samples = new Array<number>(n);
  // A double stored first makes the array hold doubles before the loop (a
  // third faster than transitioning at the loop's first fraction), as
  // runtime-ts's Reader.numbers does.
  if (n > 0) samples[0] = 0.5;
  let k = 0;
  if ((samplesAt & 3) === 0) {
    // One at a time, the constant DataView measured faster than the Float32Array
    // (235 vs 266 ns); four at a time, the Float32Array is faster than either.
    for (const at = samplesAt >> 2; k + 4 <= n; k += 4) {
      const i = at + k;
      samples[k] = f32[i]!;
      samples[k + 1] = f32[i + 1]!;
      samples[k + 2] = f32[i + 2]!;
      samples[k + 3] = f32[i + 3]!;
    }
    for (const at = samplesAt >> 2; k < n; k++) samples[k] = f32[at + k]!;
  }
  for (; k < n; k++) samples[k] = view.getFloat32(samplesAt + 4 * k, true);
  return {
    id: view.getUint32(base + 4, true),
    kind: view.getUint8(base + 8),
    active: view.getUint8(base + 9) !== 0,
    level: view.getUint16(base + 10, true),
    delta: view.getInt16(base + 12, true),
    score: view.getInt32(base + 14, true),
    ratio: view.getFloat32(base + 18, true),
    weight: view.getFloat64(base + 22, true),
    time: view.getFloat64(base + 30, true),
    count: view.getUint32(base + 38, true),
    name,
    samples,
  };
}

/**
 * The floor's views held the way a decoder of more than one buffer holds
 * them: in fields of a reusable object, set per buffer (here twice: made
 * empty, then bound). The floor's own views are constants of the one closure
 * that uses them, which V8 folds into its optimized code (one closure per
 * site: function-context specialization); fields written more than once are
 * read at run time, as karmem's Reader and Writer fields are.
 */
class FloorViews {
  view: DataView = new DataView(new ArrayBuffer(0));
  u8: Uint8Array = new Uint8Array(0);
  f32: Float32Array = new Float32Array(0);

  bind(buffer: ArrayBufferLike): this {
    this.view = new DataView(buffer);
    this.u8 = new Uint8Array(buffer);
    this.f32 = new Float32Array(buffer, 0, buffer.byteLength >> 2);
    return this;
  }
}

/** Every field of a karmem viewer, summed as `checksum` does. */
export function readKarmemViewer(v: RecordViewer): number {
  let sum = v.Id + v.Kind + (v.Active ? 1 : 0) + v.Level + v.Delta + v.Score + v.Ratio + v.Weight + v.Time + v.Count;
  const name = v.Name;
  for (let i = 0; i < name.length; i++) sum += name.charCodeAt(i);
  const samples = v.Samples;
  for (let i = 0, n = samples.length; i < n; i++) sum += samples.at(i);
  return sum;
}

/** Every field through FlatBuffers' generated accessors (in place), summed as `checksum` does. */
export function readFlatBuffers(r: FbRecord): number {
  let sum = r.id() + r.kind() + (r.active() ? 1 : 0) + r.level() + r.delta() + r.score() + r.ratio() + r.weight() + r.time() + r.count();
  const name = r.name() ?? '';
  for (let i = 0; i < name.length; i++) sum += name.charCodeAt(i);
  for (let i = 0, n = r.samplesLength(); i < n; i++) sum += r.samples(i)!;
  return sum;
}

/** Encodes with the FlatBuffers builder API (the generated `createRecord`), into a reused builder. */
export function encodeFlatBuffers(b: flatbuffers.Builder, p: PlainRecord): Uint8Array {
  b.clear();
  const name = b.createString(p.name);
  const samples = FbRecord.createSamplesVector(b, p.samples);
  const root = FbRecord.createRecord(b, p.id, p.kind, p.active, p.level, p.delta, p.score, p.ratio, p.weight, p.time, p.count, name, samples);
  b.finish(root);
  return b.asUint8Array();
}

/** Sums any object with the .proto field names (protobufjs, protobuf-es, msgpack, JSON, FlatBuffers' RecordT). */
function checksumOf(r: { [K in keyof PlainRecord]: unknown }): number {
  return checksum(r as PlainRecord);
}

/** A packr that writes standard MessagePack maps (no msgpackr-only record extension), which other readers understand. */
export function standardPackr(): Packr {
  return new Packr({ useRecords: false });
}

/**
 * Where every decode case leaves the object it made, so that the object
 * escapes as a decoder's result does in use. A case that read one field of
 * its result and dropped it let V8 remove the object's allocation (escape
 * analysis) wherever the whole decoder was inlined into the timed loop:
 * the floor's decode measured 1.3x faster that way than with its result
 * kept (paired, one process, 2026-12-06), doing less than the rows it is
 * the floor of.
 */
let kept: unknown;
function keep<T>(value: T): T {
  kept = value;
  return value;
}

/** What the last decode case made: for the bench's test that every decode case keeps a new object per call. */
export function lastDecoded(): unknown {
  return kept;
}

interface Impl {
  impl: string;
  encode?: () => Prepared;
  decode?: () => Prepared;
  read?: () => Prepared;
}

function impls(): Impl[] {
  const plain = plainRecord();
  const expected = checksum(plain);
  const karmemValue = karmemRecord(plain);
  const karmemBytes = encodeRecord(karmemValue).slice();
  const packr = standardPackr();
  const msgpackBytes = Uint8Array.from(packr.pack(plain));
  const pbjsBytes = pbjs.Record.encode(plain).finish().slice();
  const esMessage = create(RecordSchema, plain);
  const esBytes = toBinary(RecordSchema, esMessage);
  const fbBytes = encodeFlatBuffers(new flatbuffers.Builder(1024), plain).slice();
  const jsonText = JSON.stringify(plain);
  /** karmem's decode of `message` as given: a Reader made once (karmem) or the Uint8Array itself (karmem-bytes). */
  const karmemDecode = (message: Reader | Uint8Array): Prepared => ({
    run: () => keep(decodeRecord(message)).Id,
    check: () => karmemChecksum(decodeRecord(message)),
    expected,
    bytes: karmemBytes.length,
  });
  return [
    {
      impl: 'floor',
      encode: () => {
        const buffer = new ArrayBuffer(1024);
        const view = new DataView(buffer);
        const u8 = new Uint8Array(buffer);
        const f32 = new Float32Array(buffer);
        return {
          run: () => writeRecordRaw(view, u8, f32, 0, plain),
          check: () => readRecordRaw(view, f32, 0),
          expected,
          bytes: writeRecordRaw(view, u8, f32, 0, plain),
        };
      },
      decode: () => {
        // karmemBytes is a copy of its own (`slice()`): byte 0 of its buffer.
        const view = new DataView(karmemBytes.buffer);
        const f32 = new Float32Array(karmemBytes.buffer, 0, karmemBytes.length >> 2);
        return { run: () => keep(decodeRecordRaw(view, f32, 0)).id, check: () => checksum(decodeRecordRaw(view, f32, 0)), expected, bytes: karmemBytes.length };
      },
      read: () => {
        // karmemBytes is a copy of its own (`slice()`): byte 0 of its buffer.
        const view = new DataView(karmemBytes.buffer);
        const f32 = new Float32Array(karmemBytes.buffer, 0, karmemBytes.length >> 2);
        return { run: () => readRecordRaw(view, f32, 0), check: () => readRecordRaw(view, f32, 0), expected, bytes: karmemBytes.length };
      },
    },
    {
      impl: 'floor-field',
      encode: () => {
        const v = new FloorViews().bind(new ArrayBuffer(1024));
        return {
          run: () => writeRecordRaw(v.view, v.u8, v.f32, 0, plain),
          check: () => readRecordRaw(v.view, v.f32, 0),
          expected,
          bytes: writeRecordRaw(v.view, v.u8, v.f32, 0, plain),
        };
      },
      decode: () => {
        // karmemBytes is a copy of its own (`slice()`): byte 0 of its buffer.
        const v = new FloorViews().bind(karmemBytes.buffer);
        return { run: () => keep(decodeRecordRaw(v.view, v.f32, 0)).id, check: () => checksum(decodeRecordRaw(v.view, v.f32, 0)), expected, bytes: karmemBytes.length };
      },
      read: () => {
        const v = new FloorViews().bind(karmemBytes.buffer);
        const run = (): number => readRecordRaw(v.view, v.f32, 0);
        return { run, check: run, expected, bytes: karmemBytes.length };
      },
    },
    {
      impl: 'karmem',
      encode: () => {
        const writer = new Writer(1024);
        return {
          run: () => encodeRecord(karmemValue, writer).length,
          check: () => karmemChecksum(decodeRecord(encodeRecord(karmemValue, writer))),
          expected,
          bytes: karmemBytes.length,
        };
      },
      // A Reader made once over the bytes, as the floor reads a DataView
      // and FlatBuffers a ByteBuffer made once: karmem-bytes below gives
      // the same calls the Uint8Array instead.
      decode: () => karmemDecode(new Reader(karmemBytes)),
      read: () => {
        const reader = new Reader(karmemBytes);
        const run = (): number => readKarmemViewer(viewRecord(reader));
        return { run, check: run, expected, bytes: karmemBytes.length };
      },
    },
    {
      impl: 'karmem-bytes',
      decode: () => karmemDecode(karmemBytes),
      read: () => {
        const reader = new Reader(karmemBytes);
        const run = (): number => readKarmemViewer(viewRecord(reader.reset(karmemBytes)));
        return { run, check: run, expected, bytes: karmemBytes.length };
      },
    },
    {
      impl: 'flatbuffers',
      encode: () => {
        const builder = new flatbuffers.Builder(1024);
        return {
          run: () => encodeFlatBuffers(builder, plain).length,
          check: () => readFlatBuffers(FbRecord.getRootAsRecord(new flatbuffers.ByteBuffer(encodeFlatBuffers(builder, plain)))),
          expected,
          bytes: fbBytes.length,
        };
      },
      decode: () => {
        const bb = new flatbuffers.ByteBuffer(fbBytes);
        const root = new FbRecord();
        return {
          run: () => keep(FbRecord.getRootAsRecord(bb, root).unpack()).id,
          check: () => checksumOf(FbRecord.getRootAsRecord(bb, root).unpack()),
          expected,
          bytes: fbBytes.length,
        };
      },
      read: () => {
        const bb = new flatbuffers.ByteBuffer(fbBytes);
        const root = new FbRecord();
        const run = (): number => readFlatBuffers(FbRecord.getRootAsRecord(bb, root));
        return { run, check: run, expected, bytes: fbBytes.length };
      },
    },
    {
      impl: 'protobufjs',
      encode: () => ({
        run: () => pbjs.Record.encode(plain).finish().length,
        check: () => checksumOf(pbjs.Record.decode(pbjs.Record.encode(plain).finish())),
        expected,
        bytes: pbjsBytes.length,
      }),
      decode: () => ({
        run: () => keep(pbjs.Record.decode(pbjsBytes)).id,
        check: () => checksumOf(pbjs.Record.decode(pbjsBytes)),
        expected,
        bytes: pbjsBytes.length,
      }),
      read: () => {
        const run = (): number => checksumOf(pbjs.Record.decode(pbjsBytes));
        return { run, check: run, expected, bytes: pbjsBytes.length };
      },
    },
    {
      impl: 'protobuf-es',
      encode: () => ({
        run: () => toBinary(RecordSchema, esMessage).length,
        check: () => checksumOf(fromBinary(RecordSchema, toBinary(RecordSchema, esMessage))),
        expected,
        bytes: esBytes.length,
      }),
      decode: () => ({
        run: () => keep(fromBinary(RecordSchema, esBytes)).id,
        check: () => checksumOf(fromBinary(RecordSchema, esBytes)),
        expected,
        bytes: esBytes.length,
      }),
      read: () => {
        const run = (): number => checksumOf(fromBinary(RecordSchema, esBytes));
        return { run, check: run, expected, bytes: esBytes.length };
      },
    },
    {
      impl: 'msgpackr',
      encode: () => ({
        run: () => packr.pack(plain).length,
        check: () => checksumOf(packr.unpack(packr.pack(plain)) as PlainRecord),
        expected,
        bytes: msgpackBytes.length,
      }),
      decode: () => ({
        run: () => keep(packr.unpack(msgpackBytes) as PlainRecord).id,
        check: () => checksumOf(packr.unpack(msgpackBytes) as PlainRecord),
        expected,
        bytes: msgpackBytes.length,
      }),
      read: () => {
        const run = (): number => checksumOf(packr.unpack(msgpackBytes) as PlainRecord);
        return { run, check: run, expected, bytes: msgpackBytes.length };
      },
    },
    {
      impl: 'json',
      encode: () => ({
        run: () => JSON.stringify(plain).length,
        check: () => checksumOf(JSON.parse(JSON.stringify(plain)) as PlainRecord),
        expected,
        bytes: jsonText.length,
      }),
      decode: () => ({
        run: () => keep(JSON.parse(jsonText) as PlainRecord).id,
        check: () => checksumOf(JSON.parse(jsonText) as PlainRecord),
        expected,
        bytes: jsonText.length,
      }),
      read: () => {
        const run = (): number => checksumOf(JSON.parse(jsonText) as PlainRecord);
        return { run, check: run, expected, bytes: jsonText.length };
      },
    },
  ];
}

const PHASES = ['encode', 'decode', 'read'] as const;

export function hostCases(): BenchCase[] {
  const cases: BenchCase[] = [];
  for (const phase of PHASES) {
    for (const name of ['floor', 'floor-field', 'karmem', 'karmem-bytes', 'flatbuffers', 'protobufjs', 'protobuf-es', 'msgpackr', 'json']) {
      if (name === 'karmem-bytes' && phase === 'encode') continue;
      const proto = LABELS[name]!;
      const note = phase === 'read' && !['floor', 'floor-field', 'karmem', 'karmem-bytes', 'flatbuffers'].includes(name) ? ' (no in-place reader: decode, then read)' : '';
      cases.push(
        defineCase({ workload: WORKLOAD, impl: name, phase, role: proto.role, label: proto.label + note }, () => {
          const impl = impls().find((i) => i.impl === name)!;
          const make = impl[phase];
          if (!make) throw new Error(`${name} has no ${phase}`);
          return make();
        }),
      );
    }
  }
  return cases;
}

// Labels without building the values (the registry is listed in the main thread too).
const LABELS: Record<string, { role: 'karmem' | 'peer' | 'floor'; label: string }> = {
  floor: { role: 'floor', label: 'hand-written DataView at known offsets (float32 samples through a Float32Array where aligned, four per loop iteration), no checks (ASCII name)' },
  'floor-field': {
    role: 'floor',
    label: 'diagnostic: the floor\'s code, its DataView and Float32Array read from fields of a reusable object (set per buffer), as a decoder of more than one buffer holds them; the floor\'s own are constants of one closure, which V8 folds in',
  },
  karmem: { role: 'karmem', label: 'generated TS (codegen-ts) + runtime-ts: encodeRecord into a reused Writer / decodeRecord / viewRecord getters; decode and read through a Reader made once over the bytes (as the floor is given a DataView)' },
  'karmem-bytes': { role: 'karmem', label: 'diagnostic: as karmem, but decodeRecord(bytes) / viewRecord(reader.reset(bytes)) from the Uint8Array on every call (two engine getters: its buffer and byteOffset)' },
  flatbuffers: { role: 'peer', label: 'flatbuffers + flatc --ts --gen-object-api: builder API / unpack() / accessors in place' },
  protobufjs: { role: 'peer', label: 'protobufjs static code (pbjs -t static-module)' },
  'protobuf-es': { role: 'peer', label: '@bufbuild/protobuf v2 + protoc-gen-es: toBinary / fromBinary' },
  msgpackr: { role: 'peer', label: 'msgpackr, standard maps (useRecords: false); samples as float64' },
  json: { role: 'peer', label: 'JSON.stringify / JSON.parse (text, not bytes)' },
};
