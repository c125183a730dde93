/**
 * Generated encoders refuse values that do not fit their field's type
 * (docs/typescript.md, "Encoding"): a KarmemEncodeError naming the path and
 * the value, the writer left empty; valid extremes round-trip; missing and
 * undefined fields are the field's default.
 */
import fc from 'fast-check';
import { KarmemEncodeError, Writer } from '@karmem-ts/runtime';
import { goldenSchemas } from './golden';
import { api } from './modules';

function encodeError(run: () => unknown): KarmemEncodeError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(KarmemEncodeError);
    return error as KarmemEncodeError;
  }
  throw new Error('expected a KarmemEncodeError, nothing was thrown');
}

/** The value with `path` (dotted, [i] for elements) replaced by `replacement`. */
function withValue(base: unknown, path: string, replacement: unknown): Record<string, unknown> {
  const copy = structuredClone(base) as Record<string, unknown>;
  const keys = path.split(/\.|\[|\]\.?/).filter((k) => k !== '');
  let at: Record<string, unknown> = copy;
  for (const key of keys.slice(0, -1)) at = at[key] as Record<string, unknown>;
  at[keys[keys.length - 1]!] = replacement;
  return copy;
}

const scalars = api('scalars', 'Scalars');
const scalarsBase = scalars.decode(scalars.encode({}));

describe('generated encoders refuse wrong scalar values', () => {
  const bad: Array<[field: string, value: unknown]> = [
    ['U8', 300],
    ['U8', -1],
    ['Raw', 256],
    ['I8', 200],
    ['U32', 2 ** 32 + 5],
    ['U32', 1.5],
    ['U16', NaN],
    ['I32', Infinity],
    ['I16', null],
    ['U16', 'far'],
    ['Flag', 'false'],
    ['Flag', 1],
    ['U64', 2n ** 64n],
    ['U64', -1n],
    ['I64', 2n ** 63n],
    ['I64', 2 ** 53],
    ['U64', 1.5],
    ['F32', 1e39],
    ['F64', '1.5'],
    ['Label', 42],
  ];
  it.each(bad)('Scalars.%s = %p', (field, value) => {
    const writer = new Writer();
    const error = encodeError(() => scalars.encode(withValue(scalarsBase, field, value), writer));
    expect(error.path).toBe(`Scalars.${field}`);
    expect(error.value).toBe(value);
    expect(error.message).toContain(`Scalars.${field}`);
    expect(writer.length).toBe(0);
  });

  // The edges of the inline checks a generated encoder spells out (emit-encode.ts, scalars.ts).
  it.each([
    ['I8', -129],
    ['I8', 128],
    ['U16', 65536],
    ['I16', 32768],
    ['I16', -32769],
    ['I32', 2 ** 31],
    ['I32', -(2 ** 31) - 1],
    ['U8', 1.5],
    ['U32', -1],
    ['F32', -1e39],
    ['F64', 1n],
  ] as Array<[string, unknown]>)('one past the range: Scalars.%s = %p', (field, value) => {
    const writer = new Writer();
    const error = encodeError(() => scalars.encode(withValue(scalarsBase, field, value), writer));
    expect([error.path, error.value, writer.length]).toEqual([`Scalars.${field}`, value, 0]);
  });

  it('valid extremes round-trip', () => {
    const extremes = {
      ...scalarsBase,
      Flag: true,
      Raw: 255,
      U8: 255,
      U16: 65535,
      U32: 2 ** 32 - 1,
      U64: 2n ** 64n - 1n,
      I8: -128,
      I16: -32768,
      I32: -(2 ** 31),
      I64: -(2n ** 63n),
      F32: -3.4028234663852886e38,
      F64: Number.MAX_VALUE,
      Label: 'a\u{1F600}',
    };
    expect(scalars.decode(scalars.encode(extremes))).toEqual(extremes);
    const infinite = { ...extremes, F32: Infinity, I64: 2n ** 63n - 1n, I8: 127 };
    expect(scalars.decode(scalars.encode(infinite))).toEqual(infinite);
  });

  it('64-bit fields take safe integer numbers', () => {
    expect(scalars.decode(scalars.encode({ U64: 2 ** 53 - 1, I64: -5 })).U64).toBe(2n ** 53n - 1n);
  });

  it('missing and undefined fields are the defaults', () => {
    expect(scalars.decode(scalars.encode({ U8: undefined }))).toEqual(scalarsBase);
    expect(scalarsBase).toMatchObject({ Flag: false, U8: 0, U64: 0n, F32: 0, Label: '' });
  });

  it('a lone surrogate is written as U+FFFD', () => {
    expect(scalars.decode(scalars.encode({ Label: 'a\ud800b' })).Label).toBe('a\ufffdb');
  });

  it('the root must be an object', () => {
    for (const root of [null, 5, 'x', [1]]) expect(encodeError(() => scalars.encode(root)).path).toBe('Scalars');
  });
});

describe('generated encoders refuse wrong enums, slices, bytes and strings', () => {
  const enums = api('enums', 'Status');
  it('an enum value outside its base type', () => {
    expect(encodeError(() => enums.encode({ Level: 256 })).path).toBe('Status.Level');
    expect(encodeError(() => enums.encode({ Delta: 40000 })).path).toBe('Status.Delta');
    expect(encodeError(() => enums.encode({ Pairs: [{ L: 1 }, { L: -1 }] })).path).toBe('Status.Pairs[1].L');
    expect(enums.decode(enums.encode({ Level: 255, Marker: 2n ** 64n - 1n }))).toMatchObject({ Level: 255, Marker: 2n ** 64n - 1n });
  });

  const text = api('textlimits', 'Text');
  it('limited slices and strings over their limit', () => {
    expect(encodeError(() => text.encode({ Short: 'abcdefghi' })).message).toContain('Text.Short: "abcdefghi" is 9 bytes of UTF-8, the limit is 8');
    expect(encodeError(() => text.encode({ Codes: [1, 2, 3, 4, 5] })).path).toBe('Text.Codes');
    expect(encodeError(() => text.encode({ Glyphs: [{}, {}, {}, {}] })).path).toBe('Text.Glyphs');
    expect(encodeError(() => text.encode({ Captions: [{ Caption: { Lang: 'abcdef' } }] })).path).toBe('Text.Captions[0].Caption.Lang');
    expect(encodeError(() => text.encode({ Fixed: [1, 2, 3, 4, 5, 6] })).path).toBe('Text.Fixed');
    const atLimit = { Short: 'abcdefgh', Codes: [0, 1, 2, 65535], Glyphs: [{ Code: 1, Width: 2 }, {}, {}], Fixed: [-128, 127, 0, 0, 0] };
    expect(text.decode(text.encode(atLimit))).toMatchObject({ ...atLimit, Glyphs: [{ Code: 1, Width: 2 }, { Code: 0, Width: 0 }, { Code: 0, Width: 0 }] });
  });

  it('slice elements out of range, and lists that are not arrays', () => {
    expect(encodeError(() => text.encode({ Codes: [70000] })).path).toBe('Text.Codes[0]');
    expect(encodeError(() => text.encode({ Flags: [true, 'no'] })).path).toBe('Text.Flags[1]');
    expect(encodeError(() => text.encode({ Codes: 5 })).path).toBe('Text.Codes');
    expect(encodeError(() => text.encode({ Glyphs: [{ Code: -1 }] })).path).toBe('Text.Glyphs[0].Code');
  });

  it('bytes: a plain array is written; a string or out-of-range byte is refused', () => {
    expect(text.decode(text.encode({ Blob: [1, 2, 255] })).Blob).toEqual(new Uint8Array([1, 2, 255]));
    expect(encodeError(() => text.encode({ Blob: 'abc' })).path).toBe('Text.Blob');
    expect(encodeError(() => text.encode({ Blob: [1, 256] })).path).toBe('Text.Blob[1]');
    const scene = api('scene', 'Material');
    expect(scene.decode(scene.encode({ Color: [1, 2, 3, 4] })).Color).toEqual(new Uint8Array([1, 2, 3, 4]));
    expect(encodeError(() => scene.encode({ Color: [1, 2, 3, 4, 5] })).path).toBe('Material.Color');
  });

  it('paths go through tables, inline structs and elements', () => {
    const scene = api('scene', 'Scene');
    const value = { Nodes: [{ Node: {} }, { Node: { Local: { Position: { X: '1' } } } }] };
    const error = encodeError(() => scene.encode(value));
    expect(error.path).toBe('Scene.Nodes[1].Node.Local.Position.X');
    expect(error.message).toBe('karmem: Scene.Nodes[1].Node.Local.Position.X: "1" is not a number');
    expect(encodeError(() => scene.encode({ Nodes: [{ Node: { Bounds: [{}, { Z: 1e40 }] } }] })).path).toBe('Scene.Nodes[0].Node.Bounds[1].Z');
    expect(encodeError(() => scene.encode({ Sky: { Material: null } })).path).toBe('Scene.Sky.Material');
  });
});

/**
 * An element's getter (or a Proxy) may change an array while it is being
 * encoded. The encoder reads each length once and writes exactly that many
 * elements: never past what it reserved (over the fields after it), never
 * fewer (the writer's buffer still holds the last message there).
 */
describe('generated encoders write through the writer as it grows', () => {
  // A table's scalars after a string are written through the writer's DataView read again after
  // the string grew the writer (ViewLoads in emit-encode.ts): read once, Team would land in the old buffer.
  it('a scalar after a field that grew the writer lands in the new buffer', () => {
    const monster = api('game', 'MonsterData');
    const value = { Name: 'n'.repeat(300), Team: 3, Mana: -7, Health: 12 };
    const grown = monster.encode(value, new Writer(8)).slice();
    expect(Buffer.from(grown).equals(Buffer.from(monster.encode(value, new Writer(4096))))).toBe(true);
    expect(monster.decode(grown)).toMatchObject(value);
  });
});

describe('generated encoders and arrays that change under them', () => {
  const monster = api('game', 'MonsterData');
  const earlier = { Name: 'secret', Status: [0x5ec7e7, 0x5ec7e7, 0x5ec7e7, 0x5ec7e7], Path: [{ X: 111, Y: 222, Z: 333 }, { X: 444, Y: 555, Z: 666 }, { X: 777, Y: 888, Z: 999 }] };

  /** `values` whose element 0 runs `change(values)` when read. */
  function changing<T>(values: T[], change: (values: T[]) => void): T[] {
    const first = values[0];
    Object.defineProperty(values, 0, { get: () => (change(values), first), enumerable: true, configurable: true });
    return values;
  }

  it('a slice of numbers that shrinks: the elements gone are 0, nothing from the last message', () => {
    const w = new Writer();
    monster.encode(earlier, w);
    const bytes = monster.encode({ Name: 'x', Status: changing([7, 8, 9, 10], (s) => (s.length = 1)) }, w);
    expect(monster.validate(bytes)).toBeUndefined();
    expect(monster.decode(bytes)['Status']).toEqual([7, 0, 0, 0]);
  });

  it('a slice of structs that shrinks: the elements gone are defaults', () => {
    const w = new Writer();
    monster.encode(earlier, w);
    const path: Record<string, number>[] = [{ X: 0, Y: 2, Z: 3 }, { X: 4, Y: 5, Z: 6 }, { X: 7, Y: 8, Z: 9 }];
    const first = path[0]!;
    Object.defineProperty(first, 'X', { get: () => ((path.length = 1), 1), enumerable: true });
    const bytes = monster.encode({ Name: 'x', Path: path }, w);
    expect(monster.decode(bytes)['Path']).toEqual([{ X: 1, Y: 2, Z: 3 }, { X: 0, Y: 0, Z: 0 }, { X: 0, Y: 0, Z: 0 }]);
  });

  it('a fixed array that grows: no element past its N is written over the fields after it', () => {
    const bytes = monster.encode({ Name: 'Grunt-the-orc', Hitbox: changing([1, 2, 3, 4, 5], (h) => h.push(6, 7, 8, 9, 10, 11)) });
    expect(monster.validate(bytes)).toBeUndefined();
    expect(monster.decode(bytes)).toMatchObject({ Name: 'Grunt-the-orc', Hitbox: [1, 2, 3, 4, 5] });
  });

  it('a slice that grows while written: the elements counted at first, past its limit or not', () => {
    const bytes = monster.encode({ Name: 'x', Status: changing([1, 2], (s) => s.push(3, 4, 5)) });
    expect(monster.decode(bytes)['Status']).toEqual([1, 2]);
  });

  it('a Proxy whose length is no count of elements is refused, naming the field', () => {
    const lying = (length: unknown) => new Proxy([1, 2], { get: (target, key) => (key === 'length' ? length : Reflect.get(target, key)) });
    for (const length of [0.5, -1, '2', 2 ** 32, NaN]) {
      expect(encodeError(() => monster.encode({ Status: lying(length) })).message).toMatch(/^karmem: MonsterData\.Status: its length .* is not a count of elements/);
    }
    // One read of the length, answered 1 and then 200: one element written, the limit (128) never passed.
    let reads = 0;
    const growing = new Proxy(Array.from({ length: 200 }, () => ({ X: 1, Y: 2, Z: 3 })), { get: (t, key) => (key === 'length' ? (reads++ === 0 ? 1 : 200) : Reflect.get(t, key)) });
    expect(monster.decode(monster.encode({ Path: growing }))['Path']).toEqual([{ X: 1, Y: 2, Z: 3 }]);
    expect(reads).toBe(1);
  });
});

/** An encode run from a getter of the value another encode is writing (a field computed by encoding a message). */
describe('generated encoders run inside another encode', () => {
  const node = api('limits', 'Node');
  const chain = (levels: number, leaf: object = { V: 0, Kids: [] }): object => {
    let value = leaf;
    for (let v = 1; v < levels; v++) value = { V: v, Kids: [{ N: value }] };
    return value;
  };

  it('into a writer of its own: depth is counted per encode, and the outer one is written whole', () => {
    let inner: Uint8Array | undefined;
    const leaf = { get V() { inner = node.encode(chain(40)); return 7; }, Kids: [] };
    const outer = node.encode(chain(40, leaf));
    expect(node.decode(inner!)).toEqual(node.decode(node.encode(chain(40))));
    expect(node.validate(outer)).toBeUndefined();
    // The depth is the outer encode's again after the inner one: 64 levels still encode, 65 do not.
    expect(() => node.encode(chain(64))).not.toThrow();
    expect(encodeError(() => node.encode(chain(65))).message).toMatch(/nested more than 64 deep/);
  });

  it('into the writer the outer encode is writing: refused, the outer encode fails as a whole and leaves the writer empty', () => {
    const w = new Writer();
    const leaf = { get V() { node.encode(chain(2), w); return 7; }, Kids: [] };
    const error = encodeError(() => node.encode(chain(3, leaf), w));
    expect(error.message).toMatch(/^karmem: Node\.Kids\[0\]\.N\.Kids\[0\]\.N: the writer is writing another message already/);
    expect(w.length).toBe(0);
    // Usable after.
    expect(node.decode(node.encode(chain(3), w))).toEqual(node.decode(node.encode(chain(3))));
  });

  it('refuses something that is not a Writer, naming it', () => {
    expect(() => node.encode(chain(1), {})).toThrow(new TypeError('karmem: an encoder writes into a Writer of @karmem-ts/runtime, not an object'));
  });
});

describe('generated encoders and views of the writer they write into', () => {
  const monster = api('game', 'MonsterData');
  const view = (bytes: Uint8Array) => (api('game', 'MonsterData').view(bytes) as unknown as { Inventory: Uint8Array; Hitbox: { typedArray?(): Float64Array } });

  it('refuse a bytes field that is a view of the writer\'s last message (it would be read after being written over)', () => {
    const w = new Writer();
    const first = monster.encode({ Name: 'abcde', Inventory: new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]) }, w);
    const inventory = view(first).Inventory;
    const saved = inventory.slice();
    const error = encodeError(() => monster.encode({ Name: 'a-longer-name', Inventory: inventory }, w));
    expect(error.message).toBe('karmem: MonsterData.Inventory: a view of the bytes this writer writes into (a message it wrote before, which an encode into it overwrites): copy it before encoding (.slice())');
    expect(w.length).toBe(0);
    // Copied before the encode, it is written as it was.
    const copied = monster.encode({ Name: 'a-longer-name', Inventory: saved }, w);
    expect(Array.from(monster.decode(copied)['Inventory'] as Uint8Array)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('refuse a numeric slice given as a typed array over the writer\'s bytes', () => {
    const w = new Writer();
    monster.encode({ Name: 'x' }, w);
    const status = new Int32Array(w.bytes().buffer, 0, 4);
    expect(encodeError(() => monster.encode({ Status: status }, w)).message).toMatch(/^karmem: MonsterData\.Status: a view of the bytes this writer writes into/);
  });

  it('take a view of the same buffer outside a Writer.over region (another message in a guest\'s memory)', () => {
    const memory = new Uint8Array(4096);
    const elsewhere = memory.subarray(3000, 3008);
    elsewhere.set([9, 8, 7, 6, 5, 4, 3, 2]);
    const w = Writer.over(memory.buffer, 0, 2048);
    const bytes = monster.encode({ Inventory: elsewhere }, w);
    expect(Array.from(monster.decode(bytes)['Inventory'] as Uint8Array)).toEqual([9, 8, 7, 6, 5, 4, 3, 2]);
  });
});

// emitString: a string's units go straight into the buffer while they are
// ASCII and the writer has room (Writer.asciiRoom); any other string starts
// over through writeString at the same place. Every way out must leave the
// bytes TextEncoder writes, and nothing of the attempt behind.
describe('strings written in place while ASCII, else through writeString', () => {
  const layout = goldenSchemas().find((s) => s.name === 'scalars')!.layout;
  const label = layout.structsByName.get('Scalars')!.fields.find((f) => f.name === 'Label')!.offset;
  const empty = scalars.encode({}).length;
  const utf8 = new TextEncoder();

  function expectText(bytes: Uint8Array, text: string): void {
    const expected = utf8.encode(text);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
    const start = view.getUint32(label, true);
    expect(view.getUint32(label + 4, true)).toBe(expected.length);
    expect(bytes.subarray(start, start + expected.length)).toEqual(expected);
    // The message is the empty one plus the text's bytes: an ASCII attempt given up left none.
    expect(bytes.length).toBe(empty + expected.length);
  }

  // Units at the edges of the ASCII path: the last ASCII unit, the first of two and three bytes, surrogate halves.
  const unit = fc.constantFrom('a', '\0', '\x7f', '\x80', 'é', '\u07ff', '\u0800', '€', '\ud83d', '\ude00', '😀');
  it('any mix of units: the bytes TextEncoder writes', () => {
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 40 }).map((units) => units.join('')), (text) => expectText(scalars.encode({ Label: text }), text)),
      { numRuns: 400 },
    );
  });

  it('one unit that is not ASCII at every place, around the in-place path\'s 32 units', () => {
    for (const length of [1, 31, 32, 33]) {
      expectText(scalars.encode({ Label: 'x'.repeat(length) }), 'x'.repeat(length));
      for (let at = 0; at < length; at++) {
        const text = 'x'.repeat(at) + 'é' + 'x'.repeat(length - at - 1);
        expectText(scalars.encode({ Label: text }), text);
      }
    }
  });

  it('a writer reused after a string given up writes the same bytes as a fresh one', () => {
    const w = new Writer(256);
    scalars.encode({ Label: 'abcdefghijklmnopqrstuvwxyz' }, w);
    expect(scalars.encode({ Label: 'abc\u00e9def' }, w)).toEqual(scalars.encode({ Label: 'abc\u00e9def' }));
  });

  it('a limit under 32 units holds on the in-place path: ASCII at the limit passes, one unit more or one byte more is refused', () => {
    const text = api('textlimits', 'Text');
    expect(text.decode(text.encode({ Short: 'abcdefgh' }))).toMatchObject({ Short: 'abcdefgh' });
    expect(encodeError(() => text.encode({ Short: 'abcdefghi' })).path).toBe('Text.Short');
    expect(encodeError(() => text.encode({ Short: 'abcdefg\u00e9' })).message).toContain('9 bytes of UTF-8, the limit is 8');
  });

  it('a fixed region exactly as large holds the message; one byte smaller is OUT_OF_SPACE, nothing outside it written', () => {
    for (const label of ['abc', 'ab\u00e9', 'x'.repeat(32)]) {
      const full = scalars.encode({ Label: label }).slice();
      const buffer = new Uint8Array(full.length + 16).fill(0xee);
      expect(scalars.encode({ Label: label }, Writer.over(buffer, 8, full.length))).toEqual(full);
      buffer.fill(0xee);
      expect(() => scalars.encode({ Label: label }, Writer.over(buffer, 8, full.length - 1))).toThrow(expect.objectContaining({ name: 'KarmemWriteError', code: 'OUT_OF_SPACE' }));
      expect(buffer.subarray(0, 8).every((b) => b === 0xee)).toBe(true);
      expect(buffer.subarray(8 + full.length - 1).every((b) => b === 0xee)).toBe(true);
    }
  });

  it('a string whose getter grows the memory is DETACHED, not written into the old buffer', () => {
    const memory = new WebAssembly.Memory({ initial: 1 });
    const value = {
      get Label() {
        memory.grow(1);
        return 'abc';
      },
    };
    expect(() => scalars.encode(value, Writer.over(memory.buffer, 0, 1024))).toThrow(expect.objectContaining({ name: 'KarmemWriteError', code: 'DETACHED' }));
  });

  it('a non-packed table\'s string header has its element size, 1, on either path', () => {
    const mesh = api('scene', 'Mesh');
    const scene = goldenSchemas().find((s) => s.name === 'scene')!.layout;
    const name = scene.structsByName.get('Mesh')!.fields.find((f) => f.name === 'Name')!.offset;
    for (const text of ['cube', 'cub\u00e9']) {
      const bytes = mesh.encode({ Name: text });
      expect(new DataView(bytes.buffer, bytes.byteOffset).getUint32(name + 8, true)).toBe(1);
      expect(mesh.decode(bytes)).toMatchObject({ Name: text });
    }
  });
});
