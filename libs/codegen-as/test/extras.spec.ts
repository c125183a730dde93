/**
 * The generated code on test/schemas/extras.km (recursion, name clashes,
 * every scalar in arrays and slices, signed 64-bit enums, empty structs,
 * padded inline structs in packed ones), under both runtimes, with the two
 * defects of the reference writer that FORMAT.md lists and the reference
 * reader's third one:
 *
 * (a) an inline root whose first field is an inline struct is written once
 *     and reads back;
 * (b) a writer that runs out of room returns -ERR_OUT_OF_SPACE to the host
 *     and writes nothing before or after its region;
 * (c) a table pointer inside a missing inline struct reads as a missing
 *     table, never as the root.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { decodeJson, encodeJson } from '@karmem-ts/dynamic';
import { Writer } from '@karmem-ts/runtime';
import { generateAssemblyScript, generateConformanceGuest } from '@karmem-ts/codegen-as';
import { anyValue, checkHostile, checkValue, mutatedMessage, randomMessage } from './checks';
import { buildCached, Guest, hex, layoutOf, moduleFor, RUNTIMES, type BuiltGuest, type Runtime } from './harness';

const SOURCE = 'libs/codegen-as/test/schemas/extras.km';
const layout = layoutOf(readFileSync(join(__dirname, 'schemas/extras.km'), 'utf8'), SOURCE);
const ERR_OUT_OF_SPACE = 1;
const ERR_DECODE_DEPTH = 4;
const ERR_VALUE_TOO_LONG = 6;
const SENTINEL = 0xa5;

let built: BuiltGuest;
beforeAll(async () => {
  const [module] = generateAssemblyScript(layout, { source: SOURCE });
  const guest = generateConformanceGuest(layout, { source: SOURCE });
  built = await buildCached({
    name: 'extras',
    files: {
      [module!.path]: module!.content,
      [guest.path]: guest.content,
      'checks.ts': readFileSync(join(__dirname, 'guest/extras-checks.ts'), 'utf8'),
    },
    entry: 'checks.ts',
    // Exports __allocations(): what a decode into a reused object allocates.
    countAllocations: true,
  });
});

/** A full All value: something in every field. */
function fullAll(): Record<string, unknown> {
  const leaf = (v: number) => ({ Leaf: { Value: v } });
  const node = (id: number, label: string, kids: unknown[]) => ({ Id: id, Kids: kids.map((n) => ({ Node: n })), Label: label });
  return {
    Flags: [true, false, true],
    Bools: [false, true],
    I8s: [-128, 0, 127],
    U16s: [1, 65535],
    I64s: ['-9223372036854775808', '9223372036854775807'],
    U64s: ['18446744073709551615', 0],
    F32s: [1.5, -2.25],
    F64s: [Math.PI, -0.5],
    Bigs: '-9223372036854775808',
    Smalls: -1,
    Deeps: [
      { Ref: leaf(7), N: 1 },
      { Ref: leaf(-7), N: 2 },
    ],
    DeepS: [{ Ref: leaf(42), N: 3 }],
    Pads: [{ A: 0x1234 }, { A: 0xbeef }],
    E: {},
    H: {},
    Arr: { X: 9 },
    Root: node(1, 'r', [node(2, 'kid', []), node(3, 'ün', [node(4, '', [])])]), // labels: [<3]char
    Steps: steps(9),
    Corners: [{ Dx: 1, Dy: 2 }, { Dx: -3, Dy: 4 }],
  };
}

/** `n` distinct Steps (a flat inline struct: its slice goes four elements per loop iteration). */
function steps(n: number, from = 0): unknown[] {
  return Array.from({ length: n }, (_, i) => ({ Dx: (from + i) * 7 - 300, Dy: (from + i * 3) & 255 }));
}

describe.each(RUNTIMES)('%s runtime', (runtime: Runtime) => {
  let guest: Guest;
  beforeEach(async () => {
    guest = await Guest.instantiate(moduleFor(built, runtime));
  });

  it('round-trips a full value and random values of every struct', () => {
    checkValue(guest, layout, 'All', fullAll());
    fc.assert(fc.property(anyValue(layout), ({ type, value }) => checkValue(guest, layout, type, value)), { numRuns: 200 });
  });

  it('reads random and mutated bytes as the host does, and never traps', () => {
    // Not the types that reach the recursive Node: hostile bytes can make its Kids a
    // branching cycle, which the host's reference decoder follows exponentially
    // (64 levels deep). A single cycle is checked below.
    const types = layout.structs.map((s) => s.name).filter((t) => !['All', 'Node', 'NodeRef'].includes(t));
    fc.assert(fc.property(randomMessage(layout, types), ({ type, message }) => checkHostile(guest, layout, type, message)), { numRuns: 300 });
    fc.assert(fc.property(mutatedMessage(layout, types), ({ type, message }) => checkHostile(guest, layout, type, message)), { numRuns: 300 });
  });

  it('decodes a branching cycle with the object API in bounded time, without trapping', () => {
    // A Node whose Kids hold two NodeRefs pointing back at the Node: 2^64 paths.
    // Depth-first, the object API meets the depth limit first: a status, not a truncated tree.
    const size = 4 + 4 + 12 + 12;
    const message = new Uint8Array(size + 8);
    const view = new DataView(message.buffer);
    view.setUint32(0, size, true);
    view.setUint32(8, size, true); // Kids -> the two NodeRefs after the table
    view.setUint32(12, 8, true);
    view.setUint32(16, 4, true);
    guest.putInput(message);
    const out = guest.u32('output', 1 << 20);
    const started = Date.now();
    const result = guest.call('roundtrip_Node', message.length, out, 1 << 20);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(result).toBe(-ERR_DECODE_DEPTH);
  });

  it('(a) writes an inline root whose first field is an inline struct once, and reads it back', () => {
    const cases = [
      { type: 'Outer', write: 'writeOuter', a: 0x11223344, b: 0x5566, getA: 'outerA', getB: 'outerB', hex: '44332211' + '6655' },
      // A padded inline struct first: its 6 zero bytes of padding, then B.
      { type: 'Padded', write: 'writePadded', a: 0x1122, b: 0x3344, getA: 'paddedA', getB: 'paddedB', hex: '2211' + '000000000000' + '4433' },
    ];
    for (const c of cases) {
      const value = { In: { A: c.a }, B: c.b };
      const expected = encodeJson(layout, c.type, value);
      expect(hex(expected)).toBe(c.hex);
      // Written by the guest from scratch.
      const out = guest.u32('output', 64);
      expect(guest.call(c.write, c.a, c.b, out, 64)).toBe(expected.length);
      expect(hex(guest.read(out, expected.length))).toBe(c.hex);
      // Read back in place, and through the conformance exports.
      expect(guest.u32(c.getA, out, expected.length)).toBe(c.a);
      expect(guest.u32(c.getB, out, expected.length)).toBe(c.b);
      checkValue(guest, layout, c.type, value);
    }
  });

  it('(b) fails with -ERR_OUT_OF_SPACE when the region is too small, writing nothing outside it', () => {
    const value = fullAll();
    const expected = encodeJson(layout, 'All', value);
    const length = expected.length;
    const input = guest.u32('input', length);
    encodeJson(layout, 'All', value, Writer.over(guest.buffer, input, length));
    const guard = 64;
    const region = guest.u32('output', length + 2 * guard);
    for (let capacity = 0; capacity <= length; capacity++) {
      guest.bytes.fill(SENTINEL, region, region + length + 2 * guard);
      const result = guest.call('roundtrip_All', length, region + guard, capacity);
      const bytes = guest.read(region, length + 2 * guard);
      expect(bytes.subarray(0, guard).every((b) => b === SENTINEL)).toBe(true);
      expect(bytes.subarray(guard + capacity).every((b) => b === SENTINEL)).toBe(true);
      if (capacity < length) {
        expect(result).toBe(-ERR_OUT_OF_SPACE);
      } else {
        expect(result).toBe(length);
        expect(hex(bytes.subarray(guard, guard + length))).toBe(hex(expected));
      }
    }
    // The same region, big enough again after failures: the writer recovers.
    expect(guest.call('roundtrip_All', length, region + guard, length)).toBe(length);
    // The written-from-scratch path fails the same way.
    guest.bytes.fill(SENTINEL, region, region + 64);
    expect(guest.call('writeOuter', 1, 2, region + 16, 5)).toBe(-ERR_OUT_OF_SPACE);
    expect(guest.read(region, 64).every((b, i) => b === SENTINEL || (i >= 16 && i < 21))).toBe(true);
  });

  it('refuses a value longer than its field holds with -ERR_VALUE_TOO_LONG; exactly full is written', () => {
    const capacity = 4096;
    const out = guest.u32('output', capacity);
    // [<3]char given 4 bytes, [<2]uint64 given 3, [2]uint16 given 3, [2]Deep given 3.
    for (const which of [0, 1, 2, 3]) expect({ which, result: guest.call('tooLong', which, out, capacity) }).toEqual({ which, result: -ERR_VALUE_TOO_LONG });
    // Exactly full: [<3]char given "abc", [<2]uint64 given 2.
    const node = guest.call('tooLong', 4, out, capacity);
    expect(node).toBeGreaterThan(0);
    expect((decodeJson(layout, 'Node', guest.read(out, node)) as { Label: string }).Label).toBe('abc');
    const full = guest.call('tooLong', 5, out, capacity);
    expect(full).toBeGreaterThan(0);
    expect((decodeJson(layout, 'All', guest.read(out, full)) as { U64s: unknown[] }).U64s).toEqual([1, 2]);
  });

  it('decodes into a reused object again and again: the bytes a new object gives, its elements kept, only strings allocated', () => {
    const capacity = 1 << 16;
    const again = (type: string, value: unknown): void => {
      const expected = encodeJson(layout, type, value);
      const at = guest.putInput(expected);
      expect(guest.call(`reuseDecode${type}`, at, expected.length)).toBe(0);
      const out = guest.u32('output', capacity);
      expect(guest.call(`reuseEncode${type}`, out, capacity)).toBe(expected.length);
      expect(hex(guest.read(out, expected.length))).toBe(hex(expected));
    };
    // Random values one after the other into the same objects: slices grow, shrink, empty, grow again.
    const reused = anyValue(layout, ['All', 'Node']);
    fc.assert(fc.property(reused, ({ type, value }) => again(type, value)), { numRuns: 150 });
    const deeps = (n: number) => ({ ...fullAll(), DeepS: Array.from({ length: n }, (_, i) => ({ Ref: { Leaf: { Value: i } }, N: i })) });
    for (const n of [3, 0, 5, 1, 4]) again('All', deeps(n));
    // Steps across the four-per-iteration loops: growing leaves slots to fill (one at a time from
    // the first group of four that holds one), shrinking keeps them.
    for (const [n, from] of [[9, 0], [6, 50], [13, 100], [0, 0], [4, 7], [5, 9], [8, 11], [12, 20], [3, 1]] as const) {
      again('All', { ...fullAll(), Steps: steps(n, from) });
    }

    // The same message twice: the second decode keeps every element and
    // allocates only the non-empty Labels of Root's nodes ('r', 'kid', 'ün').
    const bytes = encodeJson(layout, 'All', fullAll());
    const at = guest.putInput(bytes);
    expect(guest.call('reuseDecodeAll', at, bytes.length)).toBe(0);
    const first = guest.u32('reusedDeepAt', 0);
    const stepsAt = [0, 4, 8].map((i) => guest.u32('reusedStepAt', i));
    const before = guest.u32('__allocations');
    expect(guest.call('reuseDecodeAll', at, bytes.length)).toBe(0);
    expect((guest.u32('__allocations') - before) >>> 0).toBe(3);
    expect(guest.u32('reusedDeepAt', 0)).toBe(first);
    expect([0, 4, 8].map((i) => guest.u32('reusedStepAt', i))).toEqual(stepsAt);
  });

  it('reads and writes a default element in a hole the caller left in a list, and writes nothing anywhere else', () => {
    const capacity = 1 << 12;
    // A hole read as an element at address 0 would write its fields there (the runtime's own data starts above).
    const low = () => hex(guest.read(0, 32));
    const before = low();
    // Something else than defaults where a hole read as an element at address 0 would find its fields.
    guest.bytes.fill(SENTINEL, 0, 32);
    const holey = guest.u32('output', capacity);
    const length = guest.call('encodeHoley', holey, capacity, 0);
    guest.bytes.set(Buffer.from(before, 'hex'), 0);
    expect(length).toBeGreaterThan(0);
    const bytes = guest.read(holey, length).slice();
    const filled = guest.u32('output', capacity);
    expect(guest.call('encodeHoley', filled, capacity, 1)).toBe(length);
    expect(hex(guest.read(filled, length))).toBe(hex(bytes));
    const value = decodeJson(layout, 'All', bytes) as { Steps: unknown[]; DeepS: unknown[]; Deeps: unknown[]; Corners: unknown[] };
    const zeroStep = { Dx: 0, Dy: 0 };
    const zeroDeep = { Ref: { Leaf: { Value: 0 } }, N: 0 };
    expect(value.Steps).toEqual([zeroStep, { Dx: -250, Dy: 2 }, zeroStep, zeroStep, { Dx: 77, Dy: 5 }, zeroStep]);
    expect(value.DeepS).toEqual([zeroDeep, { Ref: { Leaf: { Value: 42 } }, N: 9 }, zeroDeep]);
    expect(value.Deeps).toEqual([zeroDeep, { Ref: { Leaf: { Value: -7 } }, N: 3 }]);
    expect(value.Corners).toEqual([{ Dx: 12, Dy: 34 }, zeroStep]);
    // Decoding into fixed arrays and a slice with holes fills them with new elements.
    const full = encodeJson(layout, 'All', fullAll());
    expect(guest.call('reuseDecodeHoley', guest.putInput(full), full.length)).toBe(0);
    const out = guest.u32('output', capacity);
    expect(guest.call('reuseEncodeAll', out, capacity)).toBe(full.length);
    expect(hex(guest.read(out, full.length))).toBe(hex(full));
    expect(low()).toBe(before);
  });

  it('(c) reads a table pointer inside a missing inline struct as a missing table, not as the root', () => {
    // An All table cut short after Flags: Deeps is missing. Read as a Leaf, the
    // root would have Value 0x01010101 (its Flags bytes).
    const message = Uint8Array.from([8, 0, 0, 0, 1, 1, 1, 1]);
    const at = guest.putInput(message);
    expect(guest.call('deepLeafValue', at, message.length, 0)).toBe(0);
    expect(guest.call('deepLeafValue', at, message.length, 1)).toBe(0);
    expect(guest.call('deepLeafValue', at, message.length, 2)).toBe(0); // past the array
    checkHostile(guest, layout, 'All', message);
    const value = decodeJson(layout, 'All', message) as { Deeps: unknown };
    expect(value.Deeps).toEqual([
      { Ref: { Leaf: { Value: 0 } }, N: 0 },
      { Ref: { Leaf: { Value: 0 } }, N: 0 },
    ]);
  });

  it('gives a string field both as text and as its UTF-8 bytes in place, clamped to [<N]char', () => {
    // Encoders refuse a string over its limit, so the message is written with
    // the same schema minus the limit (the limit does not change the layout):
    // a writer that ignores it, read as 3 bytes.
    const unlimited = layoutOf(readFileSync(join(__dirname, 'schemas/extras.km'), 'utf8').replace(/\[<3\]char/g, '[]char'), SOURCE);
    const value = { Id: 5, Kids: [], Label: 'abcdef' };
    const bytes = encodeJson(unlimited, 'Node', value);
    const at = guest.putInput(bytes);
    const offset = guest.u32('labelOffset', at, bytes.length);
    expect(guest.u32('labelLength', at, bytes.length)).toBe(3);
    expect(Buffer.from(bytes.subarray(offset, offset + 3)).toString()).toBe('abc');
    expect(guest.string(guest.call('label', at, bytes.length))).toBe('abc');
  });

  it('stops at the depth limit on a slice that points back at its own table, as the host does, without trapping', () => {
    // A Node (not packed: slice headers of 12 bytes) whose Kids hold one NodeRef pointing at the Node itself.
    const size = 4 + 4 + 12 + 12; // header, Id, Kids, Label
    const message = new Uint8Array(size + 8);
    const view = new DataView(message.buffer);
    view.setUint32(0, size, true);
    view.setUint32(4, 77, true); // Id
    view.setUint32(8, size, true); // Kids -> the NodeRef after the table
    view.setUint32(12, 4, true); // one 4-byte element
    view.setUint32(16, 4, true);
    view.setUint32(size, 0, true); // NodeRef.Node -> the Node at offset 0
    // An error past 64 levels, not a tree silently cut there: the host throws, the guest gives -ERR_DECODE_DEPTH.
    expect(() => decodeJson(layout, 'Node', message)).toThrow(expect.objectContaining({ name: 'KarmemLimitError', kind: 'depth' }));
    checkHostile(guest, layout, 'Node', message);
  });
});
