/**
 * `strings: 'bytes'`: the object API's string fields are karmem.Bytes pointed
 * at the UTF-8 in the message. On test/schemas/extras.km (strings in a
 * recursive table, `[<3]char`), under both runtimes: the conformance checks
 * (the same digests and bytes as the host, random and hostile messages), the
 * field pointing into the message, string bytes passed through unchecked,
 * nothing allocated by a decode into a reused object, and the `[<N]char`
 * limit on encode.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { encodeJson } from '@karmem-ts/dynamic';
import { generateAssemblyScript, generateConformanceGuest } from '@karmem-ts/codegen-as';
import { anyValue, checkHostile, checkValue, mutatedMessage } from './checks';
import { buildCached, Guest, hex, layoutOf, moduleFor, RUNTIMES, type BuiltGuest, type Runtime } from './harness';

const SOURCE = 'libs/codegen-as/test/schemas/extras.km';
const layout = layoutOf(readFileSync(join(__dirname, 'schemas/extras.km'), 'utf8'), SOURCE);
const ERR_VALUE_TOO_LONG = 6;

/** Exports of the test on top of the conformance guest's. */
const CHECKS = `
import * as karmem from "@karmem-ts/runtime-as/assembly";
import { Node, encodeNode, lastDecodeStatus, viewNode } from "./extras";
export * from "./extras.guest";

const reader = new karmem.Reader(0, 0);
const writer = karmem.Writer.fixed(0, 0);
const reused = new Node();

/** Decodes the Node at [at, at + length) into the same object every time: lastDecodeStatus(). */
export function decodeNode(at: usize, length: u32): i32 {
  reused.decode(reader.reset(at, length), viewNode(reader));
  return lastDecodeStatus();
}
export function labelPtr(): usize {
  return reused.Label.ptr;
}
export function labelLength(): u32 {
  return reused.Label.length;
}
export function encodeReused(out: usize, capacity: u32): i32 {
  writer.resetFixed(out, capacity);
  return encodeNode(writer, reused);
}
/** A Node whose Label is made from a string (Bytes.fromString: 0 "ab", 1 "ab\u00e9", 4 bytes), encoded into [out, out + capacity). */
export function encodeLabel(which: i32, out: usize, capacity: u32): i32 {
  const node = new Node();
  node.Label = karmem.Bytes.fromString(which == 0 ? "ab" : "ab\u00e9");
  writer.resetFixed(out, capacity);
  return encodeNode(writer, node);
}
`;

let built: BuiltGuest;
beforeAll(async () => {
  const [module] = generateAssemblyScript(layout, { source: SOURCE, strings: 'bytes' });
  const guest = generateConformanceGuest(layout, { source: SOURCE });
  built = await buildCached({
    name: 'extras-bytes',
    files: { [module!.path]: module!.content, [guest.path]: guest.content, 'checks.ts': CHECKS },
    entry: 'checks.ts',
    countAllocations: true,
  });
});

it('types string fields as karmem.Bytes and leaves the viewers as they are', () => {
  const [module] = generateAssemblyScript(layout, { source: SOURCE, strings: 'bytes' });
  expect(module!.content).toContain('Label: karmem.Bytes = new karmem.Bytes();');
  expect(module!.content).toContain('w.writeStringBytes(at + 20, this.Label.ptr, this.Label.length, false, 3);');
  expect(module!.content).toContain('Label(r: karmem.Reader): string {');
  expect(() => generateAssemblyScript(layout, { source: SOURCE, strings: 'utf16' as 'bytes' })).toThrow(/strings must be 'string' or 'bytes', not "utf16"/);
});

describe.each(RUNTIMES)('%s runtime', (runtime: Runtime) => {
  let guest: Guest;
  beforeEach(async () => {
    guest = await Guest.instantiate(moduleFor(built, runtime));
  });

  it('round-trips random values and reads hostile bytes as the host does', () => {
    fc.assert(fc.property(anyValue(layout), ({ type, value }) => checkValue(guest, layout, type, value)), { numRuns: 150 });
    // Hostile bytes: the types without strings (the host re-encodes invalid UTF-8 as U+FFFD; bytes pass through, below).
    const types = layout.structs.map((s) => s.name).filter((t) => !['All', 'Node', 'NodeRef', 'Point'].includes(t));
    fc.assert(fc.property(mutatedMessage(layout, types), ({ type, message }) => checkHostile(guest, layout, type, message)), { numRuns: 150 });
  });

  it('passes string bytes through as they are, invalid UTF-8 included', () => {
    const message = encodeJson(layout, 'Point', { Name: 'abc', NameBytes: 9 });
    const at = message.indexOf(0x61); // 'a'
    message.set([0xff, 0x80, 0xed], at); // not UTF-8: a string field would decode them to U+FFFD
    guest.putInput(message);
    const out = guest.u32('output', 64);
    expect(guest.call('roundtrip_Point', message.length, out, 64)).toBe(message.length);
    expect(hex(guest.read(out, message.length))).toBe(hex(message));
  });

  it('points the field at the bytes in the message and allocates nothing when decoding into the same object again', () => {
    const value = { Id: 7, Kids: [{ Node: { Id: 8, Kids: [], Label: 'ün' } }], Label: 'abc' };
    const bytes = encodeJson(layout, 'Node', value);
    const at = guest.putInput(bytes);
    expect(guest.call('decodeNode', at, bytes.length)).toBe(0);
    const ptr = guest.u32('labelPtr');
    expect(guest.u32('labelLength')).toBe(3);
    expect(ptr).toBeGreaterThanOrEqual(at);
    expect(Buffer.from(guest.read(ptr, 3)).toString()).toBe('abc');
    const before = guest.u32('__allocations');
    expect(guest.call('decodeNode', at, bytes.length)).toBe(0);
    expect((guest.u32('__allocations') - before) >>> 0).toBe(0);
    const out = guest.u32('output', 256);
    expect(guest.call('encodeReused', out, 256)).toBe(bytes.length);
    expect(hex(guest.read(out, bytes.length))).toBe(hex(bytes));
  });

  it('encodes bytes made from a string, and refuses more than [<N]char holds with -ERR_VALUE_TOO_LONG', () => {
    const out = guest.u32('output', 256);
    const n = guest.call<number>('encodeLabel', 0, out, 256);
    expect(hex(guest.read(out, n))).toBe(hex(encodeJson(layout, 'Node', { Id: 0, Kids: [], Label: 'ab' })));
    expect(guest.call('encodeLabel', 1, out, 256)).toBe(-ERR_VALUE_TOO_LONG); // 4 bytes of UTF-8
  });
});
