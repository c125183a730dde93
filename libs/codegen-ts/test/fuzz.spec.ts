/**
 * Property-based tests of the generated code: hostile bytes never make a
 * viewer, decoder or validator throw anything but a KarmemLimitError (the
 * decode limits), nor hang; random values round-trip.
 */
import fc from 'fast-check';
import { arbitraryValue, loadSuites } from '@karmem-ts/conformance';
import { DECODE_BUDGET_FACTOR, DECODE_BUDGET_FLOOR, decodeFitsDefaultBudget, loadSchema, structDecodeUnits } from '@karmem-ts/layout';
import * as runtime from '@karmem-ts/runtime';
import { KarmemEncodeError, KarmemLimitError, KarmemWriteError, Writer } from '@karmem-ts/runtime';
import { goldenSchemas } from './golden';
import { api } from './modules';
import { fromCanonical } from './values';

const roots = goldenSchemas().flatMap((schema) => schema.layout.structs.map((s) => ({ schema: schema.name, layout: schema.layout, type: s.name })));
const samples = loadSuites().flatMap((suite) => {
  const layout = loadSchema(suite.schemaSource, suite.schemaFile).layout!;
  return suite.cases.map((c) => ({ schema: layout.name, type: c.type, bytes: c.bytes }));
});

/** Reads every field through the viewer, the way an application would; a decode may stop at its limits, and only so. */
function readEverything(schema: string, type: string, bytes: Uint8Array): void {
  const { view, decode, validate } = api(schema, type);
  limited(() => view(bytes).toObject());
  limited(() => decode(bytes));
  validate(bytes);
}

function limited(decode: () => unknown): void {
  try {
    decode();
  } catch (error) {
    if (!(error instanceof KarmemLimitError)) throw error;
  }
}

describe('hostile bytes', () => {
  it('random bytes never throw in any viewer, decoder or validator', () => {
    fc.assert(
      fc.property(fc.constantFrom(...roots), fc.uint8Array({ maxLength: 300 }), ({ schema, type }, bytes) => {
        readEverything(schema, type, bytes);
      }),
      { numRuns: 2000 },
    );
  });

  it('mutated valid messages never throw', () => {
    const mutation = fc.tuple(fc.constantFrom(...samples), fc.array(fc.tuple(fc.nat(), fc.nat({ max: 255 })), { minLength: 1, maxLength: 8 }), fc.nat());
    fc.assert(
      fc.property(mutation, ([sample, edits, cut]) => {
        const bytes = sample.bytes.slice(0, sample.bytes.length - (cut % 4 === 0 ? cut % (sample.bytes.length + 1) : 0));
        for (const [at, value] of edits) if (bytes.length > 0) bytes[at % bytes.length] = value;
        readEverything(sample.schema, sample.type, bytes);
      }),
      { numRuns: 2000 },
    );
  });

  it('messages with offsets everywhere pointing at one payload stay bounded in validation', () => {
    // A Scene whose Nodes slice points at itself: every element re-enters the same bytes.
    const { validate, decode } = api('scene', 'Scene');
    const bytes = new Uint8Array(256);
    const dv = new DataView(bytes.buffer);
    dv.setUint32(0, 102, true); // the Scene table
    dv.setUint32(58, 0, true); // Nodes -> offset 0, the Scene itself
    dv.setUint32(62, 200, true); // 200 bytes: 25 NodeRef elements
    expect(() => decode(bytes)).not.toThrow();
    expect(validate(bytes)).toBeDefined();
  });
});

// A toObject whose struct decodeFitsDefaultBudget opens no budget unless given one: the layout's
// bound must hold for what the runtime charges. Every slice such a root reaches costs at most the
// message's bytes, and there are at most 7: a decode spends at most root + 7 x bytes. Messages whose
// words are 0 or the message's length make every header span the whole message, the most it can cost.
describe('roots decoded without a budget of their own', () => {
  const fitting = roots.filter((r) => decodeFitsDefaultBudget(r.layout, r.type));

  it('are judged against the budget the runtime keeps', () => {
    expect([DECODE_BUDGET_FACTOR, DECODE_BUDGET_FLOOR]).toEqual([runtime.DECODE_BUDGET_FACTOR, runtime.DECODE_BUDGET_FLOOR]);
  });

  it('are found among the golden schemas', () => {
    expect(fitting.map((r) => `${r.schema}.${r.type}`)).toEqual(expect.arrayContaining(['scalars.Scalars', 'profile.Profile']));
  });

  it('never spend more than the root plus 7 x the message\'s bytes', () => {
    const word = fc.oneof(fc.constant(-1), fc.constant(-2), fc.nat());
    const message = fc.integer({ min: 1, max: 96 }).chain((n) => fc.array(word, { minLength: n, maxLength: n }));
    fc.assert(
      fc.property(fc.constantFrom(...fitting), message, ({ schema, layout, type }, words) => {
        const bytes = new Uint8Array(words.length * 4);
        const view = new DataView(bytes.buffer);
        words.forEach((w, i) => view.setUint32(4 * i, w === -1 ? 0 : w === -2 ? bytes.length : w % (bytes.length + 1), true));
        const budget = structDecodeUnits(layout, type) + (DECODE_BUDGET_FACTOR - 1) * bytes.length;
        api(schema, type).decode(bytes, { budget });
      }),
      { numRuns: 3000 },
    );
  });

  it('still keep a budget they are given', () => {
    const { encode, decode } = api('scalars', 'Scalars');
    const bytes = encode({ Label: 'x'.repeat(100) });
    expect(() => decode(bytes, { budget: 10 })).toThrow(KarmemLimitError);
    expect(decode(bytes).Label).toBe('x'.repeat(100));
  });
});

/** A Node whose Kids slice holds `fanout` references back to the Node itself. */
function branchingCycle(fanout: number): Uint8Array {
  const bytes = new Uint8Array(20 + fanout * 4);
  const dv = new DataView(bytes.buffer);
  dv.setUint32(0, 20, true); // Node table: size 20
  dv.setUint32(4, 20, true); // Label: empty
  dv.setUint32(12, 20, true); // Kids -> offset 20,
  dv.setUint32(16, fanout * 4, true); // fanout elements of 4 bytes, each pointing at offset 0
  return bytes;
}

describe('recursive schemas', () => {
  it('a slice that branches back to its own table is a depth error, not a truncated tree', () => {
    const { decode, validate } = api('tree', 'Node');
    // Without limits this is 2^64 nodes; depth-first, the depth limit comes first.
    expect(() => decode(branchingCycle(2))).toThrow(expect.objectContaining({ name: 'KarmemLimitError', kind: 'depth', limit: 64 }));
    expect(validate(branchingCycle(2))).toMatchObject({ message: expect.stringMatching(/nested deeper|expands past/) });
  });

  it('encoders refuse a tree deeper than decoders read, naming the path; at the limit both agree', () => {
    const { encode, decode } = api('tree', 'Node');
    const chain = (levels: number) => {
      let node: { Label: string; Kids: unknown[] } = { Label: 'leaf', Kids: [] };
      for (let i = 0; i < levels; i++) node = { Label: `n${i}`, Kids: [{ Node: node }] };
      return node;
    };
    // 64 recursive slices (the leaf's empty Kids counts too): written and read whole.
    const deepest = chain(63);
    expect(decode(encode(deepest))).toEqual(deepest);
    // One more: refused, as decoders refuse to read it (the test above); the path ends at the leaf's Kids.
    let thrown: unknown;
    try {
      encode(chain(64));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(KarmemEncodeError);
    expect((thrown as KarmemEncodeError).message).toMatch(/^karmem: Node(\.Kids\[0\]\.Node){64}\.Kids\[0\]: nested more than 64 deep/);
    // The encoder is usable again: the depth count went back to zero.
    expect(decode(encode(chain(3)))).toEqual(chain(3));
  });

  it('decode real trees completely', () => {
    const { encode, decode } = api('tree', 'Node');
    const leaf = (Label: string) => ({ Node: { Label, Kids: [] } });
    const value = { Label: 'root', Kids: [{ Node: { Label: 'a', Kids: [leaf('a1'), leaf('a2')] } }, leaf('b')] };
    expect(decode(encode(value))).toEqual(value);
  });
});

describe('random values', () => {
  it.each(roots.map((r) => [`${r.schema}.${r.type}`, r] as const))('%s round-trips through encode and decode', (_name, { schema, layout, type }) => {
    const { encode, decode, validate } = api(schema, type);
    fc.assert(
      fc.property(arbitraryValue(layout, type, { namedEnumsOnly: true }).map((v) => fromCanonical(layout, type, v)), (value) => {
        const bytes = encode(value);
        expect(validate(bytes)).toBeUndefined();
        expect(decode(bytes)).toEqual(value);
      }),
      { numRuns: 60 },
    );
  });
});

describe('fixed regions', () => {
  it('a region too small for the message fails with KarmemWriteError and nothing outside it changes', () => {
    const { encode } = api('game', 'MonsterData');
    const value = { Pos: { X: 1, Y: 2, Z: 3 }, Mana: 1, Health: 2, Name: 'orc', Team: 1, Inventory: new Uint8Array(100), Hitbox: [1, 2, 3, 4, 5], Status: [1, 2], Weapons: [], Path: [] };
    const full = encode(value);
    const buffer = new Uint8Array(full.length + 64).fill(0xee);
    const region = Writer.over(buffer, 32, full.length - 1);
    expect(() => encode(value, region)).toThrow(KarmemWriteError);
    expect(buffer.subarray(0, 32).every((b) => b === 0xee)).toBe(true);
    expect(buffer.subarray(32 + full.length - 1).every((b) => b === 0xee)).toBe(true);
  });

  // A region one byte short fails at the last payload written: the error names where in the value.
  function shortRegionError(schema: string, type: string, value: unknown): KarmemWriteError {
    const { encode } = api(schema, type);
    const full = encode(value);
    const region = Writer.over(new Uint8Array(full.length + 64), 32, full.length - 1);
    try {
      encode(value, region);
    } catch (error) {
      expect(error).toBeInstanceOf(KarmemWriteError);
      return error as KarmemWriteError;
    }
    throw new Error('expected a KarmemWriteError');
  }
  const monster = { Pos: { X: 1, Y: 2, Z: 3 }, Mana: 1, Health: 2, Name: 'orc', Team: 1, Inventory: new Uint8Array(10), Hitbox: [1, 2, 3, 4, 5], Status: [1, 2], Weapons: [], Path: [{ X: 1, Y: 2, Z: 3 }] };

  it('a region too small names the field whose bytes did not fit, from the root', () => {
    const error = shortRegionError('game', 'MonsterData', monster);
    expect(error).toMatchObject({ code: 'OUT_OF_SPACE', path: 'MonsterData.Path' });
    expect(error.message).toBe(`karmem: MonsterData.Path: fixed region is full: ${error.requested} bytes requested, ${error.available} available`);
    // Every size short of the message fails where the writer was when the region ran out, in the order the format writes.
    const { encode } = api('game', 'MonsterData');
    const value = { ...monster, Name: 'Grunt-\u00e9' };
    const full = encode(value).length;
    const paths: string[] = [];
    for (let size = 0; size < full; size++) {
      try {
        encode(value, Writer.over(new Uint8Array(full), 0, size));
      } catch (e) {
        expect(e).toMatchObject({ name: 'KarmemWriteError', code: 'OUT_OF_SPACE' });
        const path = (e as KarmemWriteError).path;
        if (paths[paths.length - 1] !== path) paths.push(path);
      }
    }
    const weapons = [0, 1, 2, 3].map((i) => `MonsterData.Weapons[${i}].Data`);
    expect(paths).toEqual(['MonsterData', 'MonsterData.Name', 'MonsterData.Inventory', 'MonsterData.Status', ...weapons, 'MonsterData.Path']);
  });

  it('and through nested structs and slices, with the element\'s index', () => {
    const error = shortRegionError('game', 'Monsters', { Monsters: [{ Data: monster }, { Data: monster }] });
    expect(error).toMatchObject({ code: 'OUT_OF_SPACE', path: 'Monsters.Monsters[1].Data.Path' });
    expect(error.message).toContain('karmem: Monsters.Monsters[1].Data.Path: fixed region is full');
  });

  it('rejects a fixed array given more elements than it holds', () => {
    const { encode } = api('game', 'MonsterData');
    expect(() => encode({ Pos: { X: 0, Y: 0, Z: 0 }, Mana: 0, Health: 0, Name: '', Team: 0, Inventory: new Uint8Array(), Hitbox: [1, 2, 3, 4, 5, 6], Status: [], Weapons: [], Path: [] })).toThrow(
      'karmem: MonsterData.Hitbox: 6 elements given, the array holds 5',
    );
  });
});
