/**
 * A generated toObject copies strings and float slices with loops of its own
 * (emit-viewer's emitCopyInPlace): ASCII text in place, else Reader.string;
 * float32 and float64 from the buffer's typed arrays where aligned, else
 * Reader.numbers. Each must give exactly what the field's getter reads,
 * whatever the bytes and wherever the message lies in its buffer, and charge
 * the decode's budget once, as copyString and copyNumberSlice did.
 */
import fc from 'fast-check';
import { generateTypeScript } from '@karmem-ts/codegen-ts';
import { loadSchema, structDecodeUnits } from '@karmem-ts/layout';
import { KarmemLimitError, Reader, type SliceView } from '@karmem-ts/runtime';
import { loadTypeScript } from '../../codegen-core/test/hostile-values';
import { MAX_COPIES_IN_PLACE } from '../src/emit-viewer';
import { goldenSchemas } from './golden';
import {
  CompactViewer, SeriesViewer, decodeCompact, decodeSeries, encodeCompact, encodeSeries, viewSeries, type Compact, type Series,
} from './golden/series';

const layout = goldenSchemas().find((s) => s.name === 'series')!.layout;
const seriesFields = new Map(layout.structsByName.get('Series')!.fields.map((f) => [f.name, f] as const));

/** A slice view's elements one `at(i)` at a time: the getters' path, not the bulk copies under test. */
function elements(view: SliceView<number>): number[] {
  return Array.from({ length: view.length }, (_, i) => view.at(i));
}

/** What the getters read of a Series: the oracle for its toObject. */
function throughGetters(v: SeriesViewer): Series {
  const w = v.Window;
  return {
    Name: v.Name, Samples: elements(v.Samples), Peaks: elements(v.Peaks), Times: elements(v.Times),
    Window: { Label: w.Label, Values: elements(w.Values) }, Unit: v.Unit, Count: v.Count,
  };
}

function compactThroughGetters(v: CompactViewer): Compact {
  return { Samples: elements(v.Samples), Name: v.Name };
}

/** `bytes` copied to `shift` bytes into a larger buffer: a message at every alignment of its floats. */
function placed(bytes: Uint8Array, shift: number): Uint8Array {
  const buffer = new Uint8Array(bytes.length + 16).fill(0xee);
  buffer.set(bytes, shift);
  return buffer.subarray(shift, shift + bytes.length);
}

const SHIFTS = [0, 1, 2, 3, 4, 5, 6, 7];

/** Text of any units, weighted to the edges of the ASCII loop: U+007F / U+0080, surrogates, astral pairs. */
const text = (maxLength: number) =>
  fc.oneof(
    fc.array(fc.constantFrom('a', 'Z', '\0', '\ufeff', '\x7f', '\x80', 'é', '\u07ff', '\u0800', '€', '\ud83d', '\ude00', '😀'), { maxLength }).map((u) => u.join('')),
    fc.string({ unit: 'grapheme-ascii', maxLength }),
  );
/** Text within a limit of `bytes` UTF-8 bytes, as the encoder demands. */
const textWithin = (bytes: number) => text(bytes).filter((t) => new TextEncoder().encode(t).length <= bytes);
/** float32 values (fc.float's are), so that the round trip is exact. */
const f32 = fc.float();
const f64 = fc.double();

const series: fc.Arbitrary<Series> = fc.record({
  Name: text(80),
  Samples: fc.array(f32, { maxLength: 23 }),
  Peaks: fc.array(f32, { maxLength: 5 }),
  Times: fc.array(f64, { maxLength: 9 }),
  Window: fc.record({ Label: textWithin(4), Values: fc.array(f64, { maxLength: 3 }) }),
  Unit: textWithin(8),
  Count: fc.nat(),
});

describe('toObject copies strings and float slices itself', () => {
  it('round-trips any value, at every alignment of the message in its buffer', () => {
    fc.assert(
      fc.property(series, fc.constantFrom(...SHIFTS), (value, shift) => {
        const bytes = placed(encodeSeries(value).slice(), shift);
        // Text through the encoder is well-formed: lone surrogates come back as U+FFFD.
        const expected = { ...value, Name: wellFormed(value.Name), Window: { ...value.Window, Label: wellFormed(value.Window.Label) }, Unit: wellFormed(value.Unit) };
        expect(decodeSeries(bytes)).toEqual(expected);
        // A packed table: the payloads at other places.
        const compact = placed(encodeCompact({ Samples: value.Samples, Name: value.Name }).slice(), shift);
        expect(decodeCompact(compact)).toEqual({ Samples: value.Samples, Name: expected.Name });
      }),
      { numRuns: 400 },
    );
  });

  it('reads what the getters read, on any bytes at any alignment', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.constantFrom(...SHIFTS), (raw, shift) => {
        const bytes = placed(raw, shift);
        expect(decodeSeries(bytes)).toEqual(throughGetters(viewSeries(bytes)));
        expect(decodeCompact(bytes)).toEqual(compactThroughGetters(CompactViewer.at(new Reader(bytes), 0)));
      }),
      { numRuns: 1500 },
    );
  });

  it('reads what the getters read when a valid message is mutated', () => {
    fc.assert(
      fc.property(series, fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 6 }), fc.constantFrom(...SHIFTS), (value, edits, shift) => {
        const raw = encodeSeries(value).slice();
        for (const [at, byte] of edits) raw[at % raw.length] = byte;
        const bytes = placed(raw, shift);
        expect(decodeSeries(bytes)).toEqual(throughGetters(viewSeries(bytes)));
      }),
      { numRuns: 600 },
    );
  });

  describe('text', () => {
    /** A Series whose Name holds exactly `payload` (any bytes), written over an ASCII placeholder of its length. */
    function withName(payload: Uint8Array): Uint8Array {
      const bytes = encodeSeries({ ...empty(), Name: 'x'.repeat(payload.length) }).slice();
      const at = new DataView(bytes.buffer).getUint32(seriesFields.get('Name')!.offset, true);
      bytes.set(payload, at);
      return bytes;
    }

    it('decodes any bytes as TextDecoder does (U+FFFD for what is not UTF-8; a leading U+FEFF kept)', () => {
      const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
      const mostlyAscii = fc.array(fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 0, max: 0x7f }) }, { weight: 1, arbitrary: fc.integer({ min: 0x80, max: 0xff }) }), { maxLength: 70 });
      fc.assert(
        fc.property(mostlyAscii, fc.constantFrom(...SHIFTS), (units, shift) => {
          const payload = Uint8Array.from(units);
          expect(decodeSeries(placed(withName(payload), shift)).Name).toBe(decoder.decode(payload));
        }),
        { numRuns: 1000 },
      );
    });

    it('gives up the ASCII loop at a byte of 0x80 or more anywhere, at both edges of the loop\'s length', () => {
      for (const length of [1, 7, 8, 9, 16, 31, 32, 33, 40]) {
        for (let at = 0; at < length; at++) {
          for (const high of [0x80, 0xc3, 0xff]) {
            const payload = new TextEncoder().encode('k'.repeat(length));
            payload[at] = high;
            expect(decodeSeries(withName(payload)).Name).toBe(new TextDecoder('utf-8', { ignoreBOM: true }).decode(payload));
          }
        }
      }
    });

    it('keeps to a [<N]char limit, in ASCII and where the limit cuts a character', () => {
      const bytes = padded(encodeSeries({ ...empty(), Unit: 'abcdefgh', Window: { Label: 'wxyz', Values: [] } }));
      const view = new DataView(bytes.buffer);
      // Lengthen both headers past their limits, still inside the message.
      const unit = seriesFields.get('Unit')!.offset;
      const label = seriesFields.get('Window')!.offset;
      view.setUint32(unit + 4, 11, true);
      view.setUint32(label + 4, 6, true);
      expect(decodeSeries(bytes)).toMatchObject({ Unit: 'abcdefgh', Window: { Label: 'wxyz' } });
      // A two-byte character across the limit: its first byte alone is U+FFFD, as the getter reads it.
      bytes.set([0xc3, 0xa9], view.getUint32(unit, true) + 7);
      expect(decodeSeries(bytes).Unit).toBe('abcdefg\ufffd');
      expect(viewSeries(bytes).Unit).toBe('abcdefg\ufffd');
    });

    it('throws, as the getter does, when a resizable buffer shrank under the reader', () => {
      const message = encodeSeries({ ...empty(), Name: 'shrinking' }).slice();
      const buffer = new (ArrayBuffer as unknown as new (n: number, o: object) => ArrayBuffer & { resize(n: number): void })(message.length, { maxByteLength: 1024 });
      new Uint8Array(buffer).set(message);
      const reader = new Reader(new Uint8Array(buffer));
      expect(viewSeries(reader).toObject().Name).toBe('shrinking');
      buffer.resize(message.length - 1);
      const gone = /^karmem: the message's ArrayBuffer was detached or shrunk since the reader was reset/;
      expect(() => viewSeries(reader).Name).toThrow(gone);
      expect(() => viewSeries(reader).toObject()).toThrow(gone);
    });
  });

  describe('floats', () => {
    it('keep every bit a float can hold: -0, NaN, infinities, subnormals', () => {
      const value = { ...empty(), Samples: [-0, NaN, Infinity, -Infinity, 1e-45, 3.4028234663852886e38], Times: [-0, NaN, 5e-324, -Number.MAX_VALUE] };
      for (const shift of SHIFTS) {
        const decoded = decodeSeries(placed(encodeSeries(value).slice(), shift));
        expect(decoded.Samples.map((x) => Object.is(x, -0) ? '-0' : String(x))).toEqual(['-0', 'NaN', 'Infinity', '-Infinity', String(Math.fround(1e-45)), '3.4028234663852886e+38']);
        expect(decoded.Times.map((x) => Object.is(x, -0) ? '-0' : String(x))).toEqual(['-0', 'NaN', '5e-324', String(-Number.MAX_VALUE)]);
      }
    });

    it('keep to a [<N]float32 limit and stop at the message\'s end', () => {
      const bytes = padded(encodeSeries({ ...empty(), Peaks: [1, 2, 3, 4, 5], Samples: [9, 8, 7] }));
      const view = new DataView(bytes.buffer);
      view.setUint32(seriesFields.get('Peaks')!.offset + 4, 40, true); // ten elements declared, five allowed
      expect(decodeSeries(bytes).Peaks).toEqual([1, 2, 3, 4, 5]);
      view.setUint32(seriesFields.get('Samples')!.offset + 4, bytes.length, true); // runs past the end: unreadable
      expect(decodeSeries(bytes).Samples).toEqual([]);
    });

    it('are packed doubles whatever the first element, so that every message gives the array one shape', () => {
      // The array's kind is not observable from JS; its values are: integers stay integers.
      expect(decodeSeries(encodeSeries({ ...empty(), Samples: [1, 2, 3, 0.5] })).Samples).toEqual([1, 2, 3, 0.5]);
      expect(decodeSeries(encodeSeries({ ...empty(), Samples: [] })).Samples).toEqual([]);
    });
  });

  it(`copies the first ${MAX_COPIES_IN_PLACE} such fields of a struct itself and the rest through the runtime, to the same values`, () => {
    // Strings and float slices in turn, past the limit: a toObject that stays small enough for V8 to optimize.
    const count = MAX_COPIES_IN_PLACE + 9;
    const fields = Array.from({ length: count }, (_, i) => `    F${i} ${i % 2 === 0 ? '[]char' : '[]float32'};`);
    const layout = loadSchema(`karmem wide;\n\nstruct Wide table {\n${fields.join('\n')}\n}\n`, 'wide.km').layout!;
    const code = generateTypeScript(layout, { source: 'wide.km' }).map((o) => o.content).join('');
    const toObject = code.slice(code.indexOf('toObject('), code.indexOf('private field('));
    const inPlace = (toObject.match(/karmem\.charge(String|NumberSlice)\(/g) ?? []).length;
    const called = (toObject.match(/karmem\.copy(String|NumberSlice)\(/g) ?? []).length;
    expect([inPlace, called]).toEqual([MAX_COPIES_IN_PLACE, count - MAX_COPIES_IN_PLACE]);
    const wide = loadTypeScript(code) as { encodeWide(v: unknown): Uint8Array; decodeWide(b: Uint8Array): Record<string, unknown> };
    const value = Object.fromEntries(Array.from({ length: count }, (_, i) => [`F${i}`, i % 2 === 0 ? `text ${i} é` : [i, -i, 0.5]]));
    for (const shift of SHIFTS) expect(wide.decodeWide(placed(wide.encodeWide(value).slice(), shift))).toEqual(value);
  });

  describe('the decode budget', () => {
    const ROOT = structDecodeUnits(layout, 'Series');

    /** What decoding `value` costs: the root, then each slice's bytes as copied (clamped to its limit). */
    function cost(value: Series): number {
      const utf8 = (s: string) => new TextEncoder().encode(s).length;
      return ROOT + utf8(value.Name) + 4 * value.Samples.length + 4 * value.Peaks.length + 8 * value.Times.length
        + utf8(value.Window.Label) + 8 * value.Window.Values.length + utf8(value.Unit);
    }

    it('is charged each slice once: the exact cost passes, one unit less does not', () => {
      fc.assert(
        fc.property(series, fc.constantFrom(...SHIFTS), (value, shift) => {
          const bytes = placed(encodeSeries(value).slice(), shift);
          const budget = cost(value);
          expect(() => decodeSeries(bytes, { budget })).not.toThrow();
          expect(() => decodeSeries(bytes, { budget: budget - 1 })).toThrow(KarmemLimitError);
        }),
        { numRuns: 300 },
      );
    });

    it('charges text that leaves the ASCII loop once, not again in Reader.string', () => {
      const value = { ...empty(), Name: 'ascii, then é' };
      const bytes = encodeSeries(value);
      expect(() => decodeSeries(bytes, { budget: cost(value) })).not.toThrow();
      expect(() => decodeSeries(bytes, { budget: cost(value) - 1 })).toThrow(KarmemLimitError);
    });
  });
});

function empty(): Series {
  return { Name: '', Samples: [], Peaks: [], Times: [], Window: { Label: '', Values: [] }, Unit: '', Count: 0 };
}

/** A message followed by 64 bytes of its own: room for a header lengthened past its payload. */
function padded(message: Uint8Array): Uint8Array {
  const bytes = new Uint8Array(message.length + 64);
  bytes.set(message);
  return bytes;
}

/** What a string becomes through UTF-8: lone surrogates replaced by U+FFFD. */
function wellFormed(s: string): string {
  return new TextDecoder('utf-8', { ignoreBOM: true }).decode(new TextEncoder().encode(s));
}
