/** The bulk paths for numeric slices: Reader.numbers, copyNumberSlice (and its chargeNumberSlice), doubleArray, copyNumbers, the per-type slice views, Writer.setNumbers, Writer.bytes' reused view. */
import fc from 'fast-check';
import { F32_LIMIT, KarmemEncodeError } from './encode-checks';
import { KarmemLimitError } from './limits';
import { NumberKind, Reader, doubleArray } from './reader';
import {
  EMPTY_READER, SliceView, chargeNumberSlice, closeDecode, copyFixedNumbers, copyNumberSlice, copyNumbers, decodeReader, f32Slice, fixedNumbers, f64Slice, i16Slice, i32Slice, i8Slice, openDecode, readF32, readF64, readI16, readI32, readI8,
  readU16, readU32, readU8, sliceView, u16Slice, u32Slice, u8Slice, type ElementReader, type NumberSlice,
} from './views';
import type { NumericArray } from './typed';
import { Writer } from './writer';

/** A message: an 8-byte slice header at 0 pointing at `payload` at offset 8. */
function message(payload: number[], width: number, write: (v: DataView, at: number, x: number) => void, sizeOverride?: number): Uint8Array {
  const bytes = new Uint8Array(8 + payload.length * width);
  const v = new DataView(bytes.buffer);
  v.setUint32(0, 8, true);
  v.setUint32(4, sizeOverride ?? payload.length * width, true);
  payload.forEach((x, i) => write(v, 8 + i * width, x));
  return bytes;
}

describe('Reader.numbers', () => {
  it('reads every element in one go, and nothing when any of them lies outside', () => {
    const bytes = message([1.5, -2, 3.25], 4, (v, at, x) => v.setFloat32(at, x, true));
    const r = new Reader(bytes);
    expect(r.numbers(NumberKind.F32, 8, 3)).toEqual([1.5, -2, 3.25]);
    expect(r.numbers(NumberKind.F32, 8, 4)).toEqual([]);
    expect(r.numbers(NumberKind.F32, -4, 1)).toEqual([]);
    expect(r.numbers(NumberKind.U8, 0, 0)).toEqual([]);
  });

  it.each([
    ['float32', NumberKind.F32, 4, (r: Reader, at: number) => r.f32(at)],
    ['float64', NumberKind.F64, 8, (r: Reader, at: number) => r.f64(at)],
  ] as const)('copies %s as the one-at-a-time read does, aligned in the buffer or not', (_, kind, width, read) => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 4, maxLength: 64 }), fc.integer({ min: 0, max: 15 }), fc.integer({ min: 0, max: 15 }), (message, base, at) => {
        const bytes = new Uint8Array(base + at + message.length).subarray(base);
        bytes.set(message, at);
        const r = new Reader(bytes);
        const n = Math.floor(message.length / width);
        expect(r.numbers(kind, at, n)).toEqual(Array.from({ length: n }, (_, i) => read(r, at + width * i)));
      }),
    );
  });

  it('agrees with the one-at-a-time reads for any bytes, message base, offset and count', () => {
    const kinds = [NumberKind.U8, NumberKind.I8, NumberKind.U16, NumberKind.I16, NumberKind.U32, NumberKind.I32, NumberKind.F32, NumberKind.F64];
    const one = ['u8', 'i8', 'u16', 'i16', 'u32', 'i32', 'f32', 'f64'] as const;
    const widths = [1, 1, 2, 2, 4, 4, 4, 8];
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fc.integer({ min: 0, max: 7 }), fc.integer({ min: -2, max: 70 }), fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 7 }), (message, k, at, n, base) => {
        // The message at `base` of a larger buffer: float32 copies take the typed-array path only where aligned in the buffer.
        const bytes = new Uint8Array(base + message.length).subarray(base);
        bytes.set(message);
        const r = new Reader(bytes);
        const got = r.numbers(kinds[k]!, at, n);
        const fits = at >= 0 && at + n * widths[k]! <= bytes.length && n > 0;
        const expected = fits ? Array.from({ length: n }, (_, i) => r[one[k]!](at + i * widths[k]!)) : [];
        expect(got).toEqual(expected);
      }),
    );
  });
});

describe('numeric slice views', () => {
  it('read each element with one index check, and the default outside', () => {
    const bytes = message([-3, 7], 2, (v, at, x) => v.setInt16(at, x, true));
    const view = sliceView(new Reader(bytes), 0, 2, Infinity, readI16);
    expect([view.at(0), view.at(1), view.at(2), view.at(-1), view.at(0.5)]).toEqual([-3, 7, 0, 0, 0]);
    expect(view.toArray()).toEqual([-3, 7]);
    expect([...view]).toEqual([-3, 7]);
  });

  it('iterate each element once per iterator, and stay done after the last', () => {
    const view = sliceView(new Reader(message([-3, 7], 2, (v, at, x) => v.setInt16(at, x, true))), 0, 2, Infinity, readI16);
    const it = view[Symbol.iterator]();
    expect([it.next(), it.next(), it.next(), it.next()]).toEqual([
      { done: false, value: -3 }, { done: false, value: 7 }, { done: true, value: undefined }, { done: true, value: undefined },
    ]);
    expect(it[Symbol.iterator]()).toBe(it);
    expect([...view, ...view]).toEqual([-3, 7, -3, 7]);
  });

  it('are what sliceView makes, from each per-type factory, for any bytes, header and limit', () => {
    type Factory = (r: Reader, header: number, limit: number) => SliceView<number>;
    const pairs: [Factory, ElementReader<number>, number][] = [
      [u8Slice, readU8, 1], [i8Slice, readI8, 1], [u16Slice, readU16, 2], [i16Slice, readI16, 2],
      [u32Slice, readU32, 4], [i32Slice, readI32, 4], [f32Slice, readF32, 4], [f64Slice, readF64, 8],
    ];
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 80 }), fc.integer({ min: 0, max: 7 }), fc.integer({ min: -2, max: 80 }),
        fc.oneof(fc.constant(Infinity), fc.integer({ min: 0, max: 12 })), (bytes, k, header, limit) => {
          const [factory, read, width] = pairs[k]!;
          const r = new Reader(bytes);
          const fast = factory(r, header, limit);
          const slow = sliceView(r, header, width, limit, read);
          expect(fast.constructor).toBe(slow.constructor);
          expect(fast.length).toBe(slow.length);
          const probes = [-1, 0.5, fast.length, fast.length + 1, ...Array.from({ length: fast.length }, (_, i) => i)];
          expect(probes.map((i) => Object.is(fast.at(i), slow.at(i)) || [i, fast.at(i), slow.at(i)])).toEqual(probes.map(() => true));
          expect(fast.toArray()).toEqual(slow.toArray());
          expect([...fast]).toEqual(fast.toArray());
          expect([...slow]).toEqual(slow.toArray());
        },
      ),
    );
  });

  it('give their elements as a typed array: the message\'s own bytes where aligned, else a copy, equal to toArray at any base', () => {
    type Factory = (r: Reader, header: number, limit: number) => NumberSlice<NumericArray>;
    const kinds: [Factory, number, string][] = [
      [u8Slice, 1, 'Uint8Array'], [i8Slice, 1, 'Int8Array'], [u16Slice, 2, 'Uint16Array'], [i16Slice, 2, 'Int16Array'],
      [u32Slice, 4, 'Uint32Array'], [i32Slice, 4, 'Int32Array'], [f32Slice, 4, 'Float32Array'], [f64Slice, 8, 'Float64Array'],
    ];
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fc.integer({ min: 0, max: 7 }), fc.integer({ min: 0, max: 7 }), fc.integer({ min: 0, max: 9 }), (payload, k, base, at) => {
        const [factory, width, name] = kinds[k]!;
        const buffer = new ArrayBuffer(base + 8 + at + payload.length);
        new Uint8Array(buffer).set(payload, base + 8 + at);
        const v = new DataView(buffer);
        v.setUint32(base, 8 + at, true);
        v.setUint32(base + 4, payload.length, true);
        const r = new Reader().resetAt(buffer, base, buffer.byteLength - base);
        const view = factory(r, 0, Infinity);
        const typed = view.typedArray();
        expect(typed.constructor.name).toBe(name);
        expect(Array.from(typed as ArrayLike<number>)).toEqual(view.toArray());
        const aligned = (base + 8 + at) % width === 0;
        // A view of the message's bytes where aligned (this host is little-endian), else a copy of its own (an empty slice has no place).
        if (view.length > 0) expect(typed.buffer === buffer).toBe(aligned);
        if (aligned && typed.length > 0) {
          v.setUint8(base + 8 + at, v.getUint8(base + 8 + at) ^ 1);
          expect(typed[0]).toEqual(view.at(0));
        }
      }),
    );
  });

  it.each([
    ['float32', f32Slice, 4, (r: Reader, at: number) => r.f32(at)],
    ['float64', f64Slice, 8, (r: Reader, at: number) => r.f64(at)],
  ] as const)('read %s through the typed array where aligned, as the reader does, at any message base in a buffer', (_, factory, width, read) => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 8, maxLength: 96 }), fc.integer({ min: 0, max: 15 }), fc.integer({ min: 0, max: 40 }), (payload, base, at) => {
        // A message at `base` of a larger buffer: a slice header at 0 pointing at `at`, the payload after it.
        const buffer = new ArrayBuffer(base + 8 + at + payload.length);
        const bytes = new Uint8Array(buffer);
        bytes.set(payload, base + 8 + at);
        const v = new DataView(buffer);
        v.setUint32(base, 8 + at, true);
        v.setUint32(base + 4, payload.length, true);
        const r = new Reader().resetAt(buffer, base, bytes.length - base);
        const view = factory(r, 0, Infinity);
        expect(view.length).toBe(Math.floor(payload.length / width));
        const want = Array.from({ length: view.length }, (_, i) => read(r, 8 + at + width * i));
        expect(Array.from({ length: view.length }, (_, i) => view.at(i))).toEqual(want);
        expect(view.at(view.length)).toBe(0);
      }),
    );
  });

  it.each([
    ['float32', NumberKind.F32, 4, f32Slice, (v: DataView, at: number, x: number) => v.setFloat32(at, x, true)],
    ['float64', NumberKind.F64, 8, f64Slice, (v: DataView, at: number, x: number) => v.setFloat64(at, x, true)],
  ] as const)('throw a TypeError reading an aligned %s view whose buffer was detached, as the DataView views do, never undefined', (type, kind, width, factory, write) => {
    const memory = new WebAssembly.Memory({ initial: 1 });
    const v = new DataView(memory.buffer);
    v.setUint32(0, 8, true);
    v.setUint32(4, 2 * width, true);
    write(v, 8, 1.5);
    write(v, 8 + width, -2);
    const reader = new Reader().resetAt(memory.buffer, 0, 8 + 2 * width);
    const view = factory(reader, 0, Infinity);
    expect([view.at(0), view.at(1), view.toArray()]).toEqual([1.5, -2, [1.5, -2]]);
    expect(reader.numbers(kind, 8, 2)).toEqual([1.5, -2]);
    const unaligned = u32Slice(reader, 0, Infinity);
    memory.grow(1);
    expect(() => view.at(0)).toThrow(new TypeError(`Cannot read a ${type} slice whose ArrayBuffer was detached or shrunk since (a WebAssembly memory grew): read the message again`));
    expect(() => view.at(1)).toThrow(TypeError);
    expect(() => view.typedArray()).toThrow(TypeError);
    expect(() => unaligned.at(0)).toThrow(TypeError); // the engine's, from the DataView
    expect(view.at(2)).toBe(0); // past the slice: no read, the default
    // A copy from a detached buffer goes through the DataView, as every other kind's: the engine refuses it.
    expect(() => reader.numbers(NumberKind.U32, 8, 2)).toThrow(TypeError);
    expect(() => reader.numbers(kind, 8, 2)).toThrow(TypeError);
  });

  it('share the Float32Array of the buffer read last between readers, made at the first aligned float32 read', () => {
    const message = (value: number): ArrayBuffer => {
      const v = new DataView(new ArrayBuffer(16));
      v.setUint32(0, 8, true);
      v.setUint32(4, 8, true);
      v.setFloat32(8, value, true);
      v.setFloat32(12, -value, true);
      return v.buffer;
    };
    const [x, y] = [message(1.5), message(2.5)];
    const a = new Reader().resetAt(x, 0, 16);
    expect(f32Slice(a, 0, Infinity).toArray()).toEqual([1.5, -1.5]);
    const b = new Reader().resetAt(x, 0, 16);
    expect(b.float32Array).toBe(a.float32Array); // the cache's, for x
    const c = new Reader().resetAt(y, 0, 16); // the cache moves on to y
    expect([...f32Slice(c, 0, Infinity).typedArray()]).toEqual([2.5, -2.5]);
    expect(c.float32Array).not.toBe(a.float32Array);
    // A reader of x keeps its own views; one reset onto x again gets x's, not y's.
    expect([f32Slice(a, 0, Infinity).at(1), f32Slice(new Reader().resetAt(x, 0, 16), 0, Infinity).at(0)]).toEqual([-1.5, 1.5]);
    expect(a.numbers(NumberKind.F32, 8, 2)).toEqual([1.5, -1.5]);
    // A reader of an older buffer making its Float32Array leaves the cache's buffer alone.
    const p = new Reader().resetAt(message(3.5), 0, 16);
    const z = message(4.5);
    new Reader().resetAt(z, 0, 16); // the cache moves on to z, no Float32Array made yet
    expect(f32Slice(p, 0, Infinity).at(0)).toBe(3.5);
    expect(f32Slice(new Reader().resetAt(z, 0, 16), 0, Infinity).at(0)).toBe(4.5);
  });

  it('read float32 past the end of a resizable buffer\'s first size, after it grew', () => {
    const Resizable = ArrayBuffer as unknown as new (size: number, options: { maxByteLength: number }) => ArrayBuffer & { resize(size: number): void };
    const buffer = new Resizable(16, { maxByteLength: 64 });
    new Reader().resetAt(buffer, 0, 16); // the reader's views of this buffer are made at 16 bytes
    buffer.resize(40);
    const v = new DataView(buffer);
    v.setUint32(16, 8, true);
    v.setUint32(20, 16, true);
    [1.5, -2, 3.25, 4].forEach((x, i) => v.setFloat32(24 + 4 * i, x, true));
    const reader = new Reader().resetAt(buffer, 16, 24);
    expect(f32Slice(reader, 0, Infinity).toArray()).toEqual([1.5, -2, 3.25, 4]);
    const view = f32Slice(reader, 0, Infinity);
    expect([0, 1, 2, 3].map((i) => view.at(i))).toEqual([1.5, -2, 3.25, 4]);
    expect(reader.numbers(NumberKind.F32, 8, 4)).toEqual([1.5, -2, 3.25, 4]);
  });

  it('are empty when the payload does not fit the message', () => {
    const bytes = message([1, 2], 1, (v, at, x) => v.setUint8(at, x), 3);
    const view = sliceView(new Reader(bytes), 0, 1, Infinity, readU8);
    expect(view.length).toBe(0);
    expect(view.at(0)).toBe(0);
  });
});

describe('copyNumbers', () => {
  it('copies the slice, clamped to its limit, and charges it to the open decode', () => {
    const bytes = message([1, 2, 3, 4], 4, (v, at, x) => v.setFloat32(at, x, true));
    const r = new Reader(bytes);
    expect(copyNumbers(r, 0, 4, 3, readF32)).toEqual([1, 2, 3]);
    openDecode(r, { budget: 15 });
    try {
      expect(() => copyNumbers(r, 0, 4, Infinity, readF32)).toThrow(KarmemLimitError);
    } finally {
      closeDecode();
    }
  });
});

/** The element reader and width of each NumberKind, indexed by it. */
const FIXED_READS = [readU8, readI8, readU16, readI16, readU32, readI32, readF32, readF64] as const;
const FIXED_WIDTHS = [1, 1, 2, 2, 4, 4, 4, 8] as const;

/**
 * A slice header of a random kind at a random place in (or just past) a
 * message at a random base in its buffer, its payload mostly inside the
 * message, sometimes across its end or past it.
 */
const numberSlices = fc
  .tuple(
    fc.uint8Array({ minLength: 16, maxLength: 80 }),
    fc.integer({ min: 0, max: 7 }),
    fc.integer({ min: 0, max: 7 }),
    // Where the header, the payload and its end are, in thousandths of the room for each.
    fc.integer({ min: 0, max: 1000 }),
    fc.integer({ min: 0, max: 1000 }),
    fc.integer({ min: 0, max: 1000 }),
    fc.oneof(fc.constant(Infinity), fc.integer({ min: 0, max: 12 })),
  )
  .map(([payload, base, kind, h, o, z, limit]) => {
    const bytes = new Uint8Array(base + payload.length).subarray(base);
    bytes.set(payload);
    const header = Math.floor((h * (bytes.length - 4)) / 1000);
    const offset = Math.floor((o * (bytes.length + 4)) / 1000);
    const size = Math.floor((z * (bytes.length - offset + 8)) / 1000);
    if (header + 8 <= bytes.length) {
      const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
      view.setUint32(header, offset, true);
      view.setUint32(header + 4, size, true);
    }
    return { r: new Reader(bytes), kind: kind as NumberKind, header, limit, width: FIXED_WIDTHS[kind]!, read: FIXED_READS[kind]! };
  });

describe('copyNumberSlice', () => {
  it('copies what the slice\'s view reads, clamped to its limit, for every kind, anywhere the header points', () => {
    fc.assert(
      fc.property(numberSlices, ({ r, kind, header, limit, width, read }) => {
        expect(copyNumberSlice(r, header, kind, limit)).toEqual(sliceView(r, header, width, limit, read).toArray());
      }),
    );
  });

  it('charges what it copies to the open decode, and throws past the budget', () => {
    fc.assert(
      fc.property(numberSlices, ({ r, kind, header, limit, width, read }) => {
        const units = sliceView(r, header, width, limit, read).length * width;
        openDecode(r, { budget: units });
        try {
          copyNumberSlice(r, header, kind, limit);
        } finally {
          closeDecode();
        }
        if (units === 0) return;
        openDecode(r, { budget: units - 1 });
        try {
          expect(() => copyNumberSlice(r, header, kind, limit)).toThrow(KarmemLimitError);
        } finally {
          closeDecode();
        }
      }),
    );
  });

  it('counts and charges as chargeNumberSlice does, whose count is its length and whose payload lies in the message', () => {
    fc.assert(
      fc.property(numberSlices, ({ r, kind, header, limit, width }) => {
        const count = chargeNumberSlice(r, header, kind, limit);
        const copied = copyNumberSlice(r, header, kind, limit);
        expect(count).toBe(copied.length);
        if (count > 0) {
          expect(r.inBounds(r.payloadOffset(header), count * width)).toBe(true);
          expect(r.numbers(kind, r.payloadOffset(header), count)).toEqual(copied);
        }
        openDecode(r, { budget: count * width });
        try {
          chargeNumberSlice(r, header, kind, limit);
          if (count > 0) expect(() => chargeNumberSlice(r, header, kind, limit)).toThrow(KarmemLimitError);
        } finally {
          closeDecode();
        }
      }),
    );
  });

  it('is what copyNumbers gives, with the element reader of the kind or any other', () => {
    const readTwice = (reader: Reader, at: number): number => 2 * readI16(reader, at);
    fc.assert(
      fc.property(numberSlices, ({ r, kind, header, limit, width, read }) => {
        expect(copyNumbers(r, header, width, limit, read)).toEqual(copyNumberSlice(r, header, kind, limit));
        expect(copyNumbers(r, header, 2, limit, readTwice)).toEqual(sliceView(r, header, 2, limit, readI16).toArray().map((x) => 2 * x));
      }),
    );
  });
});

describe('doubleArray', () => {
  it('has `count` elements, each written before it is read', () => {
    expect(doubleArray(0)).toEqual([]);
    const out = doubleArray(3);
    expect(out.length).toBe(3);
    out[0] = 1;
    out[1] = 2;
    out[2] = -0;
    expect(out).toEqual([1, 2, -0]);
  });
});

/** A fixed array of a random kind at a random place in, across or outside a message at a random base in its buffer. */
const fixedArrays = fc
  .tuple(fc.uint8Array({ maxLength: 80 }), fc.integer({ min: 0, max: 7 }), fc.integer({ min: 0, max: 7 }), fc.integer({ min: -4, max: 90 }), fc.integer({ min: 0, max: 12 }))
  .map(([payload, base, kind, offset, length]) => {
    const bytes = new Uint8Array(base + payload.length).subarray(base);
    bytes.set(payload);
    const r = new Reader(bytes);
    return { r, kind, offset, length, width: FIXED_WIDTHS[kind]!, read: FIXED_READS[kind]!, reference: new SliceView(r, offset, length, FIXED_WIDTHS[kind]!, FIXED_READS[kind]!) };
  });

describe('copyFixedNumbers', () => {
  it('copies what the fixed array\'s view reads, in the message or partly or wholly outside it', () => {
    fc.assert(
      fc.property(fixedArrays, ({ r, offset, length, width, read, reference }) => {
        expect(copyFixedNumbers(r, offset, length, width, read)).toEqual(reference.toArray());
      }),
    );
  });

  it('reads zeros from the empty reader (a table too short for the field)', () => {
    expect(copyFixedNumbers(EMPTY_READER, 0, 3, 8, readF64)).toEqual([0, 0, 0]);
  });
});

describe('fixedNumbers', () => {
  const ARRAYS = [Uint8Array, Int8Array, Uint16Array, Int16Array, Uint32Array, Int32Array, Float32Array, Float64Array] as const;

  it('reads what the fixed array\'s SliceView reads, in the message or partly or wholly outside it, at any alignment', () => {
    fc.assert(
      fc.property(fixedArrays, ({ r, kind, offset, length, width, read, reference }) => {
        const view = fixedNumbers<Exclude<NumericArray, BigInt64Array | BigUint64Array>>(r, offset, length, width, read);
        const expected = reference.toArray();
        expect(view.length).toBe(length);
        expect(Array.from({ length: length + 2 }, (_, i) => view.at(i - 1))).toEqual(Array.from({ length: length + 2 }, (_, i) => reference.at(i - 1)));
        expect(view.toArray()).toEqual(expected);
        expect([...view]).toEqual(expected);
        const typed = view.typedArray();
        expect(typed).toBeInstanceOf(ARRAYS[kind]);
        expect(Array.from(typed)).toEqual(expected);
      }),
    );
  });

  it('gives the elements in place where they lie whole in the message, aligned for their type', () => {
    const bytes = new Uint8Array(40);
    const r = new Reader(bytes);
    const view = fixedNumbers<Float64Array>(r, 8, 3, 8, readF64);
    view.typedArray()[1] = 2.5;
    expect(r.f64(16)).toBe(2.5);
    expect(view.at(1)).toBe(2.5);
    const ints = fixedNumbers<Int16Array>(r, 2, 2, 2, readI16);
    ints.typedArray()[0] = -7;
    expect(r.i16(2)).toBe(-7);
  });

  it('reads zeros from the empty reader (a table too short for the field), and copies them', () => {
    const view = fixedNumbers<Float32Array>(EMPTY_READER, 12, 3, 4, readF32);
    expect(view.toArray()).toEqual([0, 0, 0]);
    const typed = view.typedArray();
    expect(typed).toEqual(new Float32Array(3));
    typed[0] = 1;
    expect(view.at(0)).toBe(0);
  });

  it('reads element i at offset + i * elementSize even when that is not the element\'s width', () => {
    const bytes = message([1, 2, 3, 4], 4, (v, at, x) => v.setUint32(at, x, true));
    const r = new Reader(bytes);
    const view = fixedNumbers<Uint32Array>(r, 8, 2, 8, readU32);
    expect(view.toArray()).toEqual([1, 3]);
    expect(Array.from(view.typedArray())).toEqual([1, 3]);
  });
});

describe('Writer.setNumbers', () => {
  it('writes what the one-at-a-time setters write', () => {
    const a = new Writer();
    const b = new Writer();
    const values = [0, 1.5, -2.25, 3e38];
    a.setNumbers(NumberKind.F32, a.reserve(16), values);
    const at = b.reserve(16);
    values.forEach((x, i) => b.setF32(at + 4 * i, x));
    expect(Array.from(a.bytes())).toEqual(Array.from(b.bytes()));
  });

  // Each loop stops at the first element its inline test refuses and hands the
  // rest to the setters: the bytes must be the same wherever that happens.
  it('writes what the setters write for every kind, with slow-path elements anywhere', () => {
    const kinds = [
      [NumberKind.U8, 1, 'setU8', fc.integer({ min: 0, max: 255 })],
      [NumberKind.I8, 1, 'setI8', fc.integer({ min: -128, max: 127 })],
      [NumberKind.U16, 2, 'setU16', fc.integer({ min: 0, max: 65535 })],
      [NumberKind.I16, 2, 'setI16', fc.integer({ min: -32768, max: 32767 })],
      [NumberKind.U32, 4, 'setU32', fc.integer({ min: 0, max: 2 ** 32 - 1 })],
      [NumberKind.I32, 4, 'setI32', fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 })],
      [NumberKind.F32, 4, 'setF32', fc.oneof(fc.float(), fc.constantFrom(NaN, Infinity, -Infinity))],
      [NumberKind.F64, 8, 'setF64', fc.oneof(fc.double(), fc.constantFrom(NaN, -0))],
    ] as const;
    for (const [kind, width, setter, element] of kinds) {
      fc.assert(
        fc.property(fc.array(fc.oneof({ weight: 4, arbitrary: element }, { weight: 1, arbitrary: fc.constant(undefined) }), { maxLength: 40 }), (values) => {
          const a = new Writer();
          const b = new Writer();
          a.setNumbers(kind, a.reserve(width * values.length), values as number[]);
          const at = b.reserve(width * values.length);
          values.forEach((x, i) => (b[setter] as (o: number, v: number) => void)(at + width * i, x as number));
          expect(Array.from(a.bytes())).toEqual(Array.from(b.bytes()));
        }),
        { numRuns: 200 },
      );
    }
  });

  // The four-element loops test the range once, after the loop (the sum of
  // the float32 they stored): floats near the limit must still be written
  // and the first value past it refused, at any place in a group of four, on
  // both loops (typed array and DataView: offset 0 and 1 of an unaligned region).
  it('writes float32 up to the limit and refuses the first value past it, anywhere in a group of four', () => {
    const big = 3.4028234663852886e38; // the largest float32
    const rounds = F32_LIMIT - 2 ** 75; // a double below the limit: rounds to the largest float32
    for (const region of [0, 1]) {
      for (let at = 0; at < 8; at++) {
        const values = [1, -2, 3, 4, big, -big, rounds, big, 5, 6, 7, 8].map((x, i) => (i === at ? -x : x));
        const a = Writer.over(new ArrayBuffer(64), region, 60);
        const b = Writer.over(new ArrayBuffer(64), region, 60);
        a.setNumbers(NumberKind.F32, a.reserve(4 * values.length), values);
        const start = b.reserve(4 * values.length);
        values.forEach((x, i) => b.setF32(start + 4 * i, x));
        expect(Array.from(a.bytes())).toEqual(Array.from(b.bytes()));

        const past = [1, 2, 3, 4, 5, 6, 7, 8];
        past[at] = at % 2 === 0 ? F32_LIMIT : -1e39;
        const c = Writer.over(new ArrayBuffer(64), region, 60);
        expect(() => c.setNumbers(NumberKind.F32, c.reserve(32), past, 'Fs')).toThrow(new RegExp(`^karmem: Fs\\[${at}\\]: \\S+ overflows float32`));
      }
    }
  });

  // float32 goes through a typed array where the element is 4-aligned in the
  // buffer: any region offset, any slice offset, and growth in between.
  it('writes float32 where the setters do, over a region at any offset and from any offset in it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 7 }), fc.integer({ min: 0, max: 7 }), fc.array(fc.oneof(fc.float(), fc.constant(undefined)), { maxLength: 24 }), (region, skip, values) => {
        const a = Writer.over(new ArrayBuffer(128), region, 120);
        const b = Writer.over(new ArrayBuffer(128), region, 120);
        a.reserve(skip);
        b.reserve(skip);
        a.setNumbers(NumberKind.F32, a.reserve(4 * values.length), values as number[]);
        const at = b.reserve(4 * values.length);
        values.forEach((x, i) => b.setF32(at + 4 * i, x as number));
        expect(Array.from(a.bytes())).toEqual(Array.from(b.bytes()));
      }),
      { numRuns: 300 },
    );
  });

  // A writer that wrote float32 before holds its Float32Array: setNumbers then
  // takes its inlined path (an array, `count` given), whose four-at-a-time loop
  // hands the rest to putFloat32sFrom and the setters.
  it('writes what the setters write on the path of a writer that wrote float32 before, from any region and slice offset', () => {
    const element = fc.oneof({ weight: 6, arbitrary: fc.float() }, { weight: 1, arbitrary: fc.constantFrom(undefined, NaN, -Infinity, 3.4028234663852886e38) });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 7 }), fc.integer({ min: 0, max: 7 }), fc.array(element, { maxLength: 24 }), (region, skip, values) => {
        const a = Writer.over(new ArrayBuffer(160), region, 150);
        const b = Writer.over(new ArrayBuffer(160), region, 150);
        a.setNumbers(NumberKind.F32, a.reserve(4), [0.5], 'First', 1);
        b.setF32(b.reserve(4), 0.5);
        a.reserve(skip);
        b.reserve(skip);
        a.setNumbers(NumberKind.F32, a.reserve(4 * values.length), values as number[], 'Fs', values.length);
        const at = b.reserve(4 * values.length);
        values.forEach((x, i) => b.setF32(at + 4 * i, x as number));
        expect(Array.from(a.bytes())).toEqual(Array.from(b.bytes()));
      }),
      { numRuns: 300 },
    );
  });

  it('throws DETACHED when an element\'s getter grows the memory under the inlined float32 path', () => {
    const memory = new WebAssembly.Memory({ initial: 1 });
    const w = Writer.over(memory.buffer, 0, 256);
    w.setNumbers(NumberKind.F32, w.reserve(4), [1], 'First', 1);
    // Eight: the four-at-a-time loop writes them all, and only the test after it sees the grown memory.
    const values = [1, 2, 3, 4, 5, 6, 7, 8];
    Object.defineProperty(values, 5, { get: () => (memory.grow(1), 6) });
    expect(() => w.setNumbers(NumberKind.F32, w.reserve(32), values, 'Fs', values.length)).toThrow(expect.objectContaining({ name: 'KarmemWriteError', code: 'DETACHED' }));
    // Without `count` the same (setNumbersAny's loop).
    const again = Writer.over(memory.buffer, 0, 256);
    again.setNumbers(NumberKind.F32, again.reserve(4), [1], 'First', 1);
    const more = [1, 2, 3, 4, 5, 6, 7, 8, 9];
    Object.defineProperty(more, 2, { get: () => (memory.grow(1), 3) });
    expect(() => again.setNumbers(NumberKind.F32, again.reserve(36), more, 'Fs')).toThrow(expect.objectContaining({ name: 'KarmemWriteError', code: 'DETACHED' }));
  });

  it('refuses the first float32 past the limit on the inlined path, with its index', () => {
    const w = new Writer();
    w.setNumbers(NumberKind.F32, w.reserve(4), [1], 'First', 1);
    for (let at = 0; at < 9; at++) {
      const values = [1, 2, 3, 4, 5, 6, 7, 8, 9];
      values[at] = -1e39;
      expect(() => w.setNumbers(NumberKind.F32, w.reserve(36), values, 'Fs', values.length)).toThrow(new RegExp(`Fs\\[${at}\\]: -1e\\+39 overflows float32`));
    }
  });

  it('writes float32 into the new buffer after the writer grew', () => {
    const w = new Writer(8);
    w.setNumbers(NumberKind.F32, w.reserve(8), [1, 2]);
    w.setNumbers(NumberKind.F32, w.reserve(16), [3, 4, 5, 6]);
    expect(Array.from(new Float32Array(w.bytes().slice().buffer))).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('writes float32 for the length it read first, when an array-like\'s length changes', () => {
    const w = Writer.over(new ArrayBuffer(16));
    const at = w.reserve(8);
    let reads = 0;
    const values = { 0: 1, 1: 2, get length() { return reads++ === 0 ? 2 : 1000; } };
    w.setNumbers(NumberKind.F32, at, values);
    expect(Array.from(new Float32Array(w.buffer, 0, 4))).toEqual([1, 2, 0, 0]);
  });

  it('throws for float32 outside the region or on a detached buffer, as the setters do', () => {
    const w = Writer.over(new ArrayBuffer(16));
    w.reserve(8);
    // Past what was reserved but inside the region: written, as setF32 would.
    w.setNumbers(NumberKind.F32, 8, [7, 8]);
    expect(Array.from(new Float32Array(w.buffer, 8, 2))).toEqual([7, 8]);
    expect(() => w.setNumbers(NumberKind.F32, 12, [1, 2])).toThrow(RangeError);
    expect(() => w.setNumbers(NumberKind.F32, -4, [1])).toThrow(RangeError);
    const memory = new WebAssembly.Memory({ initial: 1 });
    const m = Writer.over(memory.buffer, 0, 64);
    m.setNumbers(NumberKind.F32, m.reserve(8), [1, 2]);
    memory.grow(1);
    expect(() => m.setNumbers(NumberKind.F32, 0, [3, 4])).toThrow(expect.objectContaining({ name: 'KarmemWriteError', code: 'DETACHED' }));
  });

  it('refuses a wrong element with its field and index, as the setters do', () => {
    const w = new Writer();
    const at = w.reserve(8);
    expect(() => w.setNumbers(NumberKind.U16, at, [1, 70000, 2, 3], 'Xs')).toThrow(new KarmemEncodeError('Xs[1]', '70000 is not a uint16 (an integer, 0 to 65535)', 70000));
    expect(() => w.setNumbers(NumberKind.F32, at, [1e39], 'Fs')).toThrow(/Fs\[0\]: 1e\+39 overflows float32/);
    expect(() => w.setNumbers(NumberKind.I8, at, ['1' as unknown as number], 'Is')).toThrow(KarmemEncodeError);
    // After elements the slow path took (undefined is 0), a wrong one is still named.
    expect(() => w.setNumbers(NumberKind.F32, at, [1, undefined as unknown as number, 2e39], 'Fs')).toThrow(/Fs\[2\]: 2e\+39 overflows float32/);
  });
});

describe('Writer.bytes', () => {
  it('reuses its view while the length stays, and follows the length when it changes', () => {
    const w = new Writer();
    w.setU32(w.alloc(4), 7);
    const first = w.bytes();
    w.reset();
    w.setU32(w.alloc(4), 9);
    const again = w.bytes();
    expect(again).toBe(first);
    expect(Array.from(again)).toEqual([9, 0, 0, 0]);
    w.alloc(4);
    expect(w.bytes().length).toBe(8);
  });
});

describe('decodeReader', () => {
  it('is the given Reader itself, else one shared reader pointed at the bytes', () => {
    const own = new Reader(new Uint8Array([1, 2, 3, 4]));
    expect(decodeReader(own)).toBe(own);
    const first = decodeReader(new Uint8Array([5, 0, 0, 0]));
    expect(first.u32(0)).toBe(5);
    const second = decodeReader(new Uint8Array([6, 0, 0, 0, 0]));
    expect(second).toBe(first);
    expect([second.length, second.u32(0)]).toEqual([5, 6]);
  });
});
