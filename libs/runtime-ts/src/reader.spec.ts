import fc from 'fast-check';
import { hex, wasmMemory } from '../test/helpers';
import { chargeString, closeDecode, copyString, openDecode } from './views';
import { KarmemLimitError } from './limits';
import { Reader } from './reader';

type Primitive = 'u8' | 'i8' | 'bool' | 'u16' | 'i16' | 'u32' | 'i32' | 'u64' | 'i64' | 'f32' | 'f64';

const PRIMITIVES: ReadonlyArray<readonly [Primitive, number, unknown]> = [
  ['u8', 1, 0],
  ['i8', 1, 0],
  ['bool', 1, false],
  ['u16', 2, 0],
  ['i16', 2, 0],
  ['u32', 4, 0],
  ['i32', 4, 0],
  ['u64', 8, 0n],
  ['i64', 8, 0n],
  ['f32', 4, 0],
  ['f64', 8, 0],
];

/** The value DataView reads, for comparison. */
function viaDataView(bytes: Uint8Array, kind: Primitive, offset: number): unknown {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  switch (kind) {
    case 'u8': return v.getUint8(offset);
    case 'i8': return v.getInt8(offset);
    case 'bool': return v.getUint8(offset) !== 0;
    case 'u16': return v.getUint16(offset, true);
    case 'i16': return v.getInt16(offset, true);
    case 'u32': return v.getUint32(offset, true);
    case 'i32': return v.getInt32(offset, true);
    case 'u64': return v.getBigUint64(offset, true);
    case 'i64': return v.getBigInt64(offset, true);
    case 'f32': return v.getFloat32(offset, true);
    case 'f64': return v.getFloat64(offset, true);
  }
}

describe('Reader primitives', () => {
  // Offset 1: values are not aligned in Karmem.
  it.each([
    ['u8', '00 ab', 0xab],
    ['i8', '00 fe', -2],
    ['bool', '00 02', true],
    ['bool', '00 00', false],
    ['u16', '00 3412', 0x1234],
    ['i16', '00 feff', -2],
    ['u32', '00 efbeadde', 0xdeadbeef],
    ['i32', '00 feffffff', -2],
    ['u64', '00 ffffffffffffffff', 0xffffffffffffffffn],
    ['u64', '00 0100000000002000', 9007199254740993n],
    ['i64', '00 feffffffffffffff', -2n],
    ['f32', '00 0000c03f', 1.5],
    ['f64', '00 000000000000f83f', 1.5],
  ] as const)('%s reads %s', (kind, bytes, expected) => {
    expect(new Reader(hex(bytes))[kind](1)).toBe(expected);
  });

  it.each(PRIMITIVES)('%s returns its default when the value does not fit', (kind, size, fallback) => {
    const bytes = new Uint8Array(16).fill(0xff);
    const r = new Reader(bytes.subarray(4, 12)); // 8 bytes, 0xff on both sides
    expect(r[kind](8 - size)).not.toEqual(fallback); // the last value that fits
    for (const offset of [8 - size + 1, 8, 9, -1, -size, 2 ** 32 - 1, 2 ** 32, 2 ** 53, NaN, Infinity, -Infinity]) {
      expect(r[kind](offset)).toBe(fallback);
    }
  });

  it('reads relative to a view, never the bytes around it', () => {
    const all = hex('ffffffff 01020304 ffffffff');
    const r = new Reader(all.subarray(4, 8));
    expect(r.length).toBe(4);
    expect(r.u32(0)).toBe(0x04030201);
    expect(r.u8(4)).toBe(0);
    expect(r.u32(1)).toBe(0);
    expect(r.bytes(0, 4)).toEqual(hex('01020304'));
  });

  it('fuzz: never throws, returns defaults out of bounds and DataView values inside', () => {
    const offset = fc.oneof(
      fc.integer({ min: -16, max: 80 }),
      fc.integer({ min: 0, max: 2 ** 32 + 8 }),
      fc.constantFrom(2 ** 31 - 1, 2 ** 32 - 4, 2 ** 53, -(2 ** 31)),
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fc.nat(8), offset, (bytes, pad, at) => {
        const backing = new Uint8Array(bytes.length + 2 * pad).fill(0xee);
        backing.set(bytes, pad);
        const r = new Reader(backing.subarray(pad, pad + bytes.length));
        for (const [kind, size, fallback] of PRIMITIVES) {
          const got = r[kind](at);
          if (at >= 0 && at + size <= bytes.length) expect(got).toEqual(viaDataView(bytes, kind, at));
          else expect(got).toBe(fallback);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('fuzz: ranged reads never throw and are empty out of bounds', () => {
    const n = fc.oneof(fc.integer({ min: -8, max: 72 }), fc.integer({ min: 0, max: 2 ** 32 + 8 }));
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), n, n, fc.nat(64), (bytes, at, size, limit) => {
        const r = new Reader(bytes);
        const fits = at >= 0 && size >= 0 && at + size <= bytes.length;
        expect(r.inBounds(at, size)).toBe(fits);
        expect(r.bytes(at, size)).toEqual(fits ? bytes.subarray(at, at + size) : new Uint8Array(0));
        expect(typeof r.utf8(at, size)).toBe('string');
        if (!fits) expect(r.utf8(at, size)).toBe('');
        if (!fits) expect(r.utf8Valid(at, size)).toBe(false);
        const packedSize = r.tableSize(at, true);
        const size8 = r.tableSize(at, false);
        expect(at + packedSize <= bytes.length || packedSize === 0).toBe(true);
        expect(at + size8 <= bytes.length || size8 === 0).toBe(true);
        const s = r.sliceSize(at);
        expect(s === 0 || (r.u32(at) + s <= bytes.length && at + 8 <= bytes.length)).toBe(true);
        expect(r.sliceLength(at, 3, limit)).toBeLessThanOrEqual(limit);
        expect(typeof r.string(at, limit)).toBe('string');
        const dst = new Uint16Array(size >= 0 && size < 40 ? size : 3);
        expect(r.readInto(at, dst)).toBe(r.inBounds(at, dst.byteLength));
      }),
      { numRuns: 500 },
    );
  });
});

describe('Reader ranges', () => {
  it('inBounds computes offset + size without 32-bit wrap-around', () => {
    const r = new Reader(new Uint8Array(16));
    expect(r.inBounds(0, 16)).toBe(true);
    expect(r.inBounds(16, 0)).toBe(true);
    expect(r.inBounds(16, 1)).toBe(false);
    expect(r.inBounds(0xfffffff0, 0x20)).toBe(false); // (a + b) | 0 would be 0x10
    expect(r.inBounds(4, 0xffffffff)).toBe(false);
    expect(r.inBounds(-1, 1)).toBe(false);
    expect(r.inBounds(1, -1)).toBe(false);
  });

  it('bytes() is a view into the message, not a copy', () => {
    const data = hex('0102030405');
    const view = new Reader(data).bytes(1, 3);
    expect(view).toEqual(hex('020304'));
    data[2] = 9;
    expect(view[1]).toBe(9);
  });

  it('readInto copies little-endian elements, or zeroes the target out of bounds', () => {
    const r = new Reader(hex('00 0000c03f 000000c0 ff'));
    const f = new Float32Array(2);
    expect(r.readInto(1, f)).toBe(true);
    expect(Array.from(f)).toEqual([1.5, -2]);
    expect(r.readInto(3, f)).toBe(false);
    expect(Array.from(f)).toEqual([0, 0]);
    const b = new BigInt64Array(1);
    expect(r.readInto(1, b)).toBe(true);
    expect(b[0]).toBe(-0x3fffffffc0400000n);
  });
});

describe('Reader.utf8', () => {
  it('decodes short and long strings in place', () => {
    const text = 'Grüße, 世界 👋🏽 — ✓ "quoted" \\ tab\tend';
    const bytes = new TextEncoder().encode(text);
    const r = new Reader(bytes);
    expect(r.utf8(0, bytes.length)).toBe(text);
    expect(r.utf8(0, 4)).toBe('Grü');
    expect(r.utf8(0, 5)).toBe('Grü\ufffd'); // cut inside 'ß'
    expect(r.utf8(0, bytes.length + 1)).toBe('');
  });

  it('replaces invalid bytes with U+FFFD instead of throwing', () => {
    expect(new Reader(hex('61 ff 62 e2 82')).utf8(0, 5)).toBe('a\ufffdb\ufffd');
  });

  it('utf8Valid is strict', () => {
    const r = new Reader(hex('61 e282ac 62 c0af eda080'));
    expect(r.utf8Valid(0, 5)).toBe(true);
    expect(r.utf8Valid(0, 3)).toBe(false); // cut inside '€'
    expect(r.utf8Valid(5, 2)).toBe(false); // overlong '/'
    expect(r.utf8Valid(7, 3)).toBe(false); // encoded surrogate
    expect(r.utf8Valid(0, 0)).toBe(true);
    expect(r.utf8Valid(9, 2)).toBe(false); // out of bounds
  });
});

describe('Reader format rules', () => {
  it('tableSize: the minimum size, then the declared size, must fit', () => {
    expect(new Reader(hex('060000000900')).tableSize(0, false)).toBe(0); // 6 bytes < 8
    expect(new Reader(hex('060000000900')).tableSize(0, true)).toBe(6);
    expect(new Reader(hex('0800000009000000')).tableSize(0, false)).toBe(8);
    expect(new Reader(hex('09000000 09000000')).tableSize(0, true)).toBe(0); // declares 9 of 8
    expect(new Reader(hex('0d000000 00000000 00000000 00')).tableSize(0, true)).toBe(13);
    expect(new Reader(hex('000000')).tableSize(0, true)).toBe(0);
    expect(new Reader(hex('02000000')).tableSize(0, true)).toBe(2); // readable, but no field fits
    expect(new Reader(hex('ffffffff 04000000')).tableSize(4, true)).toBe(4); // a table that ends the message
    expect(new Reader(hex('ffffffff 05000000')).tableSize(4, true)).toBe(0);
  });

  it('sliceSize: header and payload must be inside the message', () => {
    // header at 0: offset 8, size 4; payload 'abcd'
    const ok = hex('08000000 04000000 61626364');
    const r = new Reader(ok);
    expect(r.sliceSize(0)).toBe(4);
    expect(r.slice(0)).toEqual({ offset: 8, size: 4 });
    expect(r.string(0)).toBe('abcd');
    expect(r.sliceSize(5)).toBe(0); // header cut by the end
    expect(new Reader(hex('08000000 05000000 61626364')).sliceSize(0)).toBe(0);
    expect(new Reader(hex('fcffffff 08000000 00000000')).sliceSize(0)).toBe(0); // wraps in 32 bits
    expect(new Reader(hex('0c000000 00000000 00000000')).sliceSize(0)).toBe(0); // empty, at the end
    expect(new Reader(hex('0d000000 00000000 00000000')).slice(0)).toEqual({ offset: 0, size: 0 });
  });

  it('sliceLength: floor(size / elementSize), clamped to the limit', () => {
    const r = new Reader(hex('08000000 0b000000 0102030405060708090a0b'));
    expect(r.sliceLength(0, 1)).toBe(11);
    expect(r.sliceLength(0, 4)).toBe(2);
    expect(r.sliceLength(0, 12)).toBe(0);
    expect(r.sliceLength(0, 2, 3)).toBe(3);
    expect(r.sliceLength(0, 2, 8)).toBe(5);
  });

  it('string: a limited string is clamped after its full size is checked', () => {
    // The conformance case limit-overflow-utf8-boundary: [<8]char holding 'ab€cdef-more'.
    const r = new Reader(hex('08000000 0e000000 6162e282ac636465662d6d6f7265'));
    expect(r.string(0, 8)).toBe('ab€cde');
    expect(r.string(0)).toBe('ab€cdef-more');
    expect(r.string(0, 3)).toBe('ab\ufffd'); // a cut sequence reads as U+FFFD, like TextDecoder
    const tooLong = new Reader(hex('08000000 0f000000 6162e282ac636465662d6d6f7265'));
    expect(tooLong.string(0, 8)).toBe('');
  });
});

describe('Reader for decoders that check their own bounds', () => {
  /** A message of random bytes at a random place in its buffer, a slice header anywhere in or around it. */
  const slices = fc
    .tuple(fc.uint8Array({ maxLength: 48 }), fc.integer({ min: 0, max: 7 }), fc.integer({ min: -2, max: 50 }), fc.integer({ min: 0, max: 40 }), fc.oneof(fc.constant(Infinity), fc.integer({ min: 0, max: 12 })))
    .map(([payload, base, header, offset, limit]) => {
      const bytes = new Uint8Array(base + Math.max(payload.length, header + 8, 0)).subarray(base);
      bytes.set(payload);
      if (header >= 0 && header + 8 <= payload.length) new DataView(bytes.buffer, bytes.byteOffset).setUint32(header, offset, true);
      return { r: new Reader(bytes.subarray(0, payload.length)), header, limit };
    });

  it('uint8Array: the whole buffer, the message from byteOffset in it', () => {
    const buffer = new Uint8Array(32).map((_, i) => i);
    const r = new Reader(buffer.subarray(5, 20));
    expect(r.uint8Array.length).toBe(32);
    expect(r.uint8Array[r.byteOffset]).toBe(5);
    expect(r.uint8Array.buffer).toBe(buffer.buffer);
  });

  it('payloadOffset: the header\'s first word, where sliceSize found the slice', () => {
    fc.assert(
      fc.property(slices, ({ r, header }) => {
        if (r.sliceSize(header) > 0) expect(r.payloadOffset(header)).toBe(r.slice(header).offset);
      }),
    );
  });

  it('chargeString is copyString\'s size: clamped to the limit, charged, its bytes in the message', () => {
    fc.assert(
      fc.property(slices, ({ r, header, limit }) => {
        const size = chargeString(r, header, limit);
        expect(copyString(r, header, limit)).toBe(r.string(header, limit));
        expect(size).toBe(Math.min(r.sliceSize(header), limit));
        if (size > 0) {
          const at = r.payloadOffset(header);
          expect(r.inBounds(at, size)).toBe(true);
          const start = r.byteOffset + at;
          expect([...r.uint8Array.subarray(start, start + size)]).toEqual([...r.bytes(at, size)]);
        }
        openDecode(r, { budget: size });
        try {
          chargeString(r, header, limit);
          if (size > 0) expect(() => chargeString(r, header, limit)).toThrow(KarmemLimitError);
        } finally {
          closeDecode();
        }
      }),
    );
  });
});

describe('Reader reads for viewers: unchecked positions, and the table checked once', () => {
  it('xAt reads at byteOffset + offset in the whole buffer, as a DataView does', () => {
    const buffer = Uint8Array.from({ length: 64 }, (_, i) => (i * 37 + 11) & 0xff);
    const r = new Reader().resetAt(buffer.buffer, 16, 24);
    for (const [kind, width] of PRIMITIVES) {
      for (const offset of [0, 3, 24 - width]) {
        const read = (r as unknown as Record<string, (at: number) => unknown>)[`${kind}At`]!.call(r, r.byteOffset + offset);
        expect([kind, offset, read]).toEqual([kind, offset, viaDataView(buffer, kind, 16 + offset)]);
      }
    }
    // Unchecked against the message (the caller checked), but the buffer's end is the DataView's.
    expect(r.u8At(0)).toBe(buffer[0]);
    expect(() => r.u32At(62)).toThrow(RangeError);
  });

  const ends = [8, 9, 10, 12, 16];

  it('tableReader: the reader itself when the table holds every scalar and lies in the message', () => {
    const r = new Reader(hex('00000000 10000000 0102030405060708 090a0b0c'));
    expect(r.tableReader(4, 16, ends)).toBe(r);
    expect(r.tableReader(4, 20, ends)).not.toBe(r); // declares more than the message holds: unreadable
  });

  it('tableReader: a copy of the scalars a short table holds whole, zeros after (a field cut by the size is missing)', () => {
    const message = hex('0b000000 aabbccdd 0102 ffff ffff');
    const r = new Reader(message);
    const table = r.tableReader(0, 11, ends);
    expect(table).not.toBe(r);
    // Bytes [0, 10) held whole (up to end 10); the byte at 10 is cut from the field [10, 12).
    expect([...table.bytes(0, table.length)]).toEqual([11, 0, 0, 0, 0xaa, 0xbb, 0xcc, 0xdd, 1, 2, 0, 0, 0, 0, 0, 0]);
    expect(table.byteOffset).toBe(0);
    message.fill(0); // a copy: the message changing does not move it
    expect(table.u32At(4)).toBe(0xddccbbaa);
  });

  it('tableReader: one shared reader of zeros for a table that cannot be read or holds no scalar whole', () => {
    const r = new Reader(hex('07000000 aabbccdd 01'));
    const none = r.tableReader(0, 7, ends);
    expect(none).toBe(r.tableReader(0, 0, ends));
    expect(none).toBe(r.tableReader(-4, 8, ends));
    expect(none).toBe(new Reader().tableReader(0, 100, ends));
    expect(none.length).toBeGreaterThanOrEqual(16);
    expect([...none.bytes(0, none.length)].every((b) => b === 0)).toBe(true);
    // A schema with a larger table gets a larger one, still all zeros.
    const large = r.tableReader(0, 0, [5000]);
    expect(large.length).toBeGreaterThanOrEqual(5000);
    expect(large.u32At(4996)).toBe(0);
  });

  it('tableReader fuzz: every scalar reads as the checked reads give it (its value inside the size, 0 past it)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 40 }), fc.integer({ min: -4, max: 44 }), fc.integer({ min: -4, max: 44 }), (bytes, offset, size) => {
        const r = new Reader(bytes);
        const table = r.tableReader(offset, size, ends);
        const at = table === r ? r.byteOffset + offset : 0;
        const inside = r.inBounds(offset, size);
        for (const end of ends) {
          const width = end === 8 ? 4 : end - (ends[ends.indexOf(end) - 1] ?? 0);
          const read = width === 1 ? table.u8At(at + end - 1) : width === 2 ? table.u16At(at + end - 2) : table.u32At(at + end - 4);
          const checked = inside && end <= size ? (width === 1 ? r.u8(offset + end - 1) : width === 2 ? r.u16(offset + end - 2) : r.u32(offset + end - 4)) : 0;
          expect(read).toBe(checked);
        }
      }),
      { numRuns: 3000 },
    );
  });
});

describe('Reader reuse and WebAssembly memory', () => {
  it('reset() and resetAt() point the same reader at other messages', () => {
    const r = new Reader();
    expect(r.length).toBe(0);
    expect(r.u32(0)).toBe(0);
    const buffer = hex('01000000 02000000 03000000').buffer;
    expect(r.resetAt(buffer, 4, 8).u32(0)).toBe(2);
    expect(r.resetAt(buffer, 8, 4).u32(0)).toBe(3);
    expect(r.u32(4)).toBe(0);
    expect(r.reset(new Uint8Array(buffer, 0, 4)).u32(0)).toBe(1);
  });

  it.each([
    [-1, 4],
    [0, 13],
    [10, 4],
    [1.5, 2],
    [0, NaN],
    [2 ** 32, 0],
  ])('resetAt(%p, %p) outside the buffer reads as an empty message', (offset, length) => {
    const r = new Reader().resetAt(new ArrayBuffer(12), offset, length);
    expect(r.length).toBe(0);
    expect(r.u8(0)).toBe(0);
  });

  it('reads a message in WebAssembly memory, and again after memory.grow', () => {
    const memory = wasmMemory(1, { maximum: 3 });
    new Uint8Array(memory.buffer).set(hex('0c000000 2a000000 63617473'), 4096);
    const r = new Reader().resetAt(memory.buffer, 4096, 12);
    expect(r.tableSize(0, false)).toBe(12);
    const old = new Uint8Array(memory.buffer, 4096, 12);
    memory.grow(1);
    // A detached buffer never throws: it reads as an empty message.
    expect(new Reader(old).length).toBe(0);
    expect(r.resetAt(memory.buffer, 4096, 12).u32(4)).toBe(42);
    expect(r.utf8(8, 4)).toBe('cats');
  });

  it.each([
    ['a resizable ArrayBuffer', () => new (ArrayBuffer as unknown as new (n: number, o: object) => ArrayBuffer & { resize(n: number): void })(0, { maxByteLength: 64 })],
    ['a growable SharedArrayBuffer', () => new (SharedArrayBuffer as unknown as new (n: number, o: object) => SharedArrayBuffer & { grow(n: number): void })(0, { maxByteLength: 64 })],
  ])('reads %s that was empty when first seen, once it has grown', (_name, make) => {
    const buffer = make();
    const r = new Reader(new Uint8Array(buffer));
    expect(r.length).toBe(0);
    if ('resize' in buffer) buffer.resize(8);
    else (buffer as unknown as { grow(n: number): void }).grow(8);
    new DataView(buffer).setUint32(4, 42, true);
    r.reset(new Uint8Array(buffer));
    expect([r.length, r.u32(4)]).toEqual([8, 42]);
  });

  // Before, text past the new end read as U+FFFD and bytes as a view cut short, with no error.
  it('throws on text and bytes of a resizable buffer shrunk under it, as its DataView reads do', () => {
    const buffer = new (ArrayBuffer as unknown as new (n: number, o: object) => ArrayBuffer & { resize(n: number): void })(20, { maxByteLength: 64 });
    const all = new Uint8Array(buffer);
    all.set(hex('10000000 0c000000 04000000')); // a table whose string header (at 4) points at 'cats' (at 12)
    all.set(new TextEncoder().encode('cats'), 12);
    const r = new Reader(all.subarray(0, 16));
    expect([r.string(4), r.utf8(12, 4), r.utf8Valid(12, 4), [...r.bytes(12, 4)]]).toEqual(['cats', 'cats', true, [99, 97, 116, 115]]);
    buffer.resize(14);
    const gone = /^karmem: the message's ArrayBuffer was detached or shrunk since the reader was reset/;
    expect(() => r.string(4)).toThrow(gone);
    expect(() => r.utf8(12, 4)).toThrow(gone);
    expect(() => r.utf8Valid(12, 4)).toThrow(gone);
    expect(() => r.bytes(12, 4)).toThrow(gone);
    expect(() => r.u32(12)).toThrow(RangeError);
    // What still lies inside the buffer reads as before; reset over it, the message is what is left.
    expect(r.utf8(12, 2)).toBe('ca');
    expect(new Reader(new Uint8Array(buffer)).length).toBe(14);
  });

  it('reads only a Uint8Array (a Buffer is one): anything else is a TypeError, not a message read wrong', () => {
    expect(new Reader(Buffer.from([4, 0, 0, 0])).u32(0)).toBe(4);
    for (const bad of [new Float64Array(2), new ArrayBuffer(8), new DataView(new ArrayBuffer(8)), [1, 2, 3], 'abc', null, 42]) {
      expect(() => new Reader(bad as unknown as Uint8Array)).toThrow(TypeError);
      expect(() => new Reader().reset(bad as unknown as Uint8Array)).toThrow(/^karmem: a message is read from a Uint8Array, not /);
    }
  });
});
