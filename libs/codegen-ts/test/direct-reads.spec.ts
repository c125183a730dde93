/**
 * A table viewer checks its table once, when it is made (Reader.tableReader),
 * and reads scalars with no check of their own; toObject reads them straight
 * from the same DataView. Both must give what the format says for every
 * declared size (an older or newer writer): a field that lies inside the
 * declared table is read, one past it is its default. A viewer built by hand
 * whose size runs past the message is a table that cannot be read: its
 * scalars are defaults, and nothing outside the message is ever read.
 */
import fc from 'fast-check';
import { Reader } from '@karmem-ts/runtime';
import type { ScalarKind } from '@karmem-ts/layout';
import { goldenSchemas } from './golden';
import { ScalarsViewer, encodeScalars, type Scalars } from './golden/scalars';

const value: Scalars = {
  Flag: true, Raw: 200, U8: 7, U16: 65000, U32: 4_000_000_000, U64: 2n ** 63n + 5n,
  I8: -100, I16: -30000, I32: -2_000_000_000, I64: -(2n ** 62n), F32: 1.5, F64: -2.25, Label: 'label',
} as Scalars;

const defaults = { Flag: false, Raw: 0, U8: 0, U16: 0, U32: 0, U64: 0n, I8: 0, I16: 0, I32: 0, I64: 0n, F32: 0, F64: 0 };

/** The fields of Scalars, from the layout (not from the generated code). */
const fields = goldenSchemas().find((s) => s.layout.structsByName.has('Scalars'))!.layout.structsByName.get('Scalars')!.fields;

/** Where each scalar of Scalars ends in its table. */
const fieldEnds = new Map(fields.map((f) => [f.name, f.offset + f.size] as const));

/** The Reader's checked read of each scalar kind: what a field reads as, independently of the viewers. */
const CHECKED_READ: Record<ScalarKind, (r: Reader, at: number) => unknown> = {
  bool: (r, at) => r.bool(at), uint8: (r, at) => r.u8(at), int8: (r, at) => r.i8(at), uint16: (r, at) => r.u16(at),
  int16: (r, at) => r.i16(at), uint32: (r, at) => r.u32(at), int32: (r, at) => r.i32(at), uint64: (r, at) => r.u64(at),
  int64: (r, at) => r.i64(at), float32: (r, at) => r.f32(at), float64: (r, at) => r.f64(at),
};

/** What the format says a table of declared size `size` holds: each scalar inside it, defaults past it. */
function expectedAt(size: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, zero] of Object.entries(defaults)) out[key] = fieldEnds.get(key)! <= size ? value[key as keyof Scalars] : zero;
  return out;
}

/** What the getters read. */
function throughGetters(v: ScalarsViewer): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(defaults)) out[key] = (v as unknown as Record<string, unknown>)[key];
  return out;
}

describe('table viewers check the table once, then read scalars unchecked', () => {
  it('lays the scalars out in order (what Reader.tableReader assumes of `ends`)', () => {
    const ends = [...fieldEnds.values()];
    expect(ends).toEqual([...ends].sort((a, b) => a - b));
  });

  const bytes = encodeScalars(value).slice();
  const tableSize = new DataView(bytes.buffer).getUint32(0, true);

  it('decodes the whole table as its getters read it', () => {
    const v = ScalarsViewer.at(new Reader(bytes), 0);
    expect(throughGetters(v)).toEqual(expectedAt(tableSize));
    expect(v.toObject()).toEqual(value);
  });

  it('reads fields past a smaller declared size as defaults, for every size, through getters and toObject', () => {
    expect(Math.max(...fieldEnds.values())).toBe(tableSize);
    for (let size = 0; size <= tableSize; size++) {
      const copy = bytes.slice();
      new DataView(copy.buffer).setUint32(0, size, true);
      const v = ScalarsViewer.at(new Reader(copy), 0);
      // Only a declared size below the table's minimum (4 bytes, packed) makes it unreadable.
      const expected = expectedAt(size < 4 ? 0 : size);
      expect(throughGetters(v)).toEqual(expected);
      const { Label: _label, ...scalars } = v.toObject();
      expect(scalars).toEqual(expected);
    }
  });

  it('a short table is read from a copy: it keeps its values when the message changes under the viewer', () => {
    const copy = bytes.slice();
    new DataView(copy.buffer).setUint32(0, fieldEnds.get('U32')!, true);
    const v = ScalarsViewer.at(new Reader(copy), 0);
    copy.fill(0x55, 4);
    expect(throughGetters(v)).toEqual(expectedAt(fieldEnds.get('U32')!));
  });

  it('a whole table is read in place: the viewer sees the message as it is now', () => {
    const copy = bytes.slice();
    const v = ScalarsViewer.at(new Reader(copy), 0);
    new DataView(copy.buffer).setUint32(fieldEnds.get('U32')! - 4, 42, true);
    expect(v.U32).toBe(42);
  });

  it('never reads outside the message for a viewer made by hand with any offset and size', () => {
    // The message sits inside a larger buffer of 0xAA bytes: a read past it would show.
    const buffer = new Uint8Array(bytes.length + 256).fill(0xaa);
    buffer.set(bytes, 128);
    const reader = new Reader().resetAt(buffer.buffer, 128, bytes.length);
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: -300, max: 400 }), fc.constantFrom(NaN, 0.5, -0, Infinity)), fc.oneof(fc.integer({ min: -300, max: 1000 }), fc.constantFrom(NaN, 2 ** 32, Infinity)), (offset, size) => {
        const v = new ScalarsViewer(reader, offset, size);
        // In the message: each field inside the declared size is read where it is (the message's bytes or the
        // 0xAA around it never show: a field past the message is past the size too).
        const expected: Record<string, unknown> = { ...defaults };
        if (reader.inBounds(offset, size)) {
          for (const f of fields) {
            if (f.type.kind === 'scalar' && f.offset + f.size <= size) expected[f.name] = CHECKED_READ[f.type.scalar](reader, offset + f.offset);
          }
        }
        expect(throughGetters(v)).toEqual(expected);
        const { Label: _label, ...scalars } = v.toObject();
        expect(scalars).toEqual(expected);
      }),
      { numRuns: 2000 },
    );
  });
});
