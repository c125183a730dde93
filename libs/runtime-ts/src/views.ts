/**
 * Lazy, zero-copy views of arrays and slices for generated viewers: nothing
 * is read until `at(i)` asks for it, and the view holds no copy of the data.
 */
import { DecodeBudget, type DecodeOptions } from './limits';
import { Reader } from './reader';

/** Reads one element at an absolute offset; generated code passes one of the `read*` functions or a viewer factory. */
export type ElementReader<T> = (reader: Reader, offset: number) => T;

/** A reader over no bytes: every read gives its default. Views of missing data use it. */
export const EMPTY_READER: Reader = new Reader(new Uint8Array(0));

export class SliceView<T> implements Iterable<T> {
  constructor(
    private readonly reader: Reader,
    /** Offset of element 0 in the message. */
    private readonly offset: number,
    /** Number of elements (already clamped to the slice's limit). */
    readonly length: number,
    private readonly stride: number,
    private readonly read: ElementReader<T>,
  ) {}

  /** Element `i`; the element's default when `i` is out of range. */
  at(i: number): T {
    const index = i < 0 || i >= this.length ? -1 : i;
    return index < 0 ? this.read(EMPTY_READER, 0) : this.read(this.reader, this.offset + index * this.stride);
  }

  toArray(): T[] {
    const out = new Array<T>(this.length);
    for (let i = 0; i < this.length; i++) out[i] = this.read(this.reader, this.offset + i * this.stride);
    return out;
  }

  map<U>(f: (element: T, index: number) => U): U[] {
    const out = new Array<U>(this.length);
    for (let i = 0; i < this.length; i++) out[i] = f(this.read(this.reader, this.offset + i * this.stride), i);
    return out;
  }

  *[Symbol.iterator](): Iterator<T> {
    for (let i = 0; i < this.length; i++) yield this.read(this.reader, this.offset + i * this.stride);
  }
}

/**
 * The view of the slice whose header is at `headerOffset`: empty when the
 * header or the payload is not in the message; `floor(size / stride)`
 * elements, clamped to `limit`.
 */
export function sliceView<T>(reader: Reader, headerOffset: number, stride: number, limit: number, read: ElementReader<T>): SliceView<T> {
  const length = reader.sliceLength(headerOffset, stride, limit);
  return new SliceView(reader, length === 0 ? 0 : reader.u32(headerOffset), length, stride, read);
}

/** A `[]byte` slice in place: a view into the message, no copy (it detaches if a WebAssembly memory grows). */
export function byteSlice(reader: Reader, headerOffset: number, limit: number): Uint8Array {
  const size = reader.sliceSize(headerOffset);
  return reader.bytes(size === 0 ? 0 : reader.u32(headerOffset), size < limit ? size : limit);
}

/** A fixed `[N]byte` array in place; N zero bytes when it is not in the message. */
export function fixedBytes(reader: Reader, offset: number, length: number): Uint8Array {
  return reader.inBounds(offset, length) ? reader.bytes(offset, length) : new Uint8Array(length);
}

// Element readers, one per wire type, so views stay monomorphic per type.
export const readBool: ElementReader<boolean> = (r, at) => r.bool(at);
export const readU8: ElementReader<number> = (r, at) => r.u8(at);
export const readI8: ElementReader<number> = (r, at) => r.i8(at);
export const readU16: ElementReader<number> = (r, at) => r.u16(at);
export const readI16: ElementReader<number> = (r, at) => r.i16(at);
export const readU32: ElementReader<number> = (r, at) => r.u32(at);
export const readI32: ElementReader<number> = (r, at) => r.i32(at);
export const readU64: ElementReader<bigint> = (r, at) => r.u64(at);
export const readI64: ElementReader<bigint> = (r, at) => r.i64(at);
export const readF32: ElementReader<number> = (r, at) => r.f32(at);
export const readF64: ElementReader<number> = (r, at) => r.f64(at);

/** The decode under way (generated `toObject` calls nest; decodes do not interleave). */
let current: DecodeBudget | undefined;

/**
 * Opens the budget of a decode of the message of `reader` unless one is open
 * (a nested `toObject`): true when this call opened it and must close it.
 */
export function openDecode(reader: Reader, options?: DecodeOptions): boolean {
  if (current !== undefined) return false;
  current = new DecodeBudget(reader.length, options);
  return true;
}

export function closeDecode(): void {
  current = undefined;
}

/**
 * Charges a slice about to be copied (a SliceView's elements, or a byte
 * slice) to the open decode: `length x elementSize x weight` (weight:
 * STRUCT_SLICE_WEIGHT for structs, else 1); a KarmemLimitError past the
 * budget. Returns `slice`.
 */
export function spent<T extends { readonly length: number }>(slice: T, elementSize: number, weight: number): T {
  current?.spend(slice.length * elementSize * weight);
  return slice;
}

/** The `[]char` at `headerOffset` (clamped to `limit` bytes), charged to the open decode. */
export function copyString(reader: Reader, headerOffset: number, limit = Infinity): string {
  current?.spend(reader.sliceLength(headerOffset, 1, limit));
  return reader.string(headerOffset, limit);
}

/**
 * Runs `decode` one slice deeper through which a struct reaches itself: a
 * KarmemLimitError past MAX_DECODE_DEPTH (a hostile message can point such a
 * slice back at its own table).
 */
export function guardDepth<T>(decode: () => T): T {
  if (current === undefined) return decode();
  current.enter();
  try {
    return decode();
  } finally {
    current.leave();
  }
}
