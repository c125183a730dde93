import { expectEncodeError } from '../test/encode-errors';
import { toHex, wasmMemory } from '../test/helpers';
import { KarmemEncodeError, within } from './encode-checks';
import { KarmemWriteError } from './errors';
import { encodeFailure, writeByteArray, writeByteSlice, writeString } from './slices';
import { Writer } from './writer';

type Setter = (w: Writer, value: unknown) => void;
const as = (f: (w: Writer, v: never) => void): Setter => f as Setter;

// Per wire type: values that must be refused, and extremes that must round-trip.
const CASES: Array<{ name: string; set: Setter; read: (d: DataView) => unknown; bad: unknown[]; good: unknown[] }> = [
  { name: 'uint8', set: as((w, v) => w.setU8(0, v, 'F')), read: (d) => d.getUint8(0), bad: [256, -1, 1.5, NaN, Infinity, null, 'far', '1', 1n, true, {}], good: [0, 255] },
  { name: 'int8', set: as((w, v) => w.setI8(0, v, 'F')), read: (d) => d.getInt8(0), bad: [128, 200, -129, 0.5, NaN, null], good: [-128, 127] },
  { name: 'uint16', set: as((w, v) => w.setU16(0, v, 'F')), read: (d) => d.getUint16(0, true), bad: [65536, 70000, -1, 2.5, -Infinity], good: [0, 65535] },
  { name: 'int16', set: as((w, v) => w.setI16(0, v, 'F')), read: (d) => d.getInt16(0, true), bad: [32768, -32769, 0.1], good: [-32768, 32767] },
  { name: 'uint32', set: as((w, v) => w.setU32(0, v, 'F')), read: (d) => d.getUint32(0, true), bad: [2 ** 32 + 5, 2 ** 32, -1, 1.5, NaN], good: [0, 2 ** 32 - 1] },
  { name: 'int32', set: as((w, v) => w.setI32(0, v, 'F')), read: (d) => d.getInt32(0, true), bad: [2 ** 31, -(2 ** 31) - 1, 0.5], good: [-(2 ** 31), 2 ** 31 - 1] },
  {
    name: 'uint64',
    set: as((w, v) => w.setU64(0, v, 'F')),
    read: (d) => d.getBigUint64(0, true),
    bad: [2n ** 64n, -1n, -1, 2 ** 53, 1.5, '5', null, NaN],
    good: [0n, 2n ** 64n - 1n],
  },
  {
    name: 'int64',
    set: as((w, v) => w.setI64(0, v, 'F')),
    read: (d) => d.getBigInt64(0, true),
    bad: [2n ** 63n, -(2n ** 63n) - 1n, 2 ** 53, 0.5, 'x'],
    good: [-(2n ** 63n), 2n ** 63n - 1n],
  },
  { name: 'float32', set: as((w, v) => w.setF32(0, v, 'F')), read: (d) => d.getFloat32(0, true), bad: [1e39, -1e39, 3.4028235677973366e38, '1', null, 1n], good: [3.4028234663852886e38, -3.4028234663852886e38, 1.401298464324817e-45, Infinity, -Infinity] },
  { name: 'float64', set: as((w, v) => w.setF64(0, v, 'F')), read: (d) => d.getFloat64(0, true), bad: ['1', null, 1n, true], good: [Number.MAX_VALUE, -Number.MIN_VALUE, Infinity] },
  { name: 'bool', set: as((w, v) => w.setBool(0, v, 'F')), read: (d) => d.getUint8(0) === 1, bad: ['false', 0, 1, null], good: [true, false] },
];

describe('Writer setters check values', () => {
  for (const c of CASES) {
    it(`${c.name}: refuses wrong values with the field named, writing nothing`, () => {
      for (const value of c.bad) {
        const w = new Writer(16);
        w.alloc(8);
        const before = toHex(w.bytes());
        const error = expectEncodeError(() => c.set(w, value), 'F');
        expect(error.value).toBe(value);
        expect(error.message).toMatch(/^karmem: F: /);
        expect(toHex(w.bytes())).toBe(before);
      }
    });
    it(`${c.name}: writes the extremes exactly, and undefined as the default`, () => {
      for (const value of c.good) {
        const w = new Writer(16);
        w.alloc(8);
        c.set(w, value);
        expect(c.read(new DataView(w.bytes().buffer))).toBe(value);
      }
      const w = new Writer(16);
      w.alloc(8).toString();
      new Uint8Array(w.buffer).fill(0xff, 0, 8);
      c.set(w, undefined);
      expect(toHex(w.bytes().subarray(0, 1))).toBe('00');
    });
  }

  it('64-bit setters take safe integer numbers too', () => {
    const w = new Writer(16);
    w.alloc(16);
    w.setU64(0, 2 ** 53 - 1);
    w.setI64(8, -(2 ** 53 - 1));
    const d = new DataView(w.bytes().buffer);
    expect(d.getBigUint64(0, true)).toBe(2n ** 53n - 1n);
    expect(d.getBigInt64(8, true)).toBe(-(2n ** 53n - 1n));
  });

  it('NaN is a float; an f32 that rounds to a finite value is accepted', () => {
    const w = new Writer(16);
    w.alloc(8);
    w.setF32(0, NaN);
    expect(Number.isNaN(new DataView(w.bytes().buffer).getFloat32(0, true))).toBe(true);
    w.setF32(0, 3.4028235e38); // rounds down to the largest float32
    expect(new DataView(w.bytes().buffer).getFloat32(0, true)).toBe(3.4028234663852886e38);
  });

  it('names the element index when given one, and shows the value', () => {
    const w = new Writer(16);
    w.alloc(8);
    expectEncodeError(() => w.setU16(0, 70000, 'Ps', 3), 'Ps[3]', '70000 is not a uint16');
    expectEncodeError(() => w.setU8(0, 300), '', 'karmem: 300 is not a uint8');
  });
});

describe('KarmemEncodeError paths', () => {
  it('builds the path outward: field, index, root', () => {
    const error = new KarmemEncodeError('', 'bad', 1).within('X');
    within(error, 'Ps', 3);
    within(error, 'All');
    expect(error.path).toBe('All.Ps[3].X');
    expect(error.message).toBe('karmem: All.Ps[3].X: bad');
    const other = new TypeError('t');
    expect(within(other, 'All')).toBe(other);
  });
});

describe('bytes', () => {
  it('appendBytes takes an array of 0..255 and keeps the writer sound', () => {
    const w = new Writer(8);
    expect(w.appendBytes([1, 2])).toBe(0);
    expect(w.length).toBe(2);
    expect(w.alloc(4)).toBe(2);
    expect(toHex(w.bytes())).toBe('010200000000');
    expectEncodeError(() => w.appendBytes([1, 256]), '[1]', '256 is not a byte');
    expectEncodeError(() => w.appendBytes('ab' as never), '', 'is not bytes');
    expect(w.length).toBe(6);
  });

  it('[N]byte: a plain array is written, not zeros; more than N is refused', () => {
    const w = new Writer(8);
    w.alloc(4);
    writeByteArray(w, 0, [1, 2, 3, 4] as never, 4, 'Id');
    expect(toHex(w.bytes())).toBe('01020304');
    expectEncodeError(() => writeByteArray(w, 0, new Uint8Array(5), 4, 'Id'), 'Id', '5 elements given, the array holds 4');
  });

  it('[]byte: arrays and Uint8Arrays, limits, and wrong values', () => {
    const w = new Writer(64);
    w.alloc(8);
    writeByteSlice(w, 0, [7, 8, 9] as never, true, 'B');
    expect(toHex(w.bytes())).toBe('0800000003000000070809');
    expectEncodeError(() => writeByteSlice(w, 0, 'abc' as never, true, 'B'), 'B', 'is not bytes');
    expectEncodeError(() => writeByteSlice(w, 0, [1, -1] as never, true, 'B'), 'B[1]');
    expectEncodeError(() => writeByteSlice(w, 0, new Uint8Array(3), true, 'B', 2), 'B', 'the limit is 2');
    expect(w.length).toBe(11);
  });
});

describe('strings', () => {
  it('refuses non-strings and strings past a [<N]char limit (in UTF-8 bytes), writing nothing', () => {
    const w = new Writer(64);
    w.alloc(8);
    expectEncodeError(() => writeString(w, 0, 5 as never, true, 'S'), 'S', '5 is not a string');
    expectEncodeError(() => writeString(w, 0, 'abcdef', true, 'S', 4), 'S', '6 bytes of UTF-8, the limit is 4');
    expectEncodeError(() => writeString(w, 0, 'ééé', true, 'S', 4), 'S', 'the limit is 4');
    expect(w.length).toBe(8);
    writeString(w, 0, 'abcd', true, 'S', 4);
    writeString(w, 0, 'éé', true, 'S', 4);
    expect(w.length).toBe(16);
  });

  it('writes a lone surrogate as U+FFFD, and undefined as the empty string', () => {
    const w = new Writer(64);
    w.alloc(8);
    writeString(w, 0, '\ud800', true, 'S');
    expect(toHex(w.bytes().subarray(8))).toBe('efbfbd');
    writeString(w, 0, undefined as never, true, 'S');
    expect(toHex(w.bytes().subarray(0, 8))).toBe('0b00000000000000');
  });
});

describe('detached buffers', () => {
  it('every Writer call gives DETACHED after memory.grow (alloc no longer returns 0)', () => {
    const memory = wasmMemory(1, { maximum: 2 });
    const w = Writer.over(memory.buffer, 0, 1024);
    w.alloc(8);
    memory.grow(1);
    expect(w.detached).toBe(true);
    const calls: Array<() => unknown> = [
      () => w.alloc(8),
      () => w.reset(),
      () => w.bytes(),
      () => w.appendUtf8('x'),
      () => w.appendBytes(new Uint8Array(2)),
      () => w.writeBytes(0, new Uint8Array(2)),
    ];
    for (const call of calls) expect(call).toThrow(expect.objectContaining({ name: 'KarmemWriteError', code: 'DETACHED' }));
    // Setters meet the DataView's TypeError; encodeFailure (the generated encoders' catch) names it DETACHED.
    let caught: unknown;
    try {
      w.setU32(0, 1);
    } catch (e) {
      caught = encodeFailure(w, e, 'Root');
    }
    expect(caught).toBeInstanceOf(KarmemWriteError);
    expect((caught as KarmemWriteError).code).toBe('DETACHED');
  });

  it('encodeFailure empties the writer and adds the root to a value error', () => {
    const w = new Writer(16);
    w.alloc(8);
    const error = encodeFailure(w, new KarmemEncodeError('X', 'bad'), 'Root') as KarmemEncodeError;
    expect(error.path).toBe('Root.X');
    expect(w.length).toBe(0);
  });
});

describe('writer state stays sound', () => {
  it('bad sizes and offsets are RangeErrors, and length never becomes NaN', () => {
    const w = new Writer(16);
    w.alloc(4);
    for (const size of [NaN, -1, 1.5, undefined as never]) expect(() => w.alloc(size)).toThrow(expect.objectContaining({ name: 'RangeError' }));
    for (const offset of [NaN, -1]) expect(() => w.writeBytes(offset, new Uint8Array(1))).toThrow(expect.objectContaining({ name: 'RangeError' }));
    expect(w.length).toBe(4);
    expect(w.alloc(2)).toBe(4);
  });
});
