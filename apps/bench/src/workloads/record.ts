// Record, host -> guest: the host has the record as plain data and the guest
// must see every field of it; end to end per call.
//
//   one-way     host encodes into (or copies into) guest memory, guest reads every field
//   round-trip  the same, then the guest answers (score + 1, samples doubled)
//               and the host reads every field of the answer
//
// The guests are AssemblyScript, except `karmem-c`: the same host side, with a
// C guest on the code codegen-c generates (guest/record-c.c).
//
// The floor: bytes already encoded, copied in and read in place at known
// offsets (one-way); the same, answered by a copy and a loop and read back
// at known offsets (round trip: "raw").
import * as flatbuffers from 'flatbuffers';
import { Reader, Writer } from '@karmem-ts/runtime';
import { bench as pbjs } from '../../fixtures/protobufjs/record';
import { type BenchCase, type Prepared, type Role, type SkippedCase, defineCase } from '../cases';
import { answerOf, checksum, karmemRecord, plainRecord, type PlainRecord } from '../data';
import { encodeRecord, viewRecord } from '../generated/record';
import { allocationsPerCall } from '../allocations';
import { Fuel, loadBoundGuest, loadGuest } from '../guest';
import { encodeFlatBuffers, readKarmemViewer, readRecordRaw, standardPackr, writeRecordRaw } from './host';

const WORKLOAD = 'record';
const REGION = 64 * 1024;
/** Budget per call of the metered rows: far more than a call needs. */
const FUEL_BUDGET = 1_000_000_000n;

interface Spec {
  impl: string;
  role: Role;
  label: string;
  oneWay?: () => Prepared | Promise<Prepared>;
  roundTrip?: () => Prepared | Promise<Prepared>;
}

/** A guest with its input (and output) region allocated once. */
function guest(name: string, suffix?: string, fuel?: Fuel) {
  const g = loadGuest(name, suffix, fuel);
  const input = g.exports['input']!(REGION);
  const output = g.exports['output'] ? g.exports['output'](REGION) : 0;
  return { ...g, input, output };
}

/** Sums a record whose float32 fields came back through text (JSON): as float32, which they are. */
function checksumF32(r: PlainRecord): number {
  return checksum({ ...r, ratio: Math.fround(r.ratio), samples: r.samples.map((s) => Math.fround(s)) });
}

/** The bindings guest: asc's glue lowers the plain object itself. */
interface BoundRecordGuest {
  read(m: PlainRecord): number;
  roundTrip(m: PlainRecord): PlainRecord;
}

function specs(): Spec[] {
  const plain = plainRecord();
  const value = karmemRecord(plain);
  const expected = checksum(plain);
  const expectedAnswer = checksum(answerOf(plain));
  const karmemBytes = encodeRecord(value).slice();

  // `metered`: the build with fuel, its budget refilled before every call (as the linker does).
  // Per call, the writer follows the guest's memory if it grew (one length read, see GuestMemory.current;
  // `bound` is the buffer it was bound to, rather than the writer's `buffer` getter).
  // `counted`: also managed allocations per call, with the counting build (record-karmem-allocs),
  // outside the timing: the same export, fed as the timed row feeds it.
  const counting = (name: string) => (): number => {
    const g = guest('record-karmem-allocs');
    const fn = g.exports[name]!;
    let bound = g.memory.current;
    const writer = Writer.over(bound, g.input, REGION);
    return allocationsPerCall(g.exports, () => {
      const buffer = g.memory.current;
      if (buffer !== bound) writer.rebind((bound = buffer));
      return fn(g.input, encodeRecord(value, writer).length);
    });
  };
  // A guest built by another compiler (C, Rust) with the record guests' exports: `read` and `roundTrip`
  // on the input region, answering in the output region. The generated TS encoder writes straight into
  // its memory, and follows it when it grows (GuestMemory.current).
  const compiledGuest = (name: string, language: string) => ({
    oneWay: (): Prepared => {
      const g = guest(name, '.wasm');
      const read = g.exports['read']!;
      let bound = g.memory.current;
      const writer = Writer.over(bound, g.input, REGION);
      const run = (): number => {
        const buffer = g.memory.current;
        if (buffer !== bound) writer.rebind((bound = buffer));
        return read(g.input, encodeRecord(value, writer).length);
      };
      return { run, check: run, expected, bytes: karmemBytes.length };
    },
    roundTrip: (): Prepared => {
      const g = guest(name, '.wasm');
      const roundTrip = g.exports['roundTrip']!;
      let bound = g.memory.current;
      const writer = Writer.over(bound, g.input, REGION);
      const reader = new Reader();
      const run = (): number => {
        const buffer = g.memory.current;
        if (buffer !== bound) writer.rebind((bound = buffer));
        const n = roundTrip(g.input, encodeRecord(value, writer).length);
        if (n < 0) throw new Error(`${language} guest encoder failed: ${n}`);
        return readKarmemViewer(viewRecord(reader.resetAt(g.memory.current, g.output, n)));
      };
      return { run, check: run, expected: expectedAnswer, bytes: karmemBytes.length };
    },
  });
  const karmem = (read: string, roundTrip: string, metered = false, counted = false) => ({
    oneWay: (): Prepared => {
      const fuel = metered ? new Fuel(FUEL_BUDGET) : undefined;
      const g = guest(metered ? 'record-karmem-fuel' : 'record-karmem', undefined, fuel);
      const fn = g.exports[read]!;
      let bound = g.memory.current;
      const writer = Writer.over(bound, g.input, REGION);
      const run = (): number => {
        const buffer = g.memory.current;
        if (buffer !== bound) writer.rebind((bound = buffer));
        fuel?.fill();
        return fn(g.input, encodeRecord(value, writer).length);
      };
      return { run, check: run, expected, bytes: karmemBytes.length, ...(counted ? { allocations: counting(read) } : {}) };
    },
    roundTrip: (): Prepared => {
      const fuel = metered ? new Fuel(FUEL_BUDGET) : undefined;
      const g = guest(metered ? 'record-karmem-fuel' : 'record-karmem', undefined, fuel);
      const fn = g.exports[roundTrip]!;
      let bound = g.memory.current;
      const writer = Writer.over(bound, g.input, REGION);
      const reader = new Reader();
      const run = (): number => {
        const buffer = g.memory.current;
        if (buffer !== bound) writer.rebind((bound = buffer));
        fuel?.fill();
        const n = fn(g.input, encodeRecord(value, writer).length);
        if (n < 0) throw new Error(`guest writer failed: ${n}`);
        // The guest may have grown its memory while answering.
        return readKarmemViewer(viewRecord(reader.resetAt(g.memory.current, g.output, n)));
      };
      return { run, check: run, expected: expectedAnswer, bytes: karmemBytes.length, ...(counted ? { allocations: counting(roundTrip) } : {}) };
    },
  });

  return [
    {
      impl: 'floor',
      role: 'floor',
      label: 'bytes already encoded (karmem layout): copied in, read in place at known offsets, no checks; round trip: answered by a copy + loop, read back at known offsets ("raw")',
      oneWay: () => {
        const g = guest('record-floor');
        const read = g.exports['read']!;
        const run = (): number => {
          g.memory.u8.set(karmemBytes, g.input);
          return read(g.input, karmemBytes.length);
        };
        return { run, check: run, expected, bytes: karmemBytes.length };
      },
      roundTrip: () => {
        const g = guest('record-floor');
        const roundTrip = g.exports['roundTrip']!;
        const run = (): number => {
          g.memory.u8.set(karmemBytes, g.input);
          roundTrip(g.input, karmemBytes.length, g.output);
          return readRecordRaw(g.memory.view, g.memory.f32, g.output);
        };
        return { run, check: run, expected: expectedAnswer, bytes: karmemBytes.length };
      },
    },
    {
      // The end-to-end floor of an encoder that starts from a JS object: what the karmem row does, by hand.
      impl: 'hand',
      role: 'floor',
      label: 'hand-written end to end: the host writes the plain object into guest memory with a DataView at known offsets (float32 samples through a Float32Array, four per loop iteration; ASCII name), the guest reads at known offsets, no checks; round trip: answered by a copy + loop, read back at known offsets',
      oneWay: () => {
        const g = guest('record-floor');
        const read = g.exports['read']!;
        const run = (): number => read(g.input, writeRecordRaw(g.memory.view, g.memory.u8, g.memory.f32, g.input, plain));
        return { run, check: run, expected, bytes: karmemBytes.length };
      },
      roundTrip: () => {
        const g = guest('record-floor');
        const roundTrip = g.exports['roundTrip']!;
        const run = (): number => {
          roundTrip(g.input, writeRecordRaw(g.memory.view, g.memory.u8, g.memory.f32, g.input, plain), g.output);
          return readRecordRaw(g.memory.view, g.memory.f32, g.output);
        };
        return { run, check: run, expected: expectedAnswer, bytes: karmemBytes.length };
      },
    },
    {
      impl: 'karmem',
      role: 'karmem',
      label: 'generated TS encodeRecord straight into guest memory (Writer.over); guest: generated codegen-as viewer in place; round trip: runtime-as Writer out, host reads in place with the generated viewer',
      ...karmem('read', 'roundTrip'),
    },
    {
      impl: 'karmem-fuel',
      role: 'karmem',
      label: 'as karmem, but the guest is built with fuel (asbuild --fuel: 1 unit per loop iteration and per entry into a function that calls others, trap when spent) and its budget is set before every call, as the linker does',
      ...karmem('read', 'roundTrip', true),
    },
    {
      impl: 'karmem-copy',
      role: 'karmem',
      label: 'diagnostic: as the floor (bytes already encoded, copied in), but read by the generated codegen-as viewer with its checks: isolates the guest side of the karmem row',
      oneWay: () => {
        const g = guest('record-karmem');
        const read = g.exports['read']!;
        const run = (): number => {
          g.memory.u8.set(karmemBytes, g.input);
          return read(g.input, karmemBytes.length);
        };
        return { run, check: run, expected, bytes: karmemBytes.length };
      },
    },
    {
      impl: 'karmem-object',
      role: 'karmem',
      label: 'as karmem, but the guest uses the generated object API (decodeRecord into a reused object; round trip: encodeRecord)',
      ...karmem('readObject', 'roundTripObject', false, true),
    },
    {
      impl: 'karmem-c',
      role: 'karmem',
      label: 'as karmem, but the guest is C: the generated codegen-c viewer in place (clang --target=wasm32 -O2, wasm-opt -O3); round trip: the generated C encoder out, host reads in place with the generated viewer',
      ...compiledGuest('record-c', 'C'),
    },
    {
      impl: 'karmem-rust',
      role: 'karmem',
      label: 'as karmem, but the guest is Rust: the generated codegen-rust viewer in place (rustc 1.63 wasm32 -O, LTO, +bulk-memory, wasm-opt -O3); round trip: the generated decode_into an owned Record reused across calls, changed in place, its generated encoder out, host reads in place with the generated viewer',
      ...compiledGuest('record-rust', 'Rust'),
    },
    {
      impl: 'asc-bindings',
      role: 'peer',
      label: 'asc --bindings raw: the generated glue copies the JS object into a guest class field by field (and back); not a format',
      oneWay: async () => {
        const g = await loadBoundGuest<BoundRecordGuest>('record-bindings');
        const run = (): number => g.read(plain);
        return { run, check: run, expected };
      },
      roundTrip: async () => {
        const g = await loadBoundGuest<BoundRecordGuest>('record-bindings');
        const run = (): number => checksum(g.roundTrip(plain));
        return { run, check: run, expected: expectedAnswer };
      },
    },
    {
      impl: 'flatbuffers',
      role: 'peer',
      label: 'flatbuffers JS builder (reused), bytes copied in; guest: HAND-WRITTEN reader (no AssemblyScript FlatBuffers library), no verifier',
      oneWay: () => {
        const g = guest('record-flatbuffers');
        const read = g.exports['read']!;
        const builder = new flatbuffers.Builder(1024);
        const run = (): number => {
          const bytes = encodeFlatBuffers(builder, plain);
          g.memory.u8.set(bytes, g.input);
          return read(g.input, bytes.length);
        };
        return { run, check: run, expected, bytes: encodeFlatBuffers(builder, plain).length };
      },
    },
    {
      impl: 'protobuf',
      role: 'peer',
      label: 'protobufjs static code encodes, bytes copied in; guest: as-proto + as-proto-gen decode (round trip: as-proto encode, protobufjs decode)',
      oneWay: () => {
        const g = guest('record-protobuf');
        const read = g.exports['read']!;
        const run = (): number => {
          const bytes = pbjs.Record.encode(plain).finish();
          g.memory.u8.set(bytes, g.input); // input() made a region of REGION bytes once
          return read(g.input, bytes.length);
        };
        return { run, check: run, expected, bytes: pbjs.Record.encode(plain).finish().length };
      },
      roundTrip: () => {
        const g = guest('record-protobuf');
        const roundTrip = g.exports['roundTrip']!;
        const answerPtr = g.exports['answerPtr']!;
        const run = (): number => {
          const bytes = pbjs.Record.encode(plain).finish();
          g.memory.u8.set(bytes, g.input);
          const n = roundTrip(g.input, bytes.length);
          const at = answerPtr();
          return checksum(pbjs.Record.decode(g.memory.u8.subarray(at, at + n)));
        };
        return { run, check: run, expected: expectedAnswer, bytes: pbjs.Record.encode(plain).finish().length };
      },
    },
    {
      impl: 'msgpack',
      role: 'peer',
      label: 'msgpackr (standard maps) encodes, bytes copied in; guest: HAND-WRITTEN reader (no AssemblyScript MessagePack library used)',
      oneWay: () => {
        const g = guest('record-msgpack');
        const read = g.exports['read']!;
        const packr = standardPackr();
        const run = (): number => {
          const bytes = packr.pack(plain);
          g.memory.u8.set(bytes, g.input);
          return read(g.input, bytes.length);
        };
        return { run, check: run, expected, bytes: packr.pack(plain).length };
      },
    },
    {
      impl: 'json',
      role: 'peer',
      label: 'JSON.stringify, UTF-8 written into guest memory (encodeInto); guest: json-as parse (round trip: json-as stringify, host TextDecoder utf-16le + JSON.parse)',
      oneWay: () => {
        const g = guest('record-json');
        const read = g.exports['read']!;
        const encoder = new TextEncoder();
        const run = (): number => {
          const { written } = encoder.encodeInto(JSON.stringify(plain), g.memory.region(g.input, REGION));
          return read(g.input, written);
        };
        return { run, check: run, expected, bytes: encoder.encode(JSON.stringify(plain)).length };
      },
      roundTrip: () => {
        const g = guest('record-json');
        const roundTrip = g.exports['roundTrip']!;
        const answerPtr = g.exports['answerPtr']!;
        const encoder = new TextEncoder();
        const decoder = new TextDecoder('utf-16le');
        const run = (): number => {
          const { written } = encoder.encodeInto(JSON.stringify(plain), g.memory.region(g.input, REGION));
          const n = roundTrip(g.input, written);
          const at = answerPtr();
          return checksumF32(JSON.parse(decoder.decode(g.memory.u8.subarray(at, at + n))) as PlainRecord);
        };
        return { run, check: run, expected: expectedAnswer, bytes: encoder.encode(JSON.stringify(plain)).length };
      },
    },
  ];
}

export function recordCases(): BenchCase[] {
  // specs() only makes plain values (guests load in `setup`, in the worker).
  const all = specs();
  const cases: BenchCase[] = [];
  for (const phase of ['one-way', 'round-trip'] as const) {
    for (const spec of all) {
      const make = phase === 'one-way' ? spec.oneWay : spec.roundTrip;
      if (!make) continue;
      cases.push(defineCase({ workload: WORKLOAD, impl: spec.impl, phase, role: spec.role, label: spec.label }, make));
    }
  }
  return cases;
}

export function recordSkipped(): SkippedCase[] {
  return [
    {
      workload: WORKLOAD,
      impl: 'flatbuffers, msgpack',
      phase: 'round-trip',
      reason: 'no AssemblyScript writer for these formats exists in their published libraries; only hand-written guest readers were written',
    },
  ];
}
