/**
 * encodeJson reads the value once: what it checks is what it writes. A
 * getter, a Proxy or an array whose length changes between reads answers
 * the check one thing and would answer the writing another (the twin of the
 * generated encoders' listOf/countOf in libs/runtime-ts). Each test lies
 * from some read on (before the fix, the depth walk, the check and the
 * writing each read the value, the check and the writing some lengths twice)
 * and expects either the bytes of the value as first seen (encodeJson of a
 * plain copy of the first answers) or the error the check gives for what it
 * saw, with every getter called exactly once.
 */
import { allLimitCases, loadSuites } from '@karmem-ts/conformance';
import { DepthError, encodeJson, ValueError } from '@karmem-ts/dynamic';
import { loadSchema } from '@karmem-ts/layout';

const suites = loadSuites();
const suite = (name: string) => suites.find((s) => s.name === name)!;
const layoutOf = (name: string) => loadSchema(suite(name).schemaSource, suite(name).schemaFile).layout!;
/** A fresh plain copy of a vector's value. */
const valueOf = (name: string, caseName: string): any => JSON.parse(JSON.stringify(suite(name).cases.find((c) => c.name === caseName)!.value));

const scalars = layoutOf('scalars');
const text = layoutOf('textlimits');
const scene = layoutOf('scene');
const { suite: treeSuite } = allLimitCases().find((c) => c.testCase.id === 'tree/chain-64')!;
const tree = loadSchema(treeSuite.schemaSource, treeSuite.schemaFile).layout!;

interface Reads {
  count: number;
}

/** Makes `object[key]` a getter answering `answers` in turn (the last one from then on); counts its reads. */
function lie(object: object, key: string | number, ...answers: unknown[]): Reads {
  const reads = { count: 0 };
  Object.defineProperty(object, key, {
    enumerable: true,
    configurable: true,
    get: () => answers[Math.min(reads.count++, answers.length - 1)],
  });
  return reads;
}

/**
 * A Proxy of `elements` whose `length` answers `lengths` in turn (the last
 * one from then on); counts the reads of its length and of each element.
 */
function shifting(elements: unknown[], ...lengths: number[]): { array: unknown[]; lengthReads: Reads; elementReads: number[] } {
  const lengthReads = { count: 0 };
  const elementReads = elements.map(() => 0);
  const array = new Proxy(elements, {
    get(target, key, receiver) {
      if (key === 'length') return lengths[Math.min(lengthReads.count++, lengths.length - 1)];
      if (typeof key === 'string' && /^\d+$/.test(key)) elementReads[Number(key)]!++;
      return Reflect.get(target, key, receiver);
    },
  });
  return { array, lengthReads, elementReads };
}

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

/** Runs `encode` and expects the ValueError (or subclass `type`) of `path` and `problem`, exactly. */
function expectError(encode: () => unknown, path: string, problem: string, type: typeof ValueError = ValueError): void {
  let error: unknown;
  try {
    encode();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(type);
  expect(error).toMatchObject({ path, problem, message: `${path}: ${problem}` });
}

describe('encodeJson writes what it checked', () => {
  // Before the fix the depth walk, the check and the writing each read the value: a lie on the
  // second read was what the check saw, a lie on the third what was written.
  const fieldLies = [
    ['an integer in range, then out of range', 'U16', 513, 70000],
    ['a string, then a number', 'Label', 'abc', 42],
    ['present, then undefined', 'I32', -70000, undefined],
    ['a bool, then a number', 'Flag', true, 1],
    ['a 64-bit decimal string, then a fraction', 'U64', '18446744073709551615', 1.5],
    ['a float, then a string', 'F64', 0.5, 'far'],
  ] as const;
  it.each(fieldLies.flatMap(([what, ...rest]) => [2, 3].map((at) => [what, at, ...rest] as const)))('a field %s from read %d on', (_what, at, field, first, later) => {
    const value = valueOf('scalars', 'mixed');
    const reads = lie(value, field, ...Array<unknown>(at - 1).fill(first), later);
    const expected = encodeJson(scalars, 'Scalars', { ...valueOf('scalars', 'mixed'), [field]: first });
    expect(hex(encodeJson(scalars, 'Scalars', value))).toBe(hex(expected));
    expect(reads.count).toBe(1);
  });

  it('an error for what the check saw, not for what a second read says', () => {
    const value = valueOf('scalars', 'mixed');
    const reads = lie(value, 'U16', 70000, 513);
    expectError(() => encodeJson(scalars, 'Scalars', value), 'Scalars.U16', '70000 does not fit in uint16 (0 to 65535)');
    expect(reads.count).toBe(1);
  });

  const caption = (lang: string) => ({ Caption: { Lang: lang, Body: `${lang} body` } });
  // Before the fix: the depth walk read a slice of structs' length, the check read a length up to twice,
  // the writing twice (the size it reserved, then the elements it wrote).
  const lengthLies = [
    ['a [<4]uint16 slice', 'Codes', [7, 8, 9, 10, 11], 2, 5],
    ['a slice of structs holding tables', 'Captions', [caption('en'), caption('fr'), caption('de')], 1, 3],
    ['a [5]int8 array', 'Fixed', [1, 2, 3, 4, 5, 6, 7], 5, 7],
  ] as const;
  it.each(lengthLies.flatMap(([what, ...rest]) => [2, 3, 4].map((at) => [what, at, ...rest] as const)))(
    '%s whose length grows from read %d on',
    (_what, at, field, elements, first, later) => {
      const value = valueOf('textlimits', 'exact-limits');
      const list = shifting([...elements], ...Array<number>(at - 1).fill(first), later);
      value[field] = list.array;
      const expected = encodeJson(text, 'Text', { ...valueOf('textlimits', 'exact-limits'), [field]: elements.slice(0, first) });
      expect(hex(encodeJson(text, 'Text', value))).toBe(hex(expected));
      expect(list.lengthReads.count).toBe(1);
      expect(list.elementReads).toEqual(elements.map((_, i) => (i < first ? 1 : 0)));
    },
  );

  it('a fixed array longer when written than when checked wrote past its place, over the table written before it', () => {
    const layout = loadSchema('karmem lies @packed(true);\nstruct Label table { Text []char; }\nstruct Entry inline { Label Label; Bytes [2]uint8; }\nstruct Root table { Entry Entry; }').layout!;
    // Before the fix: the check read 2 (twice), the writing 4, and wrote 2 bytes over the Label table's size.
    const bytes = shifting([1, 2, 3, 4], 2, 2, 4);
    const value = { Entry: { Label: { Text: 'ab' }, Bytes: bytes.array } };
    const expected = encodeJson(layout, 'Root', { Entry: { Label: { Text: 'ab' }, Bytes: [1, 2] } });
    expect(hex(encodeJson(layout, 'Root', value))).toBe(hex(expected));
    expect(bytes.lengthReads.count).toBe(1);
  });

  it('a fixed array of the wrong length when checked is the check error, whatever a second read says', () => {
    const value = valueOf('scene', 'full-scene');
    const ambient = shifting([0.1, 0.2, 0.3], 2, 3);
    value.Ambient = ambient.array;
    expectError(() => encodeJson(scene, 'Scene', value), 'Scene.Ambient', 'expected 3 elements, got 2');
    expect(ambient.lengthReads.count).toBe(1);
  });

  it.each([['the string "x"', 'x'], ['number -1', -1], ['number 1.5', 1.5], ['number NaN', NaN]])('a Proxy whose length is %s is an error', (shown, length) => {
    const value = valueOf('textlimits', 'exact-limits');
    const blob = shifting([1, 2], length as number);
    value.Blob = blob.array;
    expectError(() => encodeJson(text, 'Text', value), 'Text.Blob', `its length ${shown} is not a count of elements`);
    expect(blob.lengthReads.count).toBe(1);
  });

  it('an element whose getter changes type', () => {
    const value = valueOf('textlimits', 'exact-limits');
    const codes = [1, 2, 3];
    const reads = lie(codes, 1, 2, 'x');
    value.Codes = codes;
    const expected = encodeJson(text, 'Text', { ...valueOf('textlimits', 'exact-limits'), Codes: [1, 2, 3] });
    expect(hex(encodeJson(text, 'Text', value))).toBe(hex(expected));
    expect(reads.count).toBe(1);
  });

  it('a struct element whose getter changes from a struct to a string', () => {
    const value = valueOf('scene', 'full-scene');
    const first = value.Nodes[0];
    const reads = lie(value.Nodes, 0, first, 'gone');
    const expected = encodeJson(scene, 'Scene', valueOf('scene', 'full-scene'));
    expect(hex(encodeJson(scene, 'Scene', value))).toBe(hex(expected));
    expect(reads.count).toBe(1);
  });

  it('a table field that is an object when first read and a string later', () => {
    const value = valueOf('scene', 'full-scene');
    const reads = lie(value.Nodes[0].Node, 'Local', value.Nodes[0].Node.Local, 'nope');
    const expected = encodeJson(scene, 'Scene', valueOf('scene', 'full-scene'));
    expect(hex(encodeJson(scene, 'Scene', value))).toBe(hex(expected));
    expect(reads.count).toBe(1);
  });

  it("bytes changed by a later field's getter are written as first read", () => {
    const value = valueOf('textlimits', 'exact-limits');
    const blob = [1, 2, 3];
    value.Blob = blob;
    const captions = value.Captions;
    const reads = { count: 0 };
    // Reading Captions (after Blob, in field order) rewrites the Blob array in place.
    Object.defineProperty(value, 'Captions', {
      enumerable: true,
      get: () => {
        reads.count++;
        blob[0] = 200;
        blob.push(4);
        return captions;
      },
    });
    const expected = encodeJson(text, 'Text', { ...valueOf('textlimits', 'exact-limits'), Blob: [1, 2, 3] });
    expect(hex(encodeJson(text, 'Text', value))).toBe(hex(expected));
    expect(reads.count).toBe(1);
  });
});

describe('encodeJson reads each field once, depth included', () => {
  /** A Node chain of `levels` Nodes. */
  const chain = (levels: number): any => {
    let value: any = { V: levels - 1, Kids: [] };
    for (let level = levels - 2; level >= 0; level--) value = { V: level, Kids: [{ N: value }] };
    return value;
  };

  it('a recursive slice shallow when the depth is counted and too deep later is written as first read', () => {
    const value = { V: 0 } as any;
    const reads = lie(value, 'Kids', [], [{ N: chain(65) }]);
    expect(hex(encodeJson(tree, 'Node', value))).toBe(hex(encodeJson(tree, 'Node', { V: 0, Kids: [] })));
    expect(reads.count).toBe(1);
  });

  it('a recursive slice that is not an array when first read is the check error', () => {
    const value = { V: 0 } as any;
    const reads = lie(value, 'Kids', 'nope', []);
    expectError(() => encodeJson(tree, 'Node', value), 'Node.Kids', 'expected an array, got the string "nope"');
    expect(reads.count).toBe(1);
  });

  it('a struct element that is not an object when first read is the check error', () => {
    const value = chain(3);
    const kids = value.Kids;
    const reads = lie(kids, 0, 7, kids[0]);
    expectError(() => encodeJson(tree, 'Node', value), 'Node.Kids[0]', 'expected an object for NodeRef, got number 7');
    expect(reads.count).toBe(1);
  });

  // Guards, not reproductions: encodeJson counts the depth in its one read of the value.
  it('refuses one level more than decoders read, naming the path, read once', () => {
    const value = chain(65);
    let deepest = value;
    while (deepest.Kids.length > 0) deepest = deepest.Kids[0].N;
    const reads = lie(deepest, 'Kids', [], 'nope');
    const path = `Node${'.Kids[0].N'.repeat(64)}.Kids`;
    expectError(() => encodeJson(tree, 'Node', value), path, new DepthError(path).problem, DepthError);
    expect(reads.count).toBe(1);
    expect(() => encodeJson(tree, 'Node', chain(64))).not.toThrow();
  });

  it('a 10,000-deep value is a DepthError, not a stack overflow', () => {
    expect(() => encodeJson(tree, 'Node', chain(10_000))).toThrow(DepthError);
  });
});
