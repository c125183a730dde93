/**
 * Every conformance vector through the generated TypeScript: encoding gives
 * the reference bytes exactly, decoding gives the reference value, and
 * malformed input never throws.
 */
import { loadSuites } from '@karmem-ts/conformance';
import { loadSchema } from '@karmem-ts/layout';
import { Writer } from '@karmem-ts/runtime';
import { api } from './modules';
import { fromCanonical, roundFloats, toCanonical } from './values';

const cases = loadSuites().flatMap((suite) => {
  const layout = loadSchema(suite.schemaSource, suite.schemaFile).layout!;
  return suite.cases.map((c) => ({ id: c.id, layout, schema: layout.name, c }));
});

describe('conformance through generated TypeScript', () => {
  it('covers every vector', () => {
    expect(cases.length).toBeGreaterThan(60);
  });

  describe.each(cases.map((x) => [x.id, x] as const))('%s', (_id, { layout, schema, c }) => {
    const { encode, decode, view, validate } = api(schema, c.type);

    it('decodes to the reference value', () => {
      const decoded = decode(c.bytes);
      expect(toCanonical(layout, c.type, decoded)).toEqual(roundFloats(layout, c.type, c.value));
    });

    // decodeX reads through the runtime's one shared reader: what it returns must keep nothing of it.
    it('decodes a copy: the value stays when the message is overwritten and another is decoded', () => {
      const bytes = c.bytes.slice();
      const decoded = decode(bytes);
      bytes.fill(0xff);
      decode(cases[0]!.c.bytes);
      expect(toCanonical(layout, c.type, decoded)).toEqual(roundFloats(layout, c.type, c.value));
    });

    it('views the same value as it decodes', () => {
      expect(view(c.bytes).toObject()).toEqual(decode(c.bytes));
    });

    if (c.kind === 'roundtrip') {
      it('encodes to the reference bytes', () => {
        expect(Buffer.from(encode(fromCanonical(layout, c.type, c.value))).toString('hex')).toBe(Buffer.from(c.bytes).toString('hex'));
      });

      it('encodes into a WebAssembly memory region with the same bytes', () => {
        const memory = new WebAssembly.Memory({ initial: 1 });
        const guard = new Uint8Array(memory.buffer);
        guard.fill(0xee);
        const writer = Writer.over(memory.buffer, 128, c.bytes.length);
        const written = encode(fromCanonical(layout, c.type, c.value), writer);
        expect(written.byteOffset).toBe(128);
        expect(Buffer.from(written).equals(Buffer.from(c.bytes))).toBe(true);
        expect(guard[127]).toBe(0xee);
        expect(guard[128 + c.bytes.length]).toBe(0xee);
      });

      it('validates', () => {
        expect(validate(c.bytes)).toBeUndefined();
      });
    } else {
      it('validates without throwing', () => {
        expect(() => validate(c.bytes)).not.toThrow();
      });
    }
  });
});
