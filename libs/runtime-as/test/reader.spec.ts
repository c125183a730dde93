import fc from 'fast-check';
import { Bytes, Guest, instantiate, RUNTIMES } from './harness';
import {
  ACCOUNT_PREFIX_FROM_FORMAT_MD,
  ACCOUNT_TEXT,
  accountBytes,
  readAccountModel,
  T_BYTES,
} from './messages';

const ABSENT = 0xffffffff;
const NO_LIMIT = 0xffffffff;

describe.each(RUNTIMES)('Reader (--runtime %s)', (runtime) => {
  let guest: Guest;
  beforeAll(async () => {
    guest = await instantiate(runtime);
  });

  describe('scalar reads', () => {
    // 16 bytes: every type at an unaligned offset.
    const bytes = new Bytes()
      .u8(0xff) // 0: u8 255 / i8 -1
      .u16(0xfffe) // 1: u16 65534 / i16 -2
      .u32(0xfffffffd) // 3: u32 / i32 -3
      .f32(-1.5) // 7
      .u8(2) // 11: bool (any non-zero byte is true)
      .u32(0x11223344) // 12
      .build();
    let ptr: number;
    beforeAll(() => {
      ptr = guest.put(bytes);
    });

    it('reads every type in place, little-endian, at any alignment', () => {
      expect(guest.call('readU8', ptr, 16, 0)).toBe(255);
      expect(guest.call('readI8', ptr, 16, 0)).toBe(-1);
      expect(guest.call('readU16', ptr, 16, 1)).toBe(65534);
      expect(guest.call('readI16', ptr, 16, 1)).toBe(-2);
      expect(guest.u32('readU32', ptr, 16, 3)).toBe(0xfffffffd);
      expect(guest.call('readI32', ptr, 16, 3)).toBe(-3);
      expect(guest.call('readF32', ptr, 16, 7)).toBe(-1.5);
      expect(guest.call('readBool', ptr, 16, 11)).toBe(1);
      expect(guest.call('readBool', ptr, 16, 12 + 3)).toBe(1);
      expect(guest.u32('readU32', ptr, 16, 12)).toBe(0x11223344);
      expect(BigInt.asUintN(64, guest.call<bigint>('readU64', ptr, 16, 8))).toBe(0x1122334402bfc000n);
    });

    it('reads 64-bit and float64 values', () => {
      const data = new Bytes().u64(0xfedcba9876543210n).f64(Math.PI).build();
      const p = guest.put(data);
      expect(BigInt.asUintN(64, guest.call<bigint>('readU64', p, 16, 0))).toBe(0xfedcba9876543210n);
      expect(guest.call<bigint>('readI64', p, 16, 0)).toBe(BigInt.asIntN(64, 0xfedcba9876543210n));
      expect(guest.call('readF64', p, 16, 8)).toBe(Math.PI);
    });

    it('reads a zero byte as false', () => {
      const p = guest.put(Uint8Array.of(0, 1));
      expect(guest.call('readBool', p, 2, 0)).toBe(0);
      expect(guest.call('readBool', p, 2, 1)).toBe(1);
    });

    it('returns defaults when offset + size passes the end', () => {
      expect(guest.call('readU8', ptr, 16, 16)).toBe(0);
      expect(guest.u32('readU32', ptr, 16, 13)).toBe(0);
      expect(guest.call('readF32', ptr, 16, 13)).toBe(0);
      expect(guest.call<bigint>('readU64', ptr, 16, 9)).toBe(0n);
      expect(guest.call('readF64', ptr, 16, 12)).toBe(0);
      expect(guest.call('readBool', ptr, 16, 16)).toBe(0);
      // The same offsets inside a shorter message.
      expect(guest.u32('readU32', ptr, 6, 3)).toBe(0);
      expect(guest.call('readU8', ptr, 0, 0)).toBe(0);
    });

    it('computes offset + size without 32-bit wrap-around', () => {
      // In u32 arithmetic 0xfffffffc + 8 = 4 <= 16 would pass.
      expect(guest.call<bigint>('readU64', ptr, 16, 0xfffffffc)).toBe(0n);
      expect(guest.u32('readU32', ptr, 16, 0xfffffffe)).toBe(0);
      expect(guest.call('readU16', ptr, 16, ABSENT)).toBe(0);
      expect(guest.call('hasBytes', ptr, 16, 0xfffffff8, 16)).toBe(0);
      expect(guest.call('hasBytes', ptr, 16, 8, 8)).toBe(1);
      expect(guest.call('hasBytes', ptr, 16, 16, 0)).toBe(1);
      expect(guest.call('hasBytes', ptr, 16, 8, 0xfffffff9)).toBe(0);
    });

    it('reads a table pointer as ABSENT, not 0 (the root), when it is out of bounds', () => {
      expect(guest.u32('pointerAt', ptr, 16, 12)).toBe(0x11223344);
      expect(guest.u32('pointerAt', ptr, 16, 13)).toBe(ABSENT);
      expect(guest.u32('pointerAt', ptr, 16, ABSENT)).toBe(ABSENT);
    });

    it('keeps ABSENT absent when offsetting into it', () => {
      expect(guest.u32('withinAt', 100, 8)).toBe(108);
      expect(guest.u32('withinAt', ABSENT, 0)).toBe(ABSENT);
      expect(guest.u32('withinAt', ABSENT, 4)).toBe(ABSENT);
      expect(guest.u32('withinAt', 0xfffffff0, 0x20)).toBe(ABSENT);
      expect(guest.u32('withinAt', 0xfffffffe, 0)).toBe(0xfffffffe);
      expect((guest.exports.absent as unknown as WebAssembly.Global).value >>> 0).toBe(ABSENT);
    });
  });

  describe('tables', () => {
    it('reads a packed table when 4 bytes and then its declared size fit', () => {
      const p = guest.put(new Bytes().u32(8).u32(77).build());
      expect(guest.u32('tableSize', p, 8, 0, 1)).toBe(8);
      expect(guest.u32('tableFieldU32', p, 8, 0, 1, 4)).toBe(77);
      // Declared size past the end: unreadable, every field reads as default.
      expect(guest.u32('tableSize', p, 7, 0, 1)).toBe(0);
      expect(guest.u32('tableFieldU32', p, 7, 0, 1, 4)).toBe(0);
      // Not even the size header fits.
      expect(guest.u32('tableSize', p, 3, 0, 1)).toBe(0);
      expect(guest.u32('tableSize', p, 8, 6, 1)).toBe(0);
      expect(guest.u32('tableSize', p, 8, ABSENT, 1)).toBe(0);
    });

    it('needs 8 bytes for a non-packed table', () => {
      const p = guest.put(new Bytes().u32(4).u32(0).build());
      expect(guest.u32('tableSize', p, 8, 0, 1)).toBe(4);
      expect(guest.u32('tableSize', p, 8, 0, 0)).toBe(4);
      expect(guest.u32('tableSize', p, 4, 0, 1)).toBe(4);
      expect(guest.u32('tableSize', p, 4, 0, 0)).toBe(0);
    });

    it('reads a field only if fieldOffset + fieldSize <= table size', () => {
      // Table of declared size 7 inside 12 bytes: the u32 at 4 passes the table's end.
      const p = guest.put(new Bytes().u32(7).u32(0xabcdef).u32(0).build());
      expect(guest.u32('tableSize', p, 12, 0, 1)).toBe(7);
      expect(guest.u32('tableFieldU32', p, 12, 0, 1, 4)).toBe(0);
      expect(guest.u32('tableFieldU32', p, 12, 0, 1, 3)).toBe(0xabcdef00); // bytes 3..7 are inside
    });

    it('reads a table that declares less than its header as having no fields', () => {
      const p = guest.put(new Bytes().u32(2).u32(99).build());
      expect(guest.u32('tableSize', p, 8, 0, 1)).toBe(2);
      expect(guest.u32('tableFieldU32', p, 8, 0, 1, 4)).toBe(0);
    });
  });

  describe('slices', () => {
    // header at 0: {offset 8, size 10}; data: 10 bytes
    const data = new Bytes().u32(8).u32(10).raw([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]).build();
    let p: number;
    beforeAll(() => {
      p = guest.put(data);
    });

    it('gives offset and length = floor(size / elementSize)', () => {
      expect(guest.u32('sliceOffsetAt', p, 18, 0, 1, NO_LIMIT)).toBe(8);
      expect(guest.u32('sliceLengthAt', p, 18, 0, 1, NO_LIMIT)).toBe(10);
      expect(guest.u32('sliceLengthAt', p, 18, 0, 4, NO_LIMIT)).toBe(2);
      expect(guest.u32('sliceLengthAt', p, 18, 0, 12, NO_LIMIT)).toBe(0);
      expect(guest.u32('sliceLengthAt', p, 18, 0, 0, NO_LIMIT)).toBe(0); // no division by zero
    });

    it('clamps a limited slice to N elements after checking its full size', () => {
      expect(guest.u32('sliceLengthAt', p, 18, 0, 1, 4)).toBe(4);
      expect(guest.u32('sliceLengthAt', p, 18, 0, 2, 3)).toBe(3);
      expect(guest.u32('sliceLengthAt', p, 18, 0, 2, 9)).toBe(5);
      // The full declared size does not fit: empty, even though 4 bytes would.
      expect(guest.u32('sliceLengthAt', p, 17, 0, 1, 4)).toBe(0);
    });

    it('is empty when the header or offset + size is outside the message', () => {
      expect(guest.u32('sliceLengthAt', p, 17, 0, 1, NO_LIMIT)).toBe(0);
      expect(guest.u32('sliceLengthAt', p, 7, 0, 1, NO_LIMIT)).toBe(0);
      expect(guest.u32('sliceLengthAt', p, 18, 12, 1, NO_LIMIT)).toBe(0);
      expect(guest.u32('sliceLengthAt', p, 18, ABSENT, 1, NO_LIMIT)).toBe(0);
      // offset + size wraps around in u32 (0xfffffff8 + 0x10 = 8).
      const wrap = guest.put(new Bytes().u32(0xfffffff8).u32(0x10).zeros(8).build());
      expect(guest.u32('sliceLengthAt', wrap, 16, 0, 1, NO_LIMIT)).toBe(0);
      const big = guest.put(new Bytes().u32(8).u32(0xfffffffc).zeros(8).build());
      expect(guest.u32('sliceLengthAt', big, 16, 0, 1, NO_LIMIT)).toBe(0);
    });

    it('reads an empty slice at the end of the message', () => {
      const empty = guest.put(new Bytes().u32(8).u32(0).build());
      expect(guest.u32('sliceOffsetAt', empty, 8, 0, 4, NO_LIMIT)).toBe(8);
      expect(guest.u32('sliceLengthAt', empty, 8, 0, 4, NO_LIMIT)).toBe(0);
      expect(guest.str('stringAt', empty, 8, 0, NO_LIMIT)).toBe('');
    });

    it('decodes strings, clamping [<N]char to N bytes', () => {
      const text = 'ab€cdef-more';
      const bytes = new Bytes().u32(8).u32(Buffer.byteLength(text)).utf8(text).build();
      const s = guest.put(bytes);
      expect(guest.str('stringAt', s, bytes.length, 0, NO_LIMIT)).toBe(text);
      expect(guest.str('stringAt', s, bytes.length, 0, 8)).toBe('ab€cde');
      // A clamp inside a UTF-8 sequence reads as TextDecoder does: U+FFFD.
      expect(guest.str('stringAt', s, bytes.length, 0, 4)).toBe('ab\ufffd');
      expect(guest.str('stringAt', s, bytes.length - 1, 0, 8)).toBe('');
    });
  });

  describe("FORMAT.md's packed example (AccountData, 140 bytes)", () => {
    const bytes = accountBytes();

    it('is the byte layout FORMAT.md prints', () => {
      expect(bytes.length).toBe(140);
      expect(Buffer.from(bytes.subarray(0, 0x55))).toEqual(Buffer.from(ACCOUNT_PREFIX_FROM_FORMAT_MD));
    });

    it('reads every field in place', () => {
      const p = guest.put(bytes);
      expect(guest.str('readAccount', p, 140)).toBe(ACCOUNT_TEXT);
      expect(readAccountModel(bytes)).toBe(ACCOUNT_TEXT);
    });

    it('reads every truncation as the format says (defaults, empty), never trapping', () => {
      const p = guest.put(bytes);
      for (let len = 0; len <= 140; len++) {
        expect([len, guest.str('readAccount', p, len)]).toEqual([len, readAccountModel(bytes.subarray(0, len))]);
      }
      expect(guest.str('readAccount', p, 27)).toBe('0||');
      expect(guest.str('readAccount', p, 139)).toBe('42|example@email.com|1:inkeliz:123,3:karmem:456,2::789');
    });

    it('reads corrupted messages as the JS model of the rules does', () => {
      const p = guest.region(256);
      fc.assert(
        fc.property(
          fc.array(fc.tuple(fc.nat(139), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 6 }),
          fc.integer({ min: 0, max: 140 }),
          (edits, len) => {
            const corrupted = bytes.slice(0, len);
            for (const [at, value] of edits) if (at < len) corrupted[at] = value;
            guest.bytes.set(corrupted, p);
            return guest.str('readAccount', p, len) === readAccountModel(corrupted);
          },
        ),
        { numRuns: 400 },
      );
    });
  });

  it('sums a []Vec3 in place, the three ways of the benchmark alike', () => {
    const floats = [1.5, -2, 0.25, 4, 8, 16, -0.5, 3, 1e3];
    const message = new Bytes().u32(12).u32(12).u32(floats.length * 4);
    for (const f of floats) message.f32(f);
    const bytes = message.build();
    const p = guest.put(bytes);
    const expected = [0, 3, 6].reduce((sum, i) => sum + Math.fround(Math.fround(floats[i] + floats[i + 1]) + floats[i + 2]), 0);
    for (const fn of ['sumVec3', 'sumVec3Hoisted', 'sumVec3Raw']) {
      expect([fn, guest.call(fn, p, bytes.length)]).toEqual([fn, expected]);
      // One byte short: the slice does not fit, so it reads as empty.
      expect([fn, guest.call(fn, p, bytes.length - 1)]).toEqual([fn, 0]);
    }
  });

  it("reads FORMAT.md's non-packed example (T, 49 bytes)", () => {
    const p = guest.put(T_BYTES);
    expect(T_BYTES.length).toBe(49);
    expect(guest.str('readT', p, 49)).toBe(`7|1,2|${0xaaaa},${0xbbbb}`);
    // Non-packed tables need 8 bytes before anything is read.
    expect(guest.str('readT', p, 7)).toBe('0||');
  });
});
