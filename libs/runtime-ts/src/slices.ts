import type { Writer } from './writer';

/**
 * Writes a slice header: `{offset, size}` in packed structs, plus the element
 * size as a third word otherwise (docs/format.md).
 */
export function setSliceHeader(w: Writer, headerOffset: number, offset: number, size: number, elementSize: number, packed: boolean): void {
  w.setU32(headerOffset, offset);
  w.setU32(headerOffset + 4, size);
  if (!packed) w.setU32(headerOffset + 8, elementSize);
}

/** Thrown when a value does not fit its schema type, e.g. a `[4]T` given 5 elements. */
export class KarmemEncodeError extends Error {
  override readonly name = 'KarmemEncodeError';
  constructor(
    /** Where in the value: `MonsterData.Hitbox`. */
    readonly path: string,
    message: string,
  ) {
    super(`karmem: ${path}: ${message}`);
  }
}

/** Fixed arrays take at most N elements; fewer are padded with defaults. */
export function checkArrayLength(path: string, length: number, capacity: number): void {
  if (length > capacity) throw new KarmemEncodeError(path, `${length} elements given, the array holds ${capacity}`);
}

/** Appends a string's UTF-8 bytes and points the header at them (an empty string: the current end, size 0). */
export function writeString(w: Writer, headerOffset: number, value: string, packed: boolean): void {
  const start = w.length;
  const size = w.appendUtf8(value);
  setSliceHeader(w, headerOffset, start, size, 1, packed);
}

/** Appends a `[]byte` payload and points the header at it. */
export function writeByteSlice(w: Writer, headerOffset: number, value: Uint8Array, packed: boolean): void {
  setSliceHeader(w, headerOffset, w.appendBytes(value), value.length, 1, packed);
}

/** Reserves a table of `size` bytes, stores its offset at `pointerOffset`, and returns the offset. */
export function allocTable(w: Writer, pointerOffset: number, size: number): number {
  const table = w.alloc(size);
  w.setU32(pointerOffset, table);
  return table;
}
