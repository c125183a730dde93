/**
 * toObject reads a table's scalars straight from the DataView after one
 * check that the table lies inside the message. It must give exactly what
 * the bounds-checked getters give for every declared size (an older or
 * newer writer). A viewer built by hand whose size runs past the message
 * is a table that cannot be read: its scalars decode as defaults, and
 * nothing outside the message is ever read.
 */
import fc from 'fast-check';
import { Reader } from '@karmem-ts/runtime';
import { ScalarsViewer, encodeScalars, type Scalars } from './golden/scalars';

const value: Scalars = {
  Flag: true, Raw: 200, U8: 7, U16: 65000, U32: 4_000_000_000, U64: 2n ** 63n + 5n,
  I8: -100, I16: -30000, I32: -2_000_000_000, I64: -(2n ** 62n), F32: 1.5, F64: -2.25, Label: 'label',
} as Scalars;

/** What the getters read: each field bounds-checked on its own. */
function throughGetters(v: ScalarsViewer): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) out[key] = key === 'Label' ? v.Label : (v as unknown as Record<string, unknown>)[key];
  return out;
}

describe('toObject reads scalars directly, as the getters would', () => {
  const bytes = encodeScalars(value).slice();
  const tableSize = new DataView(bytes.buffer).getUint32(0, true);

  it('decodes the whole table as its getters read it', () => {
    const v = ScalarsViewer.at(new Reader(bytes), 0);
    expect(v.toObject()).toEqual(throughGetters(v));
    expect(v.toObject()).toEqual(value);
  });

  it('reads fields past a smaller declared size as defaults, for every size', () => {
    for (let size = 0; size <= tableSize; size++) {
      const copy = bytes.slice();
      new DataView(copy.buffer).setUint32(0, size, true);
      const v = ScalarsViewer.at(new Reader(copy), 0);
      expect(v.toObject()).toEqual(throughGetters(v));
    }
  });

  const defaults = { Flag: false, Raw: 0, U8: 0, U16: 0, U32: 0, U64: 0n, I8: 0, I16: 0, I32: 0, I64: 0n, F32: 0, F64: 0 };

  it('never reads outside the message for a viewer made by hand with any offset and size', () => {
    // The message sits inside a larger buffer of 0xAA bytes: a read past it would show.
    const buffer = new Uint8Array(bytes.length + 256).fill(0xaa);
    buffer.set(bytes, 128);
    const reader = new Reader().resetAt(buffer.buffer, 128, bytes.length);
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: -300, max: 400 }), fc.constantFrom(NaN, 0.5, -0, Infinity)), fc.oneof(fc.integer({ min: -300, max: 1000 }), fc.constantFrom(NaN, 2 ** 32, Infinity)), (offset, size) => {
        const v = new ScalarsViewer(reader, offset, size);
        const expected = reader.inBounds(offset, size) ? throughGetters(v) : { ...defaults, Label: v.Label };
        expect(v.toObject()).toEqual(expected);
      }),
      { numRuns: 2000 },
    );
  });
});
