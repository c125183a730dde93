import { Guest, instantiate, RUNTIMES, toHex } from './harness';
import { ACCOUNT_TEXT, accountBytes, T_BYTES } from './messages';

const ALLOC_FAILED = 0xffffffff;
const ERR_OUT_OF_SPACE = 1;
const ERR_TOO_LARGE = 2;
const ERR_OUT_OF_MEMORY = 3;
const SENTINEL = 0xa5;
const GUARD = 64; // sentinel bytes checked on each side of a region

describe.each(RUNTIMES)('Writer (--runtime %s)', (runtime) => {
  let guest: Guest;
  beforeAll(async () => {
    guest = await instantiate(runtime);
  });

  /** A region of `capacity` bytes with GUARD sentinel bytes on each side; everything sentinel-filled. */
  function guardedRegion(capacity: number): { ptr: number; check(): void } {
    const base = guest.region(capacity + 2 * GUARD);
    const ptr = base + GUARD;
    guest.bytes.fill(SENTINEL, base, base + capacity + 2 * GUARD);
    return {
      ptr,
      check() {
        const bytes = guest.bytes;
        const before = bytes.subarray(base, ptr);
        const after = bytes.subarray(ptr + capacity, ptr + capacity + GUARD);
        expect(before.every((b) => b === SENTINEL)).toBe(true);
        expect(after.every((b) => b === SENTINEL)).toBe(true);
      },
    };
  }

  describe("FORMAT.md's packed example (AccountData)", () => {
    const golden = accountBytes();

    it('writes the 140 golden bytes into a fixed region, and nothing past them', () => {
      const region = guardedRegion(200);
      expect(guest.call('writeAccountFixed', region.ptr, 200)).toBe(140);
      expect(toHex(guest.read(region.ptr, 140))).toBe(toHex(golden));
      // Bytes of the region past the message are not touched either.
      expect(guest.read(region.ptr + 140, 60).every((b) => b === SENTINEL)).toBe(true);
      region.check();
    });

    it('fits exactly in a 140-byte region', () => {
      const region = guardedRegion(140);
      expect(guest.call('writeAccountFixed', region.ptr, 140)).toBe(140);
      expect(toHex(guest.read(region.ptr, 140))).toBe(toHex(golden));
      region.check();
    });

    it('writes the same bytes with a growable writer that has to grow', () => {
      expect(guest.call('writeAccountGrowable', 1)).toBe(140);
      expect(guest.u32('grownMessageCapacity')).toBeGreaterThanOrEqual(140);
      expect(toHex(guest.read(guest.u32('grownMessage'), 140))).toBe(toHex(golden));
      expect(guest.call('writeAccountGrowable', 4096)).toBe(140);
      expect(toHex(guest.read(guest.u32('grownMessage'), 140))).toBe(toHex(golden));
    });

    it('reads back what it wrote', () => {
      const region = guardedRegion(140);
      guest.call('writeAccountFixed', region.ptr, 140);
      expect(guest.str('readAccount', region.ptr, 140)).toBe(ACCOUNT_TEXT);
    });

    it('writes nothing after the first failure (ALLOC_FAILED + field offset would wrap into the root)', () => {
      const region = guardedRegion(28);
      expect(guest.call('writeAccountFixed', region.ptr, 28)).toBe(-ERR_OUT_OF_SPACE);
      // The root was allocated and its ID written; Email could not be, so every
      // later store (Profiles' tables at ALLOC_FAILED + 4, ...) was dropped.
      expect(toHex(guest.read(region.ptr, 28))).toBe(`1c000000${'2a00000000000000'}${'00'.repeat(16)}`);
      region.check();
    });

    it.each([0, 1, 3, 4, 27, 28, 44, 45, 56, 57, 77, 78, 84, 100, 133, 139])(
      'reports ERR_OUT_OF_SPACE in a %i-byte region, writing nothing outside it',
      (capacity) => {
        const region = guardedRegion(capacity);
        expect(guest.call('writeAccountFixed', region.ptr, capacity)).toBe(-ERR_OUT_OF_SPACE);
        region.check();
      },
    );
  });

  it("writes FORMAT.md's non-packed example (T, 49 bytes)", () => {
    const region = guardedRegion(64);
    expect(guest.call('writeT', region.ptr, 64)).toBe(49);
    expect(toHex(guest.read(region.ptr, 49))).toBe(toHex(T_BYTES));
    region.check();
    const small = guardedRegion(48);
    expect(guest.call('writeT', small.ptr, 48)).toBe(-ERR_OUT_OF_SPACE);
    small.check();
  });

  describe('alloc', () => {
    function allocThree(capacity: number, a: number, b: number, c: number) {
      const region = guardedRegion(capacity);
      const out = guest.region(16);
      const result = guest.call('allocThree', region.ptr, capacity, a, b, c, out);
      const view = new DataView(guest.bytes.buffer, out, 16);
      const words = [0, 4, 8, 12].map((at) => view.getUint32(at, true));
      region.check();
      return { result, offsets: words.slice(0, 3), length: words[3] };
    }

    it('hands out consecutive offsets from the message start', () => {
      expect(allocThree(64, 10, 0, 6)).toEqual({ result: 16, offsets: [0, 10, 10], length: 16 });
    });

    it('fails with ALLOC_FAILED once full, and stays failed (the first error sticks)', () => {
      expect(allocThree(10, 8, 4, 1)).toEqual({
        result: -ERR_OUT_OF_SPACE,
        offsets: [0, ALLOC_FAILED, ALLOC_FAILED],
        length: 8,
      });
      expect(allocThree(0, 1, 0, 0)).toEqual({
        result: -ERR_OUT_OF_SPACE,
        offsets: [ALLOC_FAILED, ALLOC_FAILED, ALLOC_FAILED],
        length: 0,
      });
    });

    it('zeroes the bytes it reserves, and only those', () => {
      const region = guardedRegion(32);
      expect(guest.u32('allocZeroes', region.ptr, 32, 10)).toBe(0);
      expect([...guest.read(region.ptr, 12)]).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xee, 0xee]);
      region.check();
    });

    it('refuses to grow a message past 2^31 - 1 bytes, before writing anything', () => {
      const region = guardedRegion(16);
      // A region that claims 4 GiB: only the size limit can stop these.
      expect(guest.call('tooLargeFixed', region.ptr, 0, 0x80000000)).toBe(-ERR_TOO_LARGE);
      expect(guest.call('tooLargeFixed', region.ptr, 16, 0x7ffffff0)).toBe(-ERR_TOO_LARGE);
      expect(guest.call('tooLargeFixed', region.ptr, 0xffffffff, 0)).toBe(-ERR_TOO_LARGE);
      expect(guest.read(region.ptr + 16, 16).every((b) => b === SENTINEL)).toBe(true);
      region.check();
    });

    it('refuses a slice whose count * elementSize passes 2^32, without wrapping', () => {
      const region = guardedRegion(64);
      expect(guest.call('sliceTooLarge', region.ptr, 64)).toBe(-ERR_TOO_LARGE);
      region.check();
    });

    it('reports, without trapping, a growable buffer that cannot grow', () => {
      expect(guest.call('growableTooLarge', 1 << 30)).toBe(-ERR_OUT_OF_MEMORY);
      expect(guest.call('growableTooLarge', 0x80000000)).toBe(-ERR_TOO_LARGE);
      expect(guest.call('growableTooLarge', 1000)).toBe(1008);
    });
  });

  it('drops stores that do not land inside the allocated bytes', () => {
    const region = guardedRegion(32);
    expect(guest.call('writeOutside', region.ptr, 32)).toBe(16);
    const message = guest.read(region.ptr, 16);
    const view = new DataView(message.buffer);
    expect(message[0]).toBe(1); // bool true
    expect(view.getFloat32(4, true)).toBe(1.5);
    expect(view.getBigUint64(8, true)).toBe(0x1111111111111111n);
    expect(guest.read(region.ptr + 16, 16).every((b) => b === SENTINEL)).toBe(true);
    region.check();
  });

  it('encodes strings as UTF-8 (lone surrogates as U+FFFD) and reads them back', () => {
    const region = guardedRegion(64);
    expect(guest.str('stringRoundTrip', region.ptr, 64)).toBe('pão ü € 😀 \ufffd!');
    region.check();
  });

  it('describes its error codes', () => {
    expect(guest.str('errorText', 0)).toBe('ok');
    expect(guest.str('errorText', -ERR_OUT_OF_SPACE)).toMatch(/fixed output region is full/);
    expect(guest.str('errorText', ERR_TOO_LARGE)).toMatch(/2\^31 - 1/);
    expect(guest.str('errorText', ERR_OUT_OF_MEMORY)).toMatch(/cannot grow/);
    expect(guest.str('errorText', 99)).toMatch(/unknown/);
  });
});
