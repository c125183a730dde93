import { KarmemEncodeError, bytesValue, describeValue, stringValue, within } from './encode-checks';
import { KarmemWriteError } from './errors';
import { MAX_DECODE_DEPTH } from './limits';
import { typedArrayName } from './typed';
import { utf8Length } from './utf8';
import { Writer } from './writer';

export { KarmemEncodeError } from './encode-checks';

/**
 * Writes a slice header: `{offset, size}` in packed structs, plus the element
 * size as a third word otherwise (docs/format.md). An offset or size the
 * format cannot hold (a uint32) is a KarmemEncodeError naming `field`.
 */
export function setSliceHeader(w: Writer, headerOffset: number, offset: number, size: number, elementSize: number, packed: boolean, field?: string): void {
  if (offset >>> 0 !== offset || size >>> 0 !== size) throw headerError(offset, size, field);
  // Checked above: written through the DataView, as generated encoders write
  // scalars (Writer.dataView), not through setters that check again. (A
  // generated encoder writes the header of a slice it reserved itself.)
  const view = w.dataView;
  view.setUint32(headerOffset, offset, true);
  view.setUint32(headerOffset + 4, size, true);
  if (!packed) view.setUint32(headerOffset + 8, elementSize, true);
}

function headerError(offset: number, size: number, field: string | undefined): KarmemEncodeError {
  const badOffset = offset >>> 0 !== offset;
  const what = badOffset ? 'offset' : 'size';
  const value = badOffset ? offset : size;
  const error = new KarmemEncodeError('', `the slice's ${what} ${describeValue(value)} does not fit the format (a uint32, 0 to 4294967295)`, value);
  return field === undefined ? error : error.within(field);
}

/** Fixed arrays take at most N elements; fewer are padded with defaults. */
export function checkArrayLength(path: string, length: number, capacity: number): void {
  if (length > capacity) throw new KarmemEncodeError(path, `${length} elements given, the array holds ${capacity}`, length);
}

/**
 * Appends a string's UTF-8 bytes and points the header at them (an empty
 * string: the current end, size 0). `limit` (of `[<N]char`) is in bytes: a
 * longer string is refused before anything is written. Lone surrogates are
 * written as U+FFFD.
 */
export function writeString(w: Writer, headerOffset: number, value: string, packed: boolean, field?: string, limit?: number): void {
  // appendUtf8 checks that it is a string (limitedString first, for the limit).
  if (limit !== undefined) value = limitedString(value, limit, field);
  const start = w.length;
  const size = w.appendUtf8(value, field);
  // The header straight through the DataView: a place and a size in the
  // writer are uint32 already (MAX_MESSAGE_SIZE), where setSliceHeader
  // would check them again, in bytecode V8 counts against its inlining budget.
  const view = w.dataView;
  view.setUint32(headerOffset, start, true);
  view.setUint32(headerOffset + 4, size, true);
  if (!packed) view.setUint32(headerOffset + 8, 1, true);
}

/** writeString's value under a limit: a string of at most `limit` bytes of UTF-8, else a KarmemEncodeError. */
function limitedString(value: string, limit: number, field: string | undefined): string {
  if (typeof value !== 'string') value = stringValue(value, field);
  // A UTF-16 unit is 1 to 3 bytes: count only when the string may not fit.
  if (value.length * 3 <= limit) return value;
  const size = utf8Length(value);
  if (size > limit) {
    const error = new KarmemEncodeError('', `${describeValue(value)} is ${size} bytes of UTF-8, the limit is ${limit}`, value);
    throw field === undefined ? error : error.within(field);
  }
  return value;
}

/**
 * Appends a `[]byte` payload (a Uint8Array, or an array-like of 0..255) and
 * points the header at it. A Uint8Array's length is the one the engine knows
 * (not an own `length` property or a subclass's getter), read once by the
 * writer, which reserves exactly the bytes it copies; the header's size is
 * what was reserved. A Proxy around a Uint8Array is no Uint8Array: refused.
 */
export function writeByteSlice(w: Writer, headerOffset: number, value: Uint8Array, packed: boolean, field?: string, limit?: number): void {
  if (typedArrayName(value) !== 'Uint8Array') value = bytesValue(value, field, limit);
  const start = w.appendBytes(value, field, limit);
  setSliceHeader(w, headerOffset, start, w.length - start, 1, packed, field);
}

/** Writes a `[N]byte` field at `at` (already allocated): at most N bytes (as the engine counts them), the rest stay zero. */
export function writeByteArray(w: Writer, at: number, value: Uint8Array, length: number, field?: string): void {
  if (typedArrayName(value) !== 'Uint8Array') value = bytesValue(value, field, length, true);
  w.writeBytes(at, value, field, length);
}

/**
 * Reserves a table of `size` bytes, stores its offset at `pointerOffset`, and
 * returns the offset. `zeroed = false` for tables whose encoder writes every byte.
 */
export function allocTable(w: Writer, pointerOffset: number, size: number, zeroed = true): number {
  const table = zeroed ? w.alloc(size) : w.reserve(size);
  w.setU32(pointerOffset, table);
  return table;
}

/**
 * The catch of a generated `encodeX`: the writer is left empty (unless its
 * buffer is detached), a KarmemEncodeError or KarmemWriteError gets the root
 * struct in front of its path, and anything else thrown on a detached buffer
 * (the engine's TypeError) becomes DETACHED.
 */
export function encodeFailure(w: Writer, error: unknown, root: string): unknown {
  const detached = w.detached;
  if (!detached) w.reset();
  const ours = error instanceof KarmemEncodeError || error instanceof KarmemWriteError;
  return within(detached && !ours ? new KarmemWriteError('DETACHED', 0, 0) : error, root);
}

/**
 * Starts a generated `encodeX` into `w`: refuses a writer another encode is
 * writing into (a getter of the value encoding into it: a KarmemEncodeError,
 * and the outer encode then fails as a whole instead of carrying a message
 * reset under it), then empties it. Pair with endEncode in a finally. The
 * depth of recursive slices is the writer's, so an encode run from a getter
 * into another writer counts its own.
 */
export function beginEncode(w: Writer): void {
  if (!(w instanceof Writer)) throw new TypeError(`karmem: an encoder writes into a Writer of @karmem-ts/runtime, not ${describeValue(w)}`);
  if (w.encoding === true) {
    throw new KarmemEncodeError('', 'the writer is writing another message already (a getter of the value encodes into it): give that encode a Writer of its own', undefined);
  }
  w.encoding = true;
  w.encodeDepth = 0;
  w.reset();
}

/** Ends what beginEncode started: the writer is free for the next encode. */
export function endEncode(w: Writer): void {
  w.encoding = false;
}

/**
 * One slice deeper through which a struct reaches itself (what decoders
 * count against MAX_DECODE_DEPTH): a KarmemEncodeError past that depth, so
 * that what an encoder writes a decoder reads whole. Counts first, then
 * checks: pair it with leaveEncode() in a finally, even when it throws.
 */
export function enterEncode(w: Writer): void {
  if (++w.encodeDepth > MAX_DECODE_DEPTH) {
    throw new KarmemEncodeError('', `nested more than ${MAX_DECODE_DEPTH} deep; decoders stop at that depth (docs/format.md, "Limits")`, undefined);
  }
}

export function leaveEncode(w: Writer): void {
  w.encodeDepth--;
}
