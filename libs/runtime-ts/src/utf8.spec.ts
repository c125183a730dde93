import fc from 'fast-check';
import { hex, toHex } from '../test/helpers';
import { Reader } from './reader';
import {
  DECODE_LOOP_MAX,
  ENCODE_LOOP_MAX,
  decodeUtf8,
  decodeUtf8Loop,
  encodeUtf8,
  encodeUtf8Loop,
  firstInvalidUtf8,
  isValidUtf8,
  utf8Length,
} from './utf8';
import { Writer } from './writer';

const encoder = new TextEncoder();
const keepBom = new TextDecoder('utf-8', { ignoreBOM: true });
const fatal = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function encodeWith(encode: typeof encodeUtf8, str: string): Uint8Array {
  const out = new Uint8Array(3 * str.length + 2).fill(0xee);
  const end = encode(str, out, 2);
  return out.subarray(2, end);
}

function isValid(bytes: Uint8Array): boolean {
  try {
    fatal.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

// Any UTF-16 units: lone surrogates, surrogate pairs, and text of every UTF-8 width.
const unit = fc.oneof(
  fc.integer({ min: 0, max: 0x7f }).map((c) => String.fromCharCode(c)),
  fc.integer({ min: 0x80, max: 0xffff }).map((c) => String.fromCharCode(c)),
  fc.integer({ min: 0x10000, max: 0x10ffff }).map((c) => String.fromCodePoint(c)),
  fc.constantFrom('\ud800', '\udbff', '\udc00', '\udfff', '\ufeff', '\ufffd'),
);
const WELL_FORMED = /^(?:[^\ud800-\udfff]|[\ud800-\udbff][\udc00-\udfff])*$/;
const anyString = fc.string({ unit, maxLength: 3 * ENCODE_LOOP_MAX });

// Bytes that are mostly UTF-8-like, so decoding errors happen inside real sequences.
const utf8ish = fc
  .array(
    fc.oneof(
      anyString.map((s) => Array.from(encoder.encode(s))),
      fc.integer({ min: 0x80, max: 0xff }).map((b) => [b]),
      fc.constantFrom([0xef, 0xbb, 0xbf], [0xed, 0xa0, 0x80], [0xf4, 0x90], [0xe0, 0x80], [0xf0, 0x9f, 0x98]),
    ),
    { maxLength: 12 },
  )
  .map((chunks) => Uint8Array.from(chunks.flat()));
// Mostly ASCII with stray high bytes: exercises the loop's 8-byte ASCII steps at every alignment.
const mostlyAscii = fc
  .array(fc.oneof({ weight: 12, arbitrary: fc.integer({ min: 0, max: 0x7f }) }, fc.integer({ min: 0x80, max: 0xff })), {
    maxLength: 2 * DECODE_LOOP_MAX,
  })
  .map((b) => Uint8Array.from(b));
const anyBytes = fc.oneof(fc.uint8Array({ maxLength: 4 * DECODE_LOOP_MAX }), utf8ish, mostlyAscii);

describe('UTF-8 encoding', () => {
  it('fuzz: both paths write what TextEncoder writes, and utf8Length is exact', () => {
    fc.assert(
      fc.property(anyString, (str) => {
        const expected = toHex(encoder.encode(str));
        expect(toHex(encodeWith(encodeUtf8, str))).toBe(expected);
        expect(toHex(encodeWith(encodeUtf8Loop, str))).toBe(expected);
        expect(utf8Length(str)).toBe(expected.length / 2);
      }),
      { numRuns: 1000 },
    );
  });

  it.each([
    ['ASCII', 'a'],
    ['2-byte', 'é'],
    ['3-byte', '€'],
    ['4-byte', '😀'],
    ['lone high surrogate', '\ud83d'],
    ['lone low surrogate', '\ude00'],
  ])('matches TextEncoder for %s text at every length across the crossover', (_name, piece) => {
    const w = new Writer(0);
    for (let n = 0; n <= ENCODE_LOOP_MAX + 8; n++) {
      const str = piece.repeat(n).slice(0, n);
      w.reset();
      w.alloc(1);
      expect(w.appendUtf8(str)).toBe(encoder.encode(str).length);
      expect(toHex(w.bytes().subarray(1))).toBe(toHex(encoder.encode(str)));
    }
  });

  it.each([
    ['\ud800', 'efbfbd'],
    ['\udfff', 'efbfbd'],
    ['a\ud800', '61efbfbd'],
    ['\ud800a', 'efbfbd61'],
    ['\udc00\ud800', 'efbfbdefbfbd'], // reversed pair: two lone surrogates
    ['\ud800\ud800\udc00', 'efbfbdf0908080'],
    ['\u{10ffff}', 'f48fbfbf'],
    ['\u{1f44b}\u{1f3fd}', 'f09f918bf09f8fbd'],
  ])('encodes %p as %s', (str, bytes) => {
    expect(toHex(encodeWith(encodeUtf8Loop, str))).toBe(bytes);
    expect(toHex(encoder.encode(str))).toBe(bytes);
  });
});

describe('UTF-8 decoding', () => {
  const invalid = [
    '80',
    'bf 61',
    'c0 80',
    'c1 bf',
    'c2',
    'c2 41',
    'e0 80 80',
    'e0 9f bf',
    'e2 82',
    'e2 82 41',
    'ed a0 80',
    'ed bf bf',
    'f0 8f bf bf',
    'f0 9f 98',
    'f4 90 80 80',
    'f5 80 80 80',
    'f8 88 80 80 80',
    'fe ff',
    '61 e2 28 a1 62',
    'f0 9f 98 f0 9f 98 80',
  ];
  it.each(invalid)('decodes %s as TextDecoder does, without throwing', (bytes) => {
    const b = hex(bytes);
    const expected = keepBom.decode(b);
    expect(expected).toContain('\ufffd');
    expect(decodeUtf8Loop(b, 0, b.length)).toBe(expected);
    // The same bytes past the crossover go through TextDecoder: same answer.
    const long = hex(bytes.repeat(8));
    expect(decodeUtf8(long, 0, long.length)).toBe(decodeUtf8Loop(long, 0, long.length));
    expect(isValidUtf8(b, 0, b.length)).toBe(false);
  });

  it('keeps a leading U+FEFF (TextDecoder drops it by default)', () => {
    const b = hex('efbbbf 61');
    expect(decodeUtf8Loop(b, 0, 4)).toBe('\ufeffa');
    const long = hex('efbbbf' + '61'.repeat(40));
    expect(decodeUtf8(long, 0, long.length)).toBe('\ufeff' + 'a'.repeat(40));
    expect(new TextDecoder().decode(b)).toBe('a');
  });

  it('fuzz: both paths decode as TextDecoder does (and as its default, but for a leading BOM)', () => {
    const byDefault = new TextDecoder();
    fc.assert(
      fc.property(anyBytes, (bytes) => {
        const expected = keepBom.decode(bytes);
        expect(decodeUtf8(bytes, 0, bytes.length)).toBe(expected);
        expect(decodeUtf8Loop(bytes, 0, bytes.length)).toBe(expected);
        const withoutBom = expected.charCodeAt(0) === 0xfeff ? expected.slice(1) : expected;
        expect(byDefault.decode(bytes)).toBe(withoutBom);
      }),
      { numRuns: 1000 },
    );
  });

  it('fuzz: firstInvalidUtf8 is where the longest well-formed prefix ends', () => {
    fc.assert(
      fc.property(anyBytes, fc.nat(), (bytes, from) => {
        const start = from % (bytes.length + 1);
        const k = firstInvalidUtf8(bytes, start, bytes.length);
        expect(isValid(bytes.subarray(start, k))).toBe(true);
        // One byte more is never well formed: the sequence at k is cut short or broken.
        if (k < bytes.length) expect(isValid(bytes.subarray(start, k + 1))).toBe(false);
      }),
      { numRuns: 1000 },
    );
    expect(firstInvalidUtf8(hex('61 e2 82'), 0, 3)).toBe(1);
    expect(firstInvalidUtf8(hex('61 e2 82 ac ff'), 0, 5)).toBe(4);
    expect(firstInvalidUtf8(hex('ed a0 80'), 0, 3)).toBe(0); // a surrogate
  });

  it('fuzz: isValidUtf8 agrees with a fatal TextDecoder', () => {
    fc.assert(
      fc.property(anyBytes, (bytes) => {
        expect(isValidUtf8(bytes, 0, bytes.length)).toBe(isValid(bytes));
      }),
      { numRuns: 1000 },
    );
  });

  it('fuzz: sub-ranges decode as the same bytes copied out', () => {
    fc.assert(
      fc.property(anyBytes, fc.nat(), fc.nat(), (bytes, a, b) => {
        const start = bytes.length ? a % (bytes.length + 1) : 0;
        const end = start + (bytes.length - start ? b % (bytes.length - start + 1) : 0);
        expect(decodeUtf8(bytes, start, end)).toBe(keepBom.decode(bytes.slice(start, end)));
      }),
    );
  });
});

describe('UTF-8 round trip through Writer and Reader', () => {
  it('fuzz: a string reads back as TextDecoder(TextEncoder(s)): itself unless it had lone surrogates', () => {
    fc.assert(
      fc.property(fc.array(anyString, { maxLength: 6 }), (strings) => {
        const w = new Writer(8);
        const spans = strings.map((s) => [w.length, w.appendUtf8(s)] as const);
        const r = new Reader(w.bytes());
        strings.forEach((s, i) => {
          const [at, size] = spans[i];
          const expected = keepBom.decode(encoder.encode(s));
          expect(r.utf8(at, size)).toBe(expected);
          expect(r.utf8Valid(at, size)).toBe(true);
          if (WELL_FORMED.test(s)) expect(r.utf8(at, size)).toBe(s);
        });
      }),
      { numRuns: 500 },
    );
  });
});
