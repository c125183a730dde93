/** Checks shared by the specs that drive conformance guests with many messages. */
import fc from 'fast-check';
import { arbitraryValue, digestValue, type CanonicalValue, type ConformanceCase } from '@karmem-ts/conformance';
import { ValueError, decodeJson, encodeJson } from '@karmem-ts/dynamic';
import type { SchemaLayout } from '@karmem-ts/layout';
import { KarmemLimitError, Writer } from '@karmem-ts/runtime';
import { canonicalLoses } from '../../codegen-core/test/batch-fuzz';
import { hex, type Guest } from './harness';

/**
 * A value written by the host straight into the guest's input region: the
 * guest's viewer digest equals the host's digest of the value, and its object
 * API encodes it again to the same bytes, in a region of exactly that size.
 */
export function checkValue(guest: Guest, layout: SchemaLayout, type: string, value: unknown): void {
  const expected = encodeJson(layout, type, value);
  const length = expected.length;
  const input = guest.u32('input', length);
  encodeJson(layout, type, value, Writer.over(guest.buffer, input, length));
  expect(guest.u64(`digest_${type}`, length)).toBe(digestValue(layout, type, value as CanonicalValue));
  const out = guest.u32('output', length);
  expect(guest.call(`roundtrip_${type}`, length, out, length)).toBe(length);
  expect(hex(guest.read(out, length))).toBe(hex(expected));
}

/**
 * Any bytes: the guest does not trap; its viewers read what the host's
 * schema-driven decoder reads (equal digests); its object API decodes and
 * encodes them again to the very bytes the host's decoder and encoder give.
 */
export function checkHostile(guest: Guest, layout: SchemaLayout, type: string, message: Uint8Array): void {
  const length = message.length;
  guest.putInput(message);
  let value;
  try {
    value = decodeJson(layout, type, message);
  } catch (error) {
    if (!(error instanceof KarmemLimitError)) throw error;
    // The same limit, met at the same place: the guest's object API stops with its status.
    const out = guest.u32('output', 64);
    expect(guest.call(`roundtrip_${type}`, length, out, 64)).toBe(-limitStatus(error));
    return;
  }
  const exact = !canonicalLoses(message, value);
  const digest = guest.u64(`digest_${type}`, length);
  if (exact) expect(digest).toBe(digestValue(layout, type, value as CanonicalValue));
  // A hostile message can point many times at the same table: what the host
  // encodes again can be far longer than the message. The guest gets exactly that room.
  let host: Uint8Array;
  try {
    host = encodeJson(layout, type, value);
  } catch (error) {
    // A hostile `[<N]char` may read as more than N bytes of UTF-8 (invalid
    // bytes read as U+FFFD, 3 bytes each), which encoders refuse to write
    // again: the guest's object API refuses it too (-ERR_VALUE_TOO_LONG), without a trap.
    if (!(error instanceof ValueError && /the limit is/.test(error.message))) throw error;
    const room = 64 * length + 65536;
    expect(guest.call(`roundtrip_${type}`, length, guest.u32('output', room), room)).toBe(-ERR_VALUE_TOO_LONG);
    return;
  }
  const capacity = host.length;
  const out = guest.u32('output', capacity);
  const result = guest.call(`roundtrip_${type}`, length, out, capacity);
  expect(result).toBeGreaterThanOrEqual(0);
  const encoded = guest.read(out, result);
  if (exact) expect(hex(encoded)).toBe(hex(host));
  else expect(decodeJson(layout, type, encoded)).toEqual(decodeJson(layout, type, host));
}

/** runtime-as's ERR_DECODE_DEPTH (4) and ERR_DECODE_BUDGET (5), for the limit a host decoder met. */
export function limitStatus(error: KarmemLimitError | 'depth' | 'budget'): number {
  return (typeof error === 'string' ? error : error.kind) === 'depth' ? 4 : 5;
}

/** A random root type of the schema (one of `types`) and a random value of it. */
export function anyValue(layout: SchemaLayout, types = layout.structs.map((s) => s.name)): fc.Arbitrary<{ type: string; value: Record<string, unknown> }> {
  return fc.constantFrom(...types).chain((type) => arbitraryValue(layout, type).map((value) => ({ type, value })));
}

/** Messages of the schema (root types among `types`) with a few bytes changed, some cut short. */
export function mutatedMessage(layout: SchemaLayout, types?: string[]): fc.Arbitrary<{ type: string; message: Uint8Array }> {
  return anyValue(layout, types).chain(({ type, value }) => {
    const bytes = encodeJson(layout, type, value);
    const edits = fc.array(fc.tuple(fc.nat(), fc.nat({ max: 255 })), { minLength: 1, maxLength: 6 });
    return fc.tuple(edits, fc.nat()).map(([changes, cut]) => {
      const copy = bytes.slice(0, cut % 3 === 0 ? cut % (bytes.length + 1) : bytes.length);
      for (const [at, b] of changes) if (copy.length > 0) copy[at % copy.length] = b;
      return { type, message: copy };
    });
  });
}

/** Random bytes read as a random root type (one of `types`). */
export function randomMessage(layout: SchemaLayout, types = layout.structs.map((s) => s.name)): fc.Arbitrary<{ type: string; message: Uint8Array }> {
  return fc.record({ type: fc.constantFrom(...types), message: fc.uint8Array({ maxLength: 300 }) });
}

const ERR_OUT_OF_SPACE = 1;
/** runtime-as: a value longer than its field holds (a string over its [<N]char limit). */
const ERR_VALUE_TOO_LONG = 6;
const SENTINEL = 0xa5;
const GUARD = 32;

/**
 * One conformance vector through a guest: the host writes the message into
 * the guest's input region (roundtrip cases: encoded there by
 * @karmem-ts/dynamic through a runtime-ts Writer over guest memory; decode
 * cases: copied); the viewer digest equals the host's; the object API
 * re-encodes roundtrip cases to the reference bytes exactly (in a region of
 * exactly that size) and decode cases to bytes that decode to the value; one
 * byte less of room fails with -ERR_OUT_OF_SPACE and leaves the bytes around
 * the region untouched; the input is never written.
 */
export function checkCase(g: Guest, layout: SchemaLayout, c: ConformanceCase): void {
  const length = c.bytes.length;
  // The host writes the message into the guest's input region.
  const input = g.u32('input', length);
  if (c.kind === 'roundtrip') {
    const written = encodeJson(layout, c.type, c.value, Writer.over(g.buffer, input, length));
    expect(written.byteOffset).toBe(input);
    expect(hex(written)).toBe(hex(c.bytes));
  } else {
    g.bytes.set(c.bytes, input);
  }

  // Read in place through the viewers.
  expect(g.u64(`digest_${c.type}`, length)).toBe(digestValue(layout, c.type, c.value));

  // Decode (object API) and encode again.
  const capacity = c.kind === 'roundtrip' ? length : 4 * length + 4096;
  const out = g.u32('output', capacity);
  const result = g.call(`roundtrip_${c.type}`, length, out, capacity);
  expect(result).toBeGreaterThanOrEqual(0);
  const encoded = g.read(out, result);
  if (c.kind === 'roundtrip') expect(hex(encoded)).toBe(hex(c.bytes));
  else expect(decodeJson(layout, c.type, encoded)).toEqual(c.value);

  // One byte short: a clear error, nothing written outside the region.
  if (c.kind === 'roundtrip' && length > 0) {
    const region = g.u32('output', length + 2 * GUARD);
    g.bytes.fill(SENTINEL, region, region + length + 2 * GUARD);
    expect(g.call(`roundtrip_${c.type}`, length, region + GUARD, length - 1)).toBe(-ERR_OUT_OF_SPACE);
    const after = g.read(region, length + 2 * GUARD);
    expect(after.subarray(0, GUARD).every((b) => b === SENTINEL)).toBe(true);
    expect(after.subarray(GUARD + length - 1).every((b) => b === SENTINEL)).toBe(true);
  }

  // The guest only ever read its input.
  expect(hex(g.read(input, length))).toBe(hex(c.bytes));
}
