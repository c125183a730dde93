import fc from 'fast-check';
import { Guest, instantiate, RUNTIMES } from './harness';

const decoder = new TextDecoder();
const encoder = new TextEncoder();

describe.each(RUNTIMES)('UTF-8 (--runtime %s)', (runtime) => {
  let guest: Guest;
  let scratch: number;
  beforeAll(async () => {
    guest = await instantiate(runtime);
    scratch = guest.region(4096);
  });

  function decode(bytes: Uint8Array): string {
    guest.bytes.set(bytes, scratch);
    return guest.str('decode', scratch, bytes.length);
  }

  it.each([
    ['empty', []],
    ['ASCII', [...Buffer.from('hello, world')]],
    ['2, 3 and 4-byte sequences', [...Buffer.from('pão € 😀 𝄞')]],
    ['lone continuation bytes', [0x80, 0x41, 0xbf]],
    ['C0/C1 overlong lead bytes', [0xc0, 0xaf, 0xc1, 0x81]],
    ['overlong 3-byte form', [0xe0, 0x80, 0xaf]],
    ['encoded surrogate', [0xed, 0xa0, 0x80]],
    ['past U+10FFFF', [0xf4, 0x90, 0x80, 0x80]],
    ['F5..FF lead bytes', [0xf5, 0xff, 0x41]],
    ['truncated at the end', [0x41, 0xe2, 0x82]],
    ['truncated before ASCII', [0xf0, 0x9f, 0x41, 0x42]],
    ['NUL bytes are kept', [0x00, 0x41, 0x00]],
  ])('decodes %s like TextDecoder', (_name, bytes) => {
    const data = Uint8Array.from(bytes);
    expect(decode(data)).toBe(decoder.decode(data));
  });

  it('decodes any bytes like TextDecoder (maximal subparts become U+FFFD)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => decode(bytes) === decoder.decode(bytes)),
      { numRuns: 500 },
    );
    // Biased to lead and continuation bytes, where the edge cases are.
    const tricky = fc.constantFrom(0x00, 0x41, 0x7f, 0x80, 0x9f, 0xa0, 0xbf, 0xc2, 0xdf, 0xe0, 0xed, 0xef, 0xf0, 0xf4, 0xf5);
    fc.assert(
      fc.property(fc.array(tricky, { maxLength: 24 }), (list) => {
        const bytes = Uint8Array.from(list);
        return decode(bytes) === decoder.decode(bytes);
      }),
      { numRuns: 500 },
    );
  });

  it('encodes what it decodes as TextEncoder does', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        guest.bytes.set(bytes, scratch);
        const out = scratch + 1024;
        const n = guest.u32('reencode', scratch, bytes.length, out);
        const expected = encoder.encode(decoder.decode(bytes));
        return n === expected.length && Buffer.from(guest.read(out, n)).equals(Buffer.from(expected));
      }),
      { numRuns: 300 },
    );
  });

  it('decodes long text', () => {
    const text = 'Karmem → zero-copy 😀 '.repeat(100);
    const bytes = encoder.encode(text);
    expect(decode(bytes)).toBe(text);
  });
});
