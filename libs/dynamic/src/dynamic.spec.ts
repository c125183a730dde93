import fc from 'fast-check';
import { loadSuites } from '@karmem-ts/conformance';
import { decodeJson, encodeJson, InexactInteger, parseJson, UnknownTypeError, ValueError, float32Json } from '@karmem-ts/dynamic';
import { loadSchema } from '@karmem-ts/layout';
import { KarmemLimitError } from '@karmem-ts/runtime';

const suites = loadSuites().map((suite) => ({ suite, layout: loadSchema(suite.schemaSource, suite.schemaFile).layout! }));
const cases = suites.flatMap(({ suite, layout }) => suite.cases.map((c) => [c.id, { layout, c }] as const));

describe('schema-driven codec on the conformance vectors', () => {
  it.each(cases)('%s decodes to exactly the canonical value', (_id, { layout, c }) => {
    expect(decodeJson(layout, c.type, c.bytes)).toEqual(c.value);
  });

  it.each(cases.filter(([, { c }]) => c.kind === 'roundtrip'))('%s encodes to the reference bytes', (_id, { layout, c }) => {
    expect(Buffer.from(encodeJson(layout, c.type, c.value)).toString('hex')).toBe(Buffer.from(c.bytes).toString('hex'));
  });
});

describe('values that do not fit', () => {
  const { layout } = suites.find((s) => s.suite.name === 'scene')!;
  const scene = () => JSON.parse(JSON.stringify(suites.find((s) => s.suite.name === 'scene')!.suite.cases.find((c) => c.name === 'full-scene')!.value));

  it.each([
    ['a missing field', (v: any) => delete v.Title, 'Scene.Title: missing (every field must be given)'],
    ['an unknown field', (v: any) => (v.Extra = 1), 'Scene.Extra: Scene has no field Extra'],
    ['a wrong type deep inside', (v: any) => (v.Nodes[0].Node.Local.Position.X = 'far'), 'Scene.Nodes[0].Node.Local.Position.X: expected a number, got the string "far"'],
    ['an integer out of range', (v: any) => (v.Version = 70000), 'Scene.Version: 70000 does not fit in uint16 (0 to 65535)'],
    ['a fraction for an integer', (v: any) => (v.Nodes[0].Node.Id = 1.5), 'Scene.Nodes[0].Node.Id: expected an integer, got number 1.5'],
    ['a fixed array of the wrong length', (v: any) => (v.Ambient = [1, 2]), 'Scene.Ambient: expected 3 elements, got 2'],
    ['a bool given as a number', (v: any) => (v.Nodes[0].Node.Visible = 1), 'Scene.Nodes[0].Node.Visible: expected true or false, got number 1'],
  ])('names the field path for %s', (_what, mutate, message) => {
    const value = scene();
    mutate(value);
    expect(() => encodeJson(layout, 'Scene', value)).toThrow(new ValueError(message.split(': ')[0]!, message.slice(message.indexOf(': ') + 2)));
  });

  it('rejects a limited slice over its limit and an unknown root type', () => {
    const { layout: text } = suites.find((s) => s.suite.name === 'textlimits')!;
    const value = JSON.parse(JSON.stringify(suites.find((s) => s.suite.name === 'textlimits')!.suite.cases.find((c) => c.name === 'exact-limits')!.value));
    value.Codes = [1, 2, 3, 4, 5];
    expect(() => encodeJson(text, 'Text', value)).toThrow('Text.Codes: 5 elements, the limit is 4');
    expect(() => encodeJson(text, 'Nope', {})).toThrow('no struct named Nope');
    expect(() => encodeJson(text, 'Nope', {})).toThrow(UnknownTypeError);
    expect(() => decodeJson(text, 'text', new Uint8Array())).toThrow(new UnknownTypeError('text', 'textlimits', 'Text'));
    expect(() => decodeJson(text, 'text', new Uint8Array())).toThrow('no struct named text in schema textlimits; did you mean Text?');
  });
});

describe('canonical floats', () => {
  it('writes float32 as the shortest decimal that reads back the same', () => {
    expect(float32Json(Math.fround(1.1))).toBe(1.1);
    expect(float32Json(Math.fround(1e-45))).toBe(1e-45);
    expect(float32Json(-0)).toBe(0);
    fc.assert(fc.property(fc.float({ noNaN: true, noDefaultInfinity: true }), (f) => expect(Math.fround(float32Json(f) as number)).toBe(f === 0 ? 0 : f)));
  });

  it('never throws decoding random bytes as any struct, but at the decode limits', () => {
    fc.assert(
      fc.property(fc.constantFrom(...suites), fc.uint8Array({ maxLength: 200 }), ({ layout }, bytes) => {
        for (const struct of layout.structs) {
          try {
            decodeJson(layout, struct.name, bytes);
          } catch (error) {
            if (!(error instanceof KarmemLimitError)) throw error;
          }
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('recursive schemas', () => {
  it('decode a slice that branches back to its own table in bounded work', () => {
    const layout = loadSchema('karmem tree @packed(true);\nstruct Node table { Label []char; Kids []NodeRef; }\nstruct NodeRef inline { Node Node; }').layout!;
    const bytes = new Uint8Array(28);
    const dv = new DataView(bytes.buffer);
    dv.setUint32(0, 20, true);
    dv.setUint32(4, 20, true);
    dv.setUint32(12, 20, true);
    dv.setUint32(16, 8, true); // two NodeRefs, both pointing at offset 0: the root again
    // 2^64 nodes without limits; depth-first, the depth limit comes first, and it is an error.
    expect(() => decodeJson(layout, 'Node', bytes)).toThrow(expect.objectContaining({ name: 'KarmemLimitError', kind: 'depth', path: 'Node.Kids' }));
  });
});

describe('encode refuses what JSON would round or overflow', () => {
  const { layout: scalars } = suites.find((s) => s.suite.name === 'scalars')!;
  const base = () => JSON.parse(JSON.stringify(suites.find((s) => s.suite.name === 'scalars')!.suite.cases[0]!.value));
  const text = (mutate: (v: any) => void, raw?: [string, string]) => {
    const v = base();
    mutate(v);
    const json = JSON.stringify(v);
    return raw ? json.replace(raw[0], raw[1]) : json;
  };
  /** The base value with `field` written as the JSON number `literal`, parsed. */
  const withLiteral = (field: string, literal: string) => parseJson(text((v) => (v[field] = 1), [`"${field}":1`, `"${field}":${literal}`]));
  const { layout: limits } = suites.find((s) => s.suite.name === 'textlimits')!;
  /** textlimits' exact-limits value with its `Short` string replaced. */
  const withShort = (short: string) => {
    const value = JSON.parse(JSON.stringify(suites.find((s) => s.suite.name === 'textlimits')!.suite.cases.find((c) => c.name === 'exact-limits')!.value));
    value.Short = short;
    return value;
  };

  it('the JSON number 2^53+1 is an error; as a string it is exact; 2^53 itself is a number', () => {
    const inexact = parseJson(text((v) => (v.U64 = 1), ['"U64":1', '"U64":9007199254740993']));
    expect(() => encodeJson(scalars, 'Scalars', inexact)).toThrow('Scalars.U64: the JSON number 9007199254740993 is past 2^53');
    const negative = parseJson(text((v) => (v.I64 = 1), ['"I64":1', '"I64":-9223372036854775809']));
    expect(() => encodeJson(scalars, 'Scalars', negative)).toThrow('Scalars.I64: the JSON number -9223372036854775809 is past 2^53');
    expect(() => encodeJson(scalars, 'Scalars', parseJson(text((v) => (v.U64 = 1e20))))).toThrow('Scalars.U64: the JSON number 100000000000000000000 is past 2^53');
    const exact = parseJson(text((v) => (v.U64 = '9007199254740993')));
    expect(decodeJson(scalars, 'Scalars', encodeJson(scalars, 'Scalars', exact))).toMatchObject({ U64: '9007199254740993' });
    const edge = parseJson(text((v) => (v.U64 = 9007199254740992)));
    expect(decodeJson(scalars, 'Scalars', encodeJson(scalars, 'Scalars', edge))).toMatchObject({ U64: 9007199254740992 });
    // A float field takes a long integer literal as the nearest double.
    const float = parseJson(text((v) => (v.F64 = 1), ['"F64":1', '"F64":9007199254740993']));
    expect(decodeJson(scalars, 'Scalars', encodeJson(scalars, 'Scalars', float))).toMatchObject({ F64: 9007199254740992 });
    // Digits inside strings are left alone.
    expect(parseJson('{"a":"9007199254740993","b":9007199254740993}')).toEqual({ a: '9007199254740993', b: new InexactInteger('9007199254740993') });
  });

  it('a literal with a fraction or an exponent is read whole: inexact integers and non-integers are errors for integer fields', () => {
    expect(() => encodeJson(scalars, 'Scalars', withLiteral('U64', '9007199254740993.0'))).toThrow('Scalars.U64: the JSON number 9007199254740993.0 is past 2^53');
    expect(() => encodeJson(scalars, 'Scalars', withLiteral('U64', '9007199254740993e0'))).toThrow('Scalars.U64: the JSON number 9007199254740993e0 is past 2^53');
    expect(() => encodeJson(scalars, 'Scalars', withLiteral('I64', '-9007199254740993.0'))).toThrow('Scalars.I64: the JSON number -9007199254740993.0 is past 2^53');
    expect(() => encodeJson(scalars, 'Scalars', withLiteral('U8', '1.0000000000000001'))).toThrow('Scalars.U8: the JSON number 1.0000000000000001 is not an integer (it reads as 1)');
    expect(() => encodeJson(scalars, 'Scalars', withLiteral('U32', '4294967295.0000000000000001'))).toThrow('is not an integer (it reads as 4294967295)');
    expect(() => encodeJson(scalars, 'Scalars', withLiteral('U8', '1e-400'))).toThrow('Scalars.U8: the JSON number 1e-400 is not an integer (it reads as 0)');
    // Exactly an integer, however written: accepted.
    for (const literal of ['2.0', '2e0', '200e-2', '0.2e1']) expect(decodeJson(scalars, 'Scalars', encodeJson(scalars, 'Scalars', withLiteral('U8', literal)))).toMatchObject({ U8: 2 });
    // Long fractions are valid JSON, read as the nearest double by float fields (they once failed as "not valid JSON").
    expect(decodeJson(scalars, 'Scalars', encodeJson(scalars, 'Scalars', withLiteral('F64', '0.12345678901234567890')))).toMatchObject({ F64: 0.12345678901234568 });
    expect(() => encodeJson(scalars, 'Scalars', withLiteral('U8', '255.99999999999999999'))).toThrow('Scalars.U8: the JSON number 255.99999999999999999 is not an integer (it reads as 256)');
  });

  it('a float literal past float64 is an error, not an infinity', () => {
    expect(() => encodeJson(scalars, 'Scalars', withLiteral('F64', '1e400'))).toThrow('Scalars.F64: number Infinity overflows float64');
    expect(() => encodeJson(scalars, 'Scalars', withLiteral('F64', '-1e400'))).toThrow('Scalars.F64: number -Infinity overflows float64');
    expect(() => encodeJson(scalars, 'Scalars', withLiteral('F32', '1e400'))).toThrow('Scalars.F32: number Infinity overflows float64');
  });

  it('an f32 that overflows is an error; infinities given as such are not', () => {
    expect(() => encodeJson(scalars, 'Scalars', parseJson(text((v) => (v.F32 = 1e39))))).toThrow('Scalars.F32: 1e+39 overflows float32');
    expect(() => encodeJson(scalars, 'Scalars', parseJson(text((v) => (v.F32 = 'Infinity'))))).not.toThrow();
    expect(() => encodeJson(scalars, 'Scalars', parseJson(text((v) => (v.F32 = 3.4028234663852886e38))))).not.toThrow();
  });

  it('a string over its [<N]char limit is an error (the limit is in UTF-8 bytes)', () => {
    expect(() => encodeJson(limits, 'Text', withShort('abcdefghi'))).toThrow('Text.Short: 9 bytes of UTF-8, the limit is 8');
    expect(() => encodeJson(limits, 'Text', withShort('ééééé'))).toThrow('Text.Short: 10 bytes of UTF-8, the limit is 8');
    expect(() => encodeJson(limits, 'Text', withShort('éééé'))).not.toThrow();
  });

  it('a string with a lone surrogate is an error (UTF-8 cannot hold it: it would be written as U+FFFD)', () => {
    expect(() => encodeJson(limits, 'Text', withShort('a\ud800'))).toThrow('Text.Short: a lone surrogate U+D800 at index 1');
    expect(() => encodeJson(limits, 'Text', withShort('\udc00x'))).toThrow('Text.Short: a lone surrogate U+DC00 at index 0');
    expect(() => encodeJson(limits, 'Text', withShort('\ud83d\ude00'))).not.toThrow();
  });
});
