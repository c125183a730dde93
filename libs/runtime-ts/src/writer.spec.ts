import { hex, PAGE, toHex, wasmMemory } from '../test/helpers';
import { KarmemWriteError, MAX_MESSAGE_SIZE } from './errors';
import { NumberKind, Reader } from './reader';
import { Writer } from './writer';

const SENTINEL = 0xa5;

/** Expects `fn` to throw a KarmemWriteError with these fields. */
function expectWriteError(fn: () => unknown, code: string, requested: number, available: number): void {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(KarmemWriteError);
  expect(caught).toBeInstanceOf(Error);
  expect(caught).toMatchObject({ name: 'KarmemWriteError', code, requested, available });
}

/**
 * The engine's own RangeErrors (typed arrays, DataView) may come from another
 * realm than Jest's sandbox, so `toThrow(RangeError)` can miss them: match the name.
 */
function expectRangeError(fn: () => unknown): void {
  expect(fn).toThrow(expect.objectContaining({ name: 'RangeError' }));
}

/** A buffer full of SENTINEL and a fixed writer over `[offset, offset + length)` of it. */
function sentinelRegion(total: number, offset: number, length: number) {
  const buffer = new Uint8Array(total).fill(SENTINEL);
  return { buffer, writer: Writer.over(buffer.buffer, offset, length) };
}

function expectSentinelOutside(buffer: Uint8Array, offset: number, length: number): void {
  expect(buffer.subarray(0, offset).every((b) => b === SENTINEL)).toBe(true);
  expect(buffer.subarray(offset + length).every((b) => b === SENTINEL)).toBe(true);
}

describe('Writer setters', () => {
  // Written at offset 1, after one zero byte: Karmem never aligns values.
  it.each([
    ['setU8', 1, (w: Writer) => w.setU8(1, 0xab), '00 ab'],
    ['setI8', 1, (w: Writer) => w.setI8(1, -2), '00 fe'],
    ['setBool true', 1, (w: Writer) => w.setBool(1, true), '00 01'],
    ['setBool false', 1, (w: Writer) => w.setBool(1, false), '00 00'],
    ['setU16', 2, (w: Writer) => w.setU16(1, 0x1234), '00 3412'],
    ['setI16', 2, (w: Writer) => w.setI16(1, -2), '00 feff'],
    ['setU32', 4, (w: Writer) => w.setU32(1, 0xdeadbeef), '00 efbeadde'],
    ['setI32', 4, (w: Writer) => w.setI32(1, -2), '00 feffffff'],
    ['setU64', 8, (w: Writer) => w.setU64(1, 0x0102030405060708n), '00 0807060504030201'],
    ['setU64 max', 8, (w: Writer) => w.setU64(1, 0xffffffffffffffffn), '00 ffffffffffffffff'],
    ['setI64', 8, (w: Writer) => w.setI64(1, -2n), '00 feffffffffffffff'],
    ['setI64 min', 8, (w: Writer) => w.setI64(1, -(2n ** 63n)), '00 0000000000000080'],
    ['setF32', 4, (w: Writer) => w.setF32(1, 1.5), '00 0000c03f'],
    ['setF32 0.1', 4, (w: Writer) => w.setF32(1, 0.1), '00 cdcccc3d'],
    ['setF64', 8, (w: Writer) => w.setF64(1, 1.5), '00 000000000000f83f'],
    ['setF64 -2.718281828459045', 8, (w: Writer) => w.setF64(1, -2.718281828459045), '00 6957148b0abf05c0'],
  ])('%s writes little-endian bytes', (_name, size, write, expected) => {
    const w = new Writer(4);
    expect(w.alloc(1 + size)).toBe(0);
    write(w);
    expect(toHex(w.bytes())).toBe(toHex(hex(expected)));
  });
});

describe('Writer.alloc', () => {
  it('returns consecutive offsets from the message start and counts the length', () => {
    const w = new Writer(8);
    expect(w.alloc(3)).toBe(0);
    expect(w.alloc(0)).toBe(3);
    expect(w.alloc(10)).toBe(3);
    expect(w.length).toBe(13);
  });

  it.each([5, 32, 33, 300])('zeroes %i reserved bytes that held an earlier message', (size) => {
    const w = new Writer(1024);
    w.appendBytes(new Uint8Array(size + 8).fill(0xff));
    w.reset();
    w.alloc(3);
    const at = w.alloc(size);
    expect(w.bytes().subarray(at).every((b) => b === 0)).toBe(true);
    expect(w.length).toBe(3 + size);
  });

  it('zeroes stale bytes of a fixed region', () => {
    const { buffer, writer } = sentinelRegion(128, 16, 96);
    writer.alloc(7);
    writer.alloc(70);
    expect(buffer.subarray(16, 16 + 77).every((b) => b === 0)).toBe(true);
    expect(buffer[16 + 77]).toBe(SENTINEL);
  });

  it('grows by doubling and keeps what was written', () => {
    const w = new Writer(4);
    w.alloc(4);
    w.setU32(0, 0x11223344);
    const at = w.alloc(100);
    w.setU8(at + 99, 7);
    expect(w.capacity).toBeGreaterThanOrEqual(104);
    expect(new Reader(w.bytes()).u32(0)).toBe(0x11223344);
    expect(w.bytes()[103]).toBe(7);
    const before = w.capacity;
    w.alloc(before - w.length + 1);
    expect(w.capacity).toBe(before * 2);
  });

  it('grows from a zero capacity', () => {
    const w = new Writer(0);
    expect(w.alloc(9)).toBe(0);
    expect(w.length).toBe(9);
  });

  it.each([-1, 1.5, NaN, Infinity])('rejects the size %p with a RangeError and writes nothing', (size) => {
    const w = new Writer(16);
    w.alloc(4);
    expect(() => w.alloc(size)).toThrow(RangeError);
    expect(w.length).toBe(4);
  });

  it('rejects an invalid initial capacity', () => {
    expect(() => new Writer(-1)).toThrow(RangeError);
    expect(() => new Writer(MAX_MESSAGE_SIZE + 1)).toThrow(RangeError);
  });
});

describe('Writer size limit (2^31 - 1)', () => {
  it('refuses to grow past MAX_MESSAGE_SIZE, before allocating anything', () => {
    const w = new Writer(16);
    w.alloc(10);
    expectWriteError(() => w.alloc(MAX_MESSAGE_SIZE - 9), 'TOO_LARGE', MAX_MESSAGE_SIZE - 9, MAX_MESSAGE_SIZE - 10);
    expectWriteError(() => w.alloc(2 ** 32), 'TOO_LARGE', 2 ** 32, MAX_MESSAGE_SIZE - 10);
    expect(w.length).toBe(10);
    expect(w.capacity).toBe(16);
  });

  it('applies to a fixed region as well', () => {
    const { buffer, writer } = sentinelRegion(64, 8, 32);
    writer.alloc(4);
    expectWriteError(() => writer.alloc(MAX_MESSAGE_SIZE), 'TOO_LARGE', MAX_MESSAGE_SIZE, MAX_MESSAGE_SIZE - 4);
    expectSentinelOutside(buffer, 8, 32);
  });

  it('is 2^31 - 1', () => {
    expect(MAX_MESSAGE_SIZE).toBe(2 ** 31 - 1);
  });
});

describe('Writer over a fixed region', () => {
  it('writes at the region start with offsets relative to it', () => {
    const { buffer, writer } = sentinelRegion(64, 16, 32);
    expect(writer.alloc(8)).toBe(0);
    writer.setU32(0, 8);
    writer.setU32(4, 0xcafebabe);
    expect(toHex(buffer.subarray(16, 24))).toBe('08000000bebafeca');
    expect(writer.bytes().byteOffset).toBe(16);
    expect(writer.capacity).toBe(32);
    expectSentinelOutside(buffer, 16, 8);
  });

  it('takes a Uint8Array region relative to the view, defaulting to the rest of it', () => {
    const all = new Uint8Array(64).fill(SENTINEL);
    const w = Writer.over(all.subarray(8, 40), 4);
    expect(w.capacity).toBe(28);
    w.alloc(28);
    expectSentinelOutside(all, 12, 28);
    expect(all.subarray(12, 40).every((b) => b === 0)).toBe(true);
  });

  it('defaults to the whole buffer', () => {
    expect(Writer.over(new ArrayBuffer(10)).capacity).toBe(10);
  });

  it.each([
    [-1, 4],
    [0, 11],
    [8, 3],
    [1.5, 2],
  ])('rejects the region (%p, %p) outside a 10-byte buffer', (offset, length) => {
    expect(() => Writer.over(new ArrayBuffer(10), offset, length)).toThrow(RangeError);
  });

  it('throws OUT_OF_SPACE before writing, leaving the region and its neighbours untouched', () => {
    const { buffer, writer } = sentinelRegion(96, 32, 32);
    writer.alloc(20);
    writer.setU32(0, 0x01020304);
    const snapshot = buffer.slice();
    expectWriteError(() => writer.alloc(13), 'OUT_OF_SPACE', 13, 12);
    expectWriteError(() => writer.appendBytes(new Uint8Array(13).fill(1)), 'OUT_OF_SPACE', 13, 12);
    expect(buffer).toEqual(snapshot);
    expect(writer.length).toBe(20);
    expect(writer.alloc(12)).toBe(20); // exactly what is left still fits
    expectWriteError(() => writer.alloc(1), 'OUT_OF_SPACE', 1, 0);
    expectSentinelOutside(buffer, 32, 32);
  });

  it.each([
    ['short (JS loop)', 'héllo wörld'], // 13 bytes
    ['long (TextEncoder)', 'ü'.repeat(40)], // 80 bytes
  ])('refuses a %s string that does not fit, with nothing written', (_name, str) => {
    const size = new TextEncoder().encode(str).length;
    const { buffer, writer } = sentinelRegion(256, 64, size + 3);
    writer.alloc(4);
    const snapshot = buffer.slice();
    expectWriteError(() => writer.appendUtf8(str), 'OUT_OF_SPACE', size, size - 1);
    expect(buffer).toEqual(snapshot);
    expect(writer.length).toBe(4);
  });

  it('accepts a string whose worst case (3 bytes per unit) does not fit but which does', () => {
    const { buffer, writer } = sentinelRegion(64, 8, 20);
    expect(writer.appendUtf8('a'.repeat(20))).toBe(20);
    expect(writer.length).toBe(20);
    expectSentinelOutside(buffer, 8, 20);
  });

  it('keeps setters and writeBytes inside the region (RangeError, neighbours untouched)', () => {
    const { buffer, writer } = sentinelRegion(64, 16, 16);
    writer.alloc(16);
    expectRangeError(() => writer.setU32(14, 1));
    expectRangeError(() => writer.setU8(16, 1));
    expectRangeError(() => writer.setU8(-1, 1));
    expectRangeError(() => writer.setF64(-4, 1));
    expectRangeError(() => writer.writeBytes(10, new Uint8Array(7)));
    expectSentinelOutside(buffer, 16, 16);
  });

  it('reset() starts the next message at the region start', () => {
    const { buffer, writer } = sentinelRegion(32, 4, 16);
    writer.alloc(16);
    writer.reset();
    expect(writer.length).toBe(0);
    expect(writer.alloc(2)).toBe(0);
    expectSentinelOutside(buffer, 4, 16);
  });
});

describe('Writer bytes', () => {
  it('copies Uint8Array contents, appended or at an offset', () => {
    const w = new Writer(2);
    const at = w.alloc(3);
    w.writeBytes(at, new Uint8Array([1, 2, 3]));
    expect(w.appendBytes(new Uint8Array([4, 5]))).toBe(3);
    expect(toHex(w.bytes())).toBe('0102030405');
  });

  it('writes typed arrays as little-endian elements', () => {
    const w = new Writer(0);
    w.alloc(1);
    expect(w.appendBytes(new Float32Array([1.5, -2]))).toBe(1);
    w.appendBytes(new Int16Array([-2, 0x1234]));
    w.appendBytes(new BigUint64Array([0x0102030405060708n]));
    w.appendBytes(new Uint32Array(new Uint32Array([9, 0xdeadbeef, 7]).buffer, 4, 1)); // a view with an offset
    expect(toHex(w.bytes())).toBe(
      '00' + '0000c03f' + '000000c0' + 'feff' + '3412' + '0807060504030201' + 'efbeadde',
    );
  });

  it('bytes() is a view of the written message, not a copy', () => {
    const w = new Writer(16);
    w.alloc(4);
    const view = w.bytes();
    expect(view.buffer).toBe(w.buffer);
    expect(view.length).toBe(4);
    w.setU8(0, 9);
    expect(view[0]).toBe(9);
  });
});

describe('Writer.appendUtf8', () => {
  const samples = [
    '',
    'a',
    'example@email.com',
    'Grüße, 世界 👋🏽 — ✓',
    '\u{10ffff}\u{10000}',
    'x'.repeat(32),
    'x'.repeat(33),
    '日本語テキスト 🎌🗾 ümlaut ñ Ελληνικά — emoji 😀👍🏿 🇧🇷',
  ];
  it.each(samples)('writes %p as TextEncoder does and returns the byte size', (str) => {
    const w = new Writer(1);
    w.alloc(3);
    const at = w.length;
    const size = w.appendUtf8(str);
    const expected = new TextEncoder().encode(str);
    expect(size).toBe(expected.length);
    expect(toHex(w.bytes().subarray(at))).toBe(toHex(expected));
  });

  it('writes lone surrogates as U+FFFD (EF BF BD), like TextEncoder', () => {
    const w = new Writer();
    for (const s of ['\ud800', '\udc00', 'a\ud83d', '\ude00b', '\udc00\ud800', '\ud83d\ud83d\ude00']) {
      w.reset();
      w.appendUtf8(s);
      expect(toHex(w.bytes())).toBe(toHex(new TextEncoder().encode(s)));
    }
    w.reset();
    w.appendUtf8('\ud800');
    expect(toHex(w.bytes())).toBe('efbfbd');
  });
});

describe('KarmemWriteError names the field it was refused for', () => {
  function caught(fn: () => unknown): KarmemWriteError {
    try {
      fn();
    } catch (error) {
      expect(error).toBeInstanceOf(KarmemWriteError);
      return error as KarmemWriteError;
    }
    throw new Error('expected a KarmemWriteError');
  }

  it('given one: OUT_OF_SPACE, TOO_LARGE and DETACHED, from reserve, alloc, appendUtf8 and appendBytes', () => {
    const memory = wasmMemory(1);
    const region = Writer.over(memory.buffer, 0, 16);
    const full = caught(() => region.reserve(17, 'Samples'));
    expect(full).toMatchObject({ code: 'OUT_OF_SPACE', path: 'Samples', requested: 17, available: 16 });
    expect(full.message).toBe('karmem: Samples: fixed region is full: 17 bytes requested, 16 available');
    expect(caught(() => region.alloc(17, 'Table')).path).toBe('Table');
    expect(caught(() => region.appendUtf8('x'.repeat(40), 'Name')).path).toBe('Name');
    expect(caught(() => region.appendBytes(new Uint8Array(17), 'Inventory')).path).toBe('Inventory');
    const huge = caught(() => new Writer().reserve(MAX_MESSAGE_SIZE + 1, 'Blob'));
    expect(huge).toMatchObject({ code: 'TOO_LARGE', path: 'Blob' });
    expect(huge.message).toMatch(/^karmem: Blob: message would exceed /);
    memory.grow(1);
    expect(caught(() => region.reserve(1, 'Samples'))).toMatchObject({ code: 'DETACHED', path: 'Samples' });
  });

  it('without one: an empty path, and the message as before', () => {
    const full = caught(() => Writer.over(new Uint8Array(8)).reserve(9));
    expect(full.path).toBe('');
    expect(full.message).toBe('karmem: fixed region is full: 9 bytes requested, 8 available');
  });

  it('within() puts enclosing fields and indexes in front', () => {
    const error = new KarmemWriteError('OUT_OF_SPACE', 4, 2).within('Path').within('Data').within('Monsters', 3).within('Monsters');
    expect(error.path).toBe('Monsters.Monsters[3].Data.Path');
    expect(error.message).toBe('karmem: Monsters.Monsters[3].Data.Path: fixed region is full: 4 bytes requested, 2 available');
  });
});

describe('Writer.asciiRoom and uint8Array (a generated encoder\'s in-place strings)', () => {
  it('is the string\'s length when it is short enough and fits without growing, else -1; it reserves nothing', () => {
    const w = new Writer(40);
    w.reserve(8);
    expect(w.asciiRoom('')).toBe(0);
    expect(w.asciiRoom('x'.repeat(32))).toBe(32);
    expect(w.asciiRoom('x'.repeat(33))).toBe(-1); // past ENCODE_LOOP_MAX
    expect(w.asciiRoom('abcdefgh', 8)).toBe(8);
    expect(w.asciiRoom('abcdefghi', 8)).toBe(-1); // past the field's limit
    for (const notString of [undefined, null, 5, ['a'], new String('a'), { length: 1 }]) expect(w.asciiRoom(notString)).toBe(-1);
    expect(w.length).toBe(8);
    w.reserve(31);
    expect(w.asciiRoom('a')).toBe(1); // 40 of 40
    expect(w.asciiRoom('ab')).toBe(-1); // 41: would grow
  });

  it('over a fixed region: its room, and -1 once the buffer is detached; uint8Array is the region\'s bytes', () => {
    const memory = wasmMemory(1);
    const w = Writer.over(memory.buffer, 100, 10);
    expect(w.asciiRoom('x'.repeat(10))).toBe(10);
    expect(w.asciiRoom('x'.repeat(11))).toBe(-1);
    w.uint8Array[0] = 0x61;
    expect(new Uint8Array(memory.buffer)[100]).toBe(0x61);
    expect(w.uint8Array.length).toBe(10);
    memory.grow(1);
    expect(w.asciiRoom('x')).toBe(-1);
  });
});

describe('Writer over WebAssembly memory', () => {
  it('gives DETACHED from every call once the memory grew, setters included', () => {
    const memory = wasmMemory(1, { maximum: 4 });
    const w = Writer.over(memory.buffer, 0, 256);
    const at = w.alloc(64);
    memory.grow(1);
    const calls: Array<[string, () => unknown]> = [
      ['setU8', () => w.setU8(at, 1)],
      ['setI8', () => w.setI8(at, 1)],
      ['setBool', () => w.setBool(at, true)],
      ['setU16', () => w.setU16(at, 1)],
      ['setI16', () => w.setI16(at, 1)],
      ['setU32', () => w.setU32(at, 1)],
      ['setI32', () => w.setI32(at, 1)],
      ['setU64', () => w.setU64(at, 1n)],
      ['setI64', () => w.setI64(at, 1n)],
      ['setF32', () => w.setF32(at, 1)],
      ['setF64', () => w.setF64(at, 1)],
      ['setNumbers', () => w.setNumbers(NumberKind.F32, at, [1, 2])],
      ['setNumbers, four at a time', () => w.setNumbers(NumberKind.F64, at, [1, 2, 3, 4, 5])],
      ['setNumbers, from a slow-path element', () => w.setNumbers(NumberKind.U16, at, [undefined as unknown as number, 1])],
      ['alloc', () => w.alloc(8)],
      ['reserve', () => w.reserve(8)],
      ['appendUtf8', () => w.appendUtf8('x')],
      ['appendBytes', () => w.appendBytes(new Uint8Array(2))],
      ['writeBytes', () => w.writeBytes(at, new Uint8Array(2))],
      ['bytes', () => w.bytes()],
      ['reset', () => w.reset()],
    ];
    for (const [name, call] of calls) {
      let thrown: unknown;
      try {
        call();
      } catch (error) {
        thrown = error;
      }
      expect({ name, code: (thrown as KarmemWriteError | undefined)?.code }).toEqual({ name, code: 'DETACHED' });
    }
  });

  it('gives DETACHED when the memory grows while setNumbers reads the values', () => {
    const memory = wasmMemory(1, { maximum: 4 });
    const w = Writer.over(memory.buffer, 0, 256);
    const at = w.alloc(64);
    // An array-like whose getter grows the memory half way: the writes after it must not be lost silently.
    const values = { length: 8, 0: 1, 1: 2, 2: 3, 3: 4, 5: 6, 6: 7, 7: 8, get 4() { memory.grow(1); return 5; } };
    expect(() => w.setNumbers(NumberKind.F32, at, values)).toThrow(expect.objectContaining({ code: 'DETACHED' }));
  });

  it('writes a message into the memory, then keeps writing after memory.grow and rebind', () => {
    const memory = wasmMemory(1, { maximum: 4 });
    const guest = new Uint8Array(memory.buffer);
    guest.fill(SENTINEL);
    const w = Writer.over(memory.buffer, 1024, 256);
    const root = w.alloc(16);
    w.setU32(root, 16);
    w.setU32(root + 4, w.length);
    w.setU32(root + 8, w.appendUtf8('hello, guest'));
    expect(toHex(new Uint8Array(memory.buffer, 1024, 4))).toBe('10000000');

    memory.grow(1); // detaches the old buffer
    expect(w.buffer).not.toBe(memory.buffer);
    expectWriteError(() => w.reset(), 'DETACHED', 0, 0);
    w.rebind(memory.buffer);
    expect(w.buffer).toBe(memory.buffer);
    expect(w.length).toBe(28);
    w.setU32(root + 12, 0xfeedface);
    w.appendUtf8('!');

    const after = new Uint8Array(memory.buffer);
    expect(after.byteLength).toBe(2 * PAGE);
    expectSentinelOutside(after.subarray(0, PAGE), 1024, 29);
    const r = new Reader().resetAt(memory.buffer, 1024, w.length);
    expect(r.u32(12)).toBe(0xfeedface);
    expect(r.utf8(r.u32(4), r.u32(8) + 1)).toBe('hello, guest!');
  });

  it('never writes past a region that ends at the end of memory', () => {
    const memory = wasmMemory(1);
    const w = Writer.over(memory.buffer, PAGE - 8);
    w.alloc(8);
    expectWriteError(() => w.alloc(1), 'OUT_OF_SPACE', 1, 0);
    expectRangeError(() => w.setU64(4, 1n));
  });

  it('works over shared memory (SharedArrayBuffer)', () => {
    const memory = wasmMemory(1, { maximum: 2, shared: true });
    expect(memory.buffer).toBeInstanceOf(SharedArrayBuffer);
    const w = Writer.over(memory.buffer, 64, 512);
    const long = 'λ'.repeat(100);
    w.alloc(4);
    const size = w.appendUtf8(long);
    w.appendUtf8('short');
    const r = new Reader().resetAt(memory.buffer, 64, w.length);
    expect(r.utf8(4, size)).toBe(long);
    expect(r.utf8(4 + size, 5)).toBe('short');
    memory.grow(1); // a shared buffer is not detached, but the new one is larger
    w.rebind(memory.buffer);
    w.appendUtf8('more');
    expect(r.resetAt(memory.buffer, 64, w.length).utf8(4 + size + 5, 4)).toBe('more');
  });

  it('rebind() is only for fixed regions, and needs the region in the new buffer', () => {
    expect(() => new Writer().rebind(new ArrayBuffer(8))).toThrow(TypeError);
    const w = Writer.over(new ArrayBuffer(64), 32, 32);
    expect(() => w.rebind(new ArrayBuffer(63))).toThrow(RangeError);
  });
});
