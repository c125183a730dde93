// Typed arrays that lie about themselves, given to the encode path: an own
// `length` (or `byteLength`, `byteOffset`, `buffer`) property, a subclass's
// getter, a Proxy around one, one whose buffer was detached. The writer
// measures them as the engine knows them, or refuses them with a
// KarmemEncodeError naming the field; it never writes past what it reserved.
// And every encode error a Writer or slice helper throws names the field it
// was given.
import { expectEncodeError } from '../test/encode-errors';
import { toHex, wasmMemory } from '../test/helpers';
import { countOf, describeValue } from './encode-checks';
import { setSliceHeader, writeByteArray, writeByteSlice } from './slices';
import { NumberKind, Reader } from './reader';
import { mayGrowUnderUs } from './typed';
import { Writer } from './writer';

const SENTINEL = 0xee;
const REGION_AT = 8;
const REGION_SIZE = 40;

/** A writer over [8, 48) of a 64-byte buffer of sentinels, with an 8-byte header reserved (zeroed) at the region start. */
function sentinelWriter(): { all: Uint8Array; w: Writer } {
  const all = new Uint8Array(64).fill(SENTINEL);
  const w = Writer.over(all.buffer, REGION_AT, REGION_SIZE);
  w.alloc(8);
  return { all, w };
}

/** Every byte of the buffer past what the writer reserved (in its region and after it) is still a sentinel. */
function expectNothingPastReservation(all: Uint8Array, w: Writer): void {
  expect(toHex(all.subarray(0, REGION_AT))).toBe('ee'.repeat(REGION_AT));
  const end = REGION_AT + w.length;
  expect(toHex(all.subarray(end))).toBe('ee'.repeat(all.length - end));
}

/** The packed slice header at the region start: [offset, size]. */
function header(all: Uint8Array): [number, number] {
  const d = new DataView(all.buffer, REGION_AT, 8);
  return [d.getUint32(0, true), d.getUint32(4, true)];
}

function withLength<T extends object>(array: T, length: number): T {
  Object.defineProperty(array, 'length', { value: length });
  return array;
}

/** A Uint8Array whose `length` getter says 1 whatever it holds, and counts its calls. */
class ShortUint8Array extends Uint8Array {
  static calls = 0;
  override get length(): number {
    ShortUint8Array.calls++;
    return 1;
  }
}

/** A Uint8Array over a WebAssembly memory that then grew: its buffer is detached. */
function detachedBytes(): Uint8Array {
  const memory = wasmMemory(1, { maximum: 2 });
  const bytes = new Uint8Array(memory.buffer, 0, 4);
  memory.grow(1);
  return bytes;
}

describe('[]byte from a Uint8Array that lies about its length', () => {
  it('an own length property longer than it is: its 3 bytes, a header of 3, nothing reserved unwritten', () => {
    const { all, w } = sentinelWriter();
    writeByteSlice(w, 0, withLength(new Uint8Array([1, 2, 3]), 20), true, 'B');
    expect(header(all)).toEqual([8, 3]);
    expect(w.length).toBe(11);
    expect(toHex(w.bytes().subarray(8))).toBe('010203');
    expectNothingPastReservation(all, w);
  });

  it('an own length property shorter than it is: its 6 bytes, a header of 6, nothing written past the reservation', () => {
    const { all, w } = sentinelWriter();
    writeByteSlice(w, 0, withLength(new Uint8Array([1, 2, 3, 4, 5, 6]), 1), true, 'B');
    expect(header(all)).toEqual([8, 6]);
    expect(w.length).toBe(14);
    expectNothingPastReservation(all, w);
  });

  it('a subclass whose length getter lies: its getter is never called, its bytes are written whole', () => {
    const { all, w } = sentinelWriter();
    ShortUint8Array.calls = 0;
    writeByteSlice(w, 0, new ShortUint8Array([1, 2, 3, 4, 5, 6]), true, 'B');
    expect(ShortUint8Array.calls).toBe(0);
    expect(header(all)).toEqual([8, 6]);
    expect(toHex(w.bytes().subarray(8))).toBe('010203040506');
    expectNothingPastReservation(all, w);
  });

  it('a limit counts the bytes it holds, not what its length property says', () => {
    const { all, w } = sentinelWriter();
    expectEncodeError(() => writeByteSlice(w, 0, withLength(new Uint8Array(6), 1), true, 'B', 4), 'B', '6 elements given, the limit is 4');
    expect(w.length).toBe(8);
    expectNothingPastReservation(all, w);
  });

  it('a Proxy around a Uint8Array is no Uint8Array: refused naming the field, no trap run, nothing written', () => {
    const { all, w } = sentinelWriter();
    const traps: string[] = [];
    const lengths = [1, 10, 2];
    const proxy = new Proxy(new Uint8Array([1, 2, 3]), {
      get(target, key) {
        traps.push(String(key));
        if (key === 'length') return lengths.shift() ?? 3;
        const value = Reflect.get(target, key, target) as unknown;
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
      getPrototypeOf(target) {
        traps.push('getPrototypeOf');
        return Reflect.getPrototypeOf(target);
      },
    });
    const error = expectEncodeError(() => writeByteSlice(w, 0, proxy, true, 'B'), 'B', 'an object is not bytes');
    expect(error.value).toBe(proxy);
    expect(traps).toEqual([]);
    // A Proxy that forwards everything (the engine's getters refuse it as a receiver) too.
    expectEncodeError(() => writeByteSlice(w, 0, new Proxy(new Uint8Array(3), {}), true, 'B'), 'B', 'is not bytes');
    expect(w.length).toBe(8);
    expectNothingPastReservation(all, w);
  });

  it('an object made with Uint8Array.prototype (instanceof Uint8Array) is refused', () => {
    const { all, w } = sentinelWriter();
    const fake = Object.create(Uint8Array.prototype, { length: { value: 3 } }) as Uint8Array;
    expectEncodeError(() => writeByteSlice(w, 0, fake, true, 'B'), 'B', 'is not bytes');
    expectNothingPastReservation(all, w);
  });

  it('one whose buffer was detached (a WebAssembly memory that grew) is refused naming the field, not a TypeError', () => {
    const { all, w } = sentinelWriter();
    expectEncodeError(() => writeByteSlice(w, 0, detachedBytes(), true, 'B'), 'B', 'whose buffer was detached');
    expectEncodeError(() => writeByteArray(w, 0, detachedBytes(), 4, 'A'), 'A', 'whose buffer was detached');
    expect(w.length).toBe(8);
    expectNothingPastReservation(all, w);
  });

  it('an empty one is still written as an empty slice', () => {
    const { all, w } = sentinelWriter();
    writeByteSlice(w, 0, new Uint8Array(0), true, 'B');
    expect(header(all)).toEqual([8, 0]);
    expectNothingPastReservation(all, w);
  });
});

describe('[N]byte from a Uint8Array that lies about its length', () => {
  it('an own length within N over 10 bytes: refused naming the field, nothing written over the next fields', () => {
    const { all, w } = sentinelWriter();
    w.setU32(4, 0x01020304); // the field after the [4]byte
    expectEncodeError(() => writeByteArray(w, 0, withLength(new Uint8Array(10).fill(9), 2), 4, 'A'), 'A', '10 elements given, the array holds 4');
    expect(toHex(w.bytes())).toBe('0000000004030201');
    expectNothingPastReservation(all, w);
  });

  it('a subclass whose getter says 1: 3 bytes are written whole, 6 refused (its getter never called)', () => {
    const { all, w } = sentinelWriter();
    w.setU32(4, 0x01020304);
    ShortUint8Array.calls = 0;
    writeByteArray(w, 0, new ShortUint8Array([7, 8, 9]), 4, 'A');
    expect(toHex(w.bytes())).toBe('0708090004030201');
    expectEncodeError(() => writeByteArray(w, 0, new ShortUint8Array([1, 2, 3, 4, 5, 6]), 4, 'A'), 'A', '6 elements given, the array holds 4');
    expect(toHex(w.bytes())).toBe('0708090004030201');
    expect(ShortUint8Array.calls).toBe(0);
    expectNothingPastReservation(all, w);
  });
});

describe('other typed arrays that lie', () => {
  it('countOf gives a typed array\'s length as the engine knows it, whatever its own length property says', () => {
    expect(countOf(withLength(new Float32Array(2), 1000), 'S')).toBe(2);
  });

  it('countOf refuses a limit passed by the elements it holds, and a typed array whose buffer was detached', () => {
    expectEncodeError(() => countOf(withLength(new Float32Array(5), 1), 'S', 4), 'S', '5 elements given, the limit is 4');
    const memory = wasmMemory(1, { maximum: 2 });
    const floats = new Float32Array(memory.buffer, 0, 4);
    memory.grow(1);
    expectEncodeError(() => countOf(floats, 'S'), 'S', 'a Float32Array whose buffer was detached');
  });

  it('[]byte from an Int8Array with a short length property: every element is checked and copied', () => {
    const { all, w } = sentinelWriter();
    writeByteSlice(w, 0, withLength(new Int8Array([1, 2, 3, 4, 5]), 2) as unknown as Uint8Array, true, 'B');
    expect(header(all)).toEqual([8, 5]);
    expectNothingPastReservation(all, w);
  });

  it('appendBytes copies a Float32Array\'s own bytes, whatever its buffer, byteOffset and byteLength properties say', () => {
    const backing = new ArrayBuffer(32);
    new Uint8Array(backing).fill(0x77);
    const floats = new Float32Array(backing, 8, 2);
    floats.set([1.5, -2]);
    Object.defineProperty(floats, 'byteOffset', { value: 0 });
    Object.defineProperty(floats, 'byteLength', { value: 24 });
    Object.defineProperty(floats, 'buffer', { value: new ArrayBuffer(64) });
    Object.defineProperty(floats, 'BYTES_PER_ELEMENT', { value: 1 });
    const { all, w } = sentinelWriter();
    const at = w.appendBytes(floats, 'F');
    expect(at).toBe(8);
    expect(toHex(w.bytes().subarray(8))).toBe('0000c03f000000c0');
    expectNothingPastReservation(all, w);
  });

  it('describes a typed array by what it is, reading no constructor of the caller\'s', () => {
    const big = new BigInt64Array(2);
    Object.defineProperty(big, 'constructor', {
      get() {
        throw new Error('read the constructor');
      },
    });
    expect(describeValue(big)).toBe('a BigInt64Array');
    const { all, w } = sentinelWriter();
    expectEncodeError(() => writeByteSlice(w, 0, big as unknown as Uint8Array, true, 'B'), 'B', 'a BigInt64Array is not bytes');
    expectNothingPastReservation(all, w);
  });
});

describe('views of the writer\'s own bytes that lie about their buffer', () => {
  it('are refused all the same (own buffer, byteOffset and byteLength properties)', () => {
    const w = new Writer(64);
    w.alloc(8);
    w.appendBytes(new Uint8Array([1, 2, 3, 4]));
    const own = w.bytes().subarray(8, 12);
    Object.defineProperty(own, 'buffer', { value: new ArrayBuffer(4) });
    Object.defineProperty(own, 'byteOffset', { value: 1000 });
    Object.defineProperty(own, 'byteLength', { value: 0 });
    w.reset();
    w.alloc(8);
    expectEncodeError(() => writeByteSlice(w, 0, own, true, 'B'), 'B', 'a view of the bytes this writer writes into');
    const floats = new Float32Array(w.buffer, 0, 2);
    Object.defineProperty(floats, 'buffer', { value: new ArrayBuffer(8) });
    expectEncodeError(() => w.setNumbers(NumberKind.F32, 0, floats, 'S'), 'S', 'a view of the bytes this writer writes into');
    expect(w.length).toBe(8);
  });
});

describe('Writer.over a view that lies about its range', () => {
  it('takes the range the engine knows: an own byteLength cannot stretch the region over its neighbours', () => {
    const all = new Uint8Array(64).fill(SENTINEL);
    const view = new Uint8Array(all.buffer, 8, 8);
    Object.defineProperty(view, 'byteLength', { value: 40 });
    Object.defineProperty(view, 'byteOffset', { value: 0 });
    const w = Writer.over(view);
    expect(w.capacity).toBe(8);
    w.alloc(8);
    expect(() => w.alloc(1)).toThrow(expect.objectContaining({ code: 'OUT_OF_SPACE' }));
    expect(toHex(all.subarray(0, 8))).toBe('ee'.repeat(8));
    expect(toHex(all.subarray(8, 16))).toBe('00'.repeat(8));
    expect(toHex(all.subarray(16))).toBe('ee'.repeat(48));
  });

  it('writes into the view\'s buffer, not the one its own buffer property names', () => {
    const all = new Uint8Array(16);
    const view = new Uint8Array(all.buffer);
    Object.defineProperty(view, 'buffer', { value: new ArrayBuffer(16) });
    const w = Writer.over(view);
    expect(w.buffer).toBe(all.buffer);
  });

  it('a Proxy around a buffer or a view is a TypeError (its bytes would be a copy nobody reads)', () => {
    expect(() => Writer.over(new Proxy(new ArrayBuffer(16), {}))).toThrow(TypeError);
    expect(() => Writer.over(new Proxy(new Uint8Array(16), {}))).toThrow(TypeError);
    const w = Writer.over(new ArrayBuffer(16));
    expect(() => w.rebind(new Proxy(new ArrayBuffer(16), {}))).toThrow(TypeError);
  });

  it('still takes an ArrayBuffer, a SharedArrayBuffer and views of them', () => {
    expect(Writer.over(new ArrayBuffer(16)).capacity).toBe(16);
    expect(Writer.over(new SharedArrayBuffer(16), 4).capacity).toBe(12);
    expect(Writer.over(new Uint8Array(new SharedArrayBuffer(16), 2, 8)).capacity).toBe(8);
    expect(Writer.over(new DataView(new ArrayBuffer(16), 4) as unknown as Uint8Array).capacity).toBe(12);
  });
});

describe('sources over a growable SharedArrayBuffer', () => {
  type Growable = SharedArrayBuffer & { grow(size: number): void };
  const growable = (size: number, max: number): Growable => new (SharedArrayBuffer as unknown as new (n: number, o: { maxByteLength: number }) => Growable)(size, { maxByteLength: max });

  it('are known as such (another thread may grow them between two reads of a length-tracking view\'s length)', () => {
    expect(mayGrowUnderUs(new ArrayBuffer(8))).toBe(false);
    expect(mayGrowUnderUs(new SharedArrayBuffer(8))).toBe(false);
    expect(mayGrowUnderUs(growable(8, 16))).toBe(true);
    // Whatever their prototype says.
    expect(mayGrowUnderUs(Object.setPrototypeOf(growable(8, 16), ArrayBuffer.prototype) as ArrayBuffer)).toBe(true);
    expect(mayGrowUnderUs(Object.setPrototypeOf(new ArrayBuffer(8), SharedArrayBuffer.prototype) as ArrayBuffer)).toBe(false);
  });

  it('a length-tracking Uint8Array over one is written whole', () => {
    const sab = growable(4, 16);
    const bytes = new Uint8Array(sab);
    bytes.set([1, 2, 3, 4]);
    sab.grow(6);
    const { all, w } = sentinelWriter();
    writeByteSlice(w, 0, bytes, true, 'B', 6);
    expect(header(all)).toEqual([8, 6]);
    expect(toHex(w.bytes().subarray(8))).toBe('010203040000');
    expectNothingPastReservation(all, w);
  });
});

describe('encode errors name the field they are given', () => {
  it('setSliceHeader: an offset or a size past what the format holds (a uint32), nothing written', () => {
    const w = new Writer(64);
    w.alloc(12);
    expectEncodeError(() => setSliceHeader(w, 0, 0, 2 ** 32, 1, true, 'Samples'), 'Samples', 'size 4294967296');
    expectEncodeError(() => setSliceHeader(w, 0, 2 ** 32, 4, 1, false, 'Samples'), 'Samples', 'offset 4294967296');
    expectEncodeError(() => setSliceHeader(w, 0, -1, 4, 1, false, 'Samples'), 'Samples');
    expect(toHex(w.bytes())).toBe('00'.repeat(12));
  });

  it('appendBytes and writeBytes: a wrong byte of an array', () => {
    const w = new Writer(64);
    w.alloc(8);
    expectEncodeError(() => w.appendBytes([1, 256], 'B'), 'B[1]', '256 is not a byte');
    expectEncodeError(() => w.writeBytes(0, [1, 2, 300], 'Id'), 'Id[2]', '300 is not a byte');
    expect(toHex(w.bytes())).toBe('00'.repeat(8));
  });

  it('appendUtf8: a value that is not a string', () => {
    const w = new Writer(64);
    expectEncodeError(() => w.appendUtf8(5 as unknown as string, 'Name'), 'Name', '5 is not a string');
    expect(w.length).toBe(0);
  });

  it('writeBytes refuses to copy past the bytes allocated (a RangeError, nothing written)', () => {
    const { all, w } = sentinelWriter();
    expect(() => w.writeBytes(6, new Uint8Array([1, 2, 3, 4]))).toThrow(RangeError);
    expect(toHex(w.bytes())).toBe('00'.repeat(8));
    expectNothingPastReservation(all, w);
  });
});

// The read side: a message given as a Uint8Array that lies about its range
// must not move the reader over the bytes around it.
describe('a Reader measures the message it is given as the engine knows it', () => {
  /** A 4-byte message [1, 2, 3, 4] at offset 8 of a 16-byte buffer whose other bytes are 0xee. */
  function framed(): Uint8Array {
    const all = new Uint8Array(16).fill(SENTINEL);
    all.set([1, 2, 3, 4], 8);
    return all.subarray(8, 12);
  }

  it.each([
    ['an own length', (m: Uint8Array) => Object.defineProperty(m, 'length', { value: 16 })],
    ['an own byteOffset', (m: Uint8Array) => Object.defineProperty(m, 'byteOffset', { value: 0 })],
    ['an own buffer', (m: Uint8Array) => Object.defineProperty(m, 'buffer', { value: new Uint8Array(64).fill(SENTINEL).buffer })],
  ])('reads exactly the 4 bytes of a message with %s', (_, lie) => {
    const reader = new Reader(lie(framed()));
    expect(reader.length).toBe(4);
    expect(reader.u32(0)).toBe(0x04030201);
    expect(reader.u8(4)).toBe(0);
    expect(toHex(reader.bytes(0, 4))).toBe('01020304');
  });

  it('reads a subclass by its bytes, not its length getter', () => {
    class Longer extends Uint8Array {
      override get length(): number {
        return 16;
      }
    }
    const m = framed();
    const reader = new Reader(new Longer(m.buffer as ArrayBuffer, m.byteOffset, 4));
    expect([reader.length, reader.u32(0)]).toEqual([4, 0x04030201]);
  });

  it('refuses a Proxy around a Uint8Array (a TypeError naming what it got), and runs none of its traps', () => {
    let trapped = 0;
    const proxy = new Proxy(framed(), {
      get(target, key) {
        trapped++;
        return Reflect.get(target, key);
      },
    });
    expect(() => new Reader(proxy)).toThrow(new TypeError('karmem: a message is read from a Uint8Array, not an object'));
    expect(trapped).toBe(0);
  });

  it('readInto fills its destination by its real size, whatever its byteLength property says', () => {
    const reader = new Reader(Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8]));
    const small = Object.defineProperty(new Uint8Array(2), 'byteLength', { value: 8 });
    expect(reader.readInto(0, small)).toBe(true);
    expect([...small]).toEqual([1, 2]);
    const large = Object.defineProperty(new Uint16Array(4), 'byteLength', { value: 2 });
    expect(reader.readInto(0, large)).toBe(true);
    expect([...large]).toEqual([0x0201, 0x0403, 0x0605, 0x0807]);
  });
});
