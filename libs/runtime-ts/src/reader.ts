import { HOST_IS_LITTLE_ENDIAN, type NumericArray, bytesOf, swapElements, typedArrayName, typedBuffer, typedByteOffset, typedLength, typedWidth } from './typed';
import { describeValue } from './encode-checks';
import { decodeUtf8, isValidUtf8 } from './utf8';

/** The wire types a `numbers` read copies in bulk. */
export const NumberKind = { U8: 0, I8: 1, U16: 2, I16: 3, U32: 4, I32: 5, F32: 6, F64: 7 } as const;
export type NumberKind = (typeof NumberKind)[keyof typeof NumberKind];

/** Bytes per element of each NumberKind. */
export const NUMBER_WIDTH: readonly number[] = [1, 1, 2, 2, 4, 4, 4, 8];

/** A slice's payload: `size` bytes at `offset`. */
export interface Slice {
  readonly offset: number;
  readonly size: number;
}

const EMPTY_BYTES = new Uint8Array(0);
const EMPTY_SLICE: Slice = Object.freeze({ offset: 0, size: 0 });

/**
 * The views of the buffer read last: a new Reader over the same buffer (each
 * `decodeX(bytes)` makes one) reuses them instead of making two objects that
 * cost more than decoding a small message. One entry, so it holds at most
 * one buffer alive.
 */
let cachedBuffer: ArrayBufferLike = EMPTY_BYTES.buffer;
let cachedBytes: Uint8Array = EMPTY_BYTES;
const EMPTY_VIEW = new DataView(EMPTY_BYTES.buffer);
let cachedView: DataView = EMPTY_VIEW;
/** Made at the first aligned float32 (float64) read of `cachedBuffer` (a message without one never pays for it). */
let cachedFloat32s: Float32Array | undefined;
let cachedFloat64s: Float64Array | undefined;
/** Reader.zeros' reader. */
let zeroReader: Reader | undefined;

/**
 * Bounds-checked little-endian reads of one message, for generated viewers.
 *
 * Offsets are absolute from the message start and are integers (as read from
 * the message). Nothing here throws or reads outside the message, whatever
 * the bytes say: a read that does not fit returns its default (0, 0n, false,
 * '', empty). Sums like `offset + size` are plain JS numbers, so two u32s
 * never wrap around.
 *
 * The views span the whole underlying buffer and are only re-created when the
 * buffer changes, so pointing a reader at another message in the same
 * WebAssembly memory (`resetAt`) allocates nothing. After `memory.grow`, pass
 * the new `memory.buffer`.
 */
export class Reader {
  // `declare`d, then assigned in the constructor: ES2022 field definitions make
  // each `new Reader` several times dearer in V8, and every `decodeX(bytes)` makes one.
  private declare buf: Uint8Array;
  private declare view: DataView;
  /** The buffer's whole 4-byte words as float32, from byte 0 (aligned float32 slices read through it); made when first needed. */
  private declare float32s: Float32Array | undefined;
  /** The same for float64: whole 8-byte words from byte 0. */
  private declare float64s: Float64Array | undefined;
  /** The buffer `buf` and `view` were made for (EMPTY_BYTES' for one that was empty, or detached, then). */
  private declare source: ArrayBufferLike;
  private declare base: number;
  private declare len: number;

  constructor(bytes?: Uint8Array) {
    this.buf = EMPTY_BYTES;
    this.view = EMPTY_VIEW;
    this.float32s = undefined;
    this.float64s = undefined;
    this.source = EMPTY_BYTES.buffer;
    this.base = 0;
    this.len = 0;
    if (bytes !== undefined) this.reset(bytes);
  }

  /** Reads the message `bytes` (a view; nothing is copied). Anything but a Uint8Array (a Node Buffer is one) is a TypeError. */
  reset(bytes: Uint8Array): this {
    // A Float64Array would be read as `length` bytes, a string or an ArrayBuffer as an empty message;
    // a Proxy around a Uint8Array (which passes instanceof) is none to the engine.
    if (typedArrayName(bytes) !== 'Uint8Array') throw new TypeError(`karmem: a message is read from a Uint8Array, not ${describeValue(bytes)}`);
    // The view's range as the engine knows it (typed.ts): an own `length`, `byteOffset` or `buffer`
    // property, or a subclass's getter, would move the reader over bytes around the message.
    // The length getter is inlined like `bytes.length`; `buffer` and `byteOffset` are engine calls either way.
    return this.resetAt(typedBuffer(bytes), typedByteOffset(bytes), typedLength(bytes));
  }

  /**
   * Reads the message at `[offset, offset + length)` of `buffer`, e.g. a
   * guest's output in its memory. A range outside the buffer (a hostile
   * guest's answer) reads as an empty message.
   */
  resetAt(buffer: ArrayBufferLike, offset: number, length: number): this {
    // `source`, not `buf.buffer`: a typed array's `buffer` is a getter, and this is every call's path.
    if (buffer !== this.source) {
      // A detached buffer (byteLength 0) cannot back a view: read it as empty.
      const live = buffer.byteLength > 0 ? buffer : EMPTY_BYTES.buffer;
      // An empty buffer is not remembered: a resizable one may grow, and must then be bound.
      this.source = live;
      // A cached view of a buffer that was detached since (a memory grew) spans 0 bytes: make new ones.
      if (live !== cachedBuffer || cachedBytes.length !== live.byteLength) {
        cachedBuffer = live;
        cachedBytes = new Uint8Array(live);
        cachedView = new DataView(live);
        cachedFloat32s = undefined;
        cachedFloat64s = undefined;
      }
      this.buf = cachedBytes;
      this.view = cachedView;
      this.float32s = cachedFloat32s;
      this.float64s = cachedFloat64s;
    }
    const fits = Number.isInteger(offset) && Number.isInteger(length) && offset >= 0 && length >= 0;
    // `buf` spans the whole buffer (tracking a resizable one's length; 0 once detached): its `length`
    // is a field load, where an ArrayBuffer's `byteLength` is a getter call.
    if (fits && offset + length <= this.buf.length) {
      this.base = offset;
      this.len = length;
    } else {
      this.base = 0;
      this.len = 0;
    }
    return this;
  }

  /** The DataView over the whole buffer the message is in (for views that checked their own bounds). */
  get dataView(): DataView {
    return this.view;
  }

  /**
   * The whole buffer as bytes from byte 0 (`byteOffset` is where the message
   * starts in it), for decoders that checked their own bounds. It may cover
   * less than the message: a resizable buffer that shrank since the reset, or
   * a detached one (no bytes): check an index against its length.
   */
  get uint8Array(): Uint8Array {
    return this.buf;
  }

  /**
   * The whole buffer as host-order float32 elements from byte 0, for views
   * that checked their own bounds and alignment. A typed-array load is
   * cheaper than a DataView read when V8 cannot fold the view (a reader's
   * view is a field); it reads little-endian data only on a little-endian
   * host (HOST_IS_LITTLE_ENDIAN). It may cover less than the message: a
   * resizable buffer that grew since it was made, or a detached one (no
   * elements): check an index against its length.
   */
  get float32Array(): Float32Array {
    return this.float32s ?? this.makeFloat32s();
  }

  /** The Float32Array over `buf`'s buffer at its length now, kept in the reader (and in the cache when it is that buffer's). */
  private makeFloat32s(): Float32Array {
    const bytes = this.buf;
    const float32s = new Float32Array(bytes.buffer, 0, bytes.length >>> 2);
    if (bytes === cachedBytes) cachedFloat32s = float32s;
    return (this.float32s = float32s);
  }

  /**
   * Where `count` float32 from message offset `offset` (already bounds-checked)
   * are in `float32Array`, when they can be read through it: a little-endian
   * host, 4-byte aligned in the buffer, and inside the array. Else -1.
   */
  float32Index(offset: number, count: number): number {
    const start = this.base + offset;
    if (!HOST_IS_LITTLE_ENDIAN || (start & 3) !== 0) return -1;
    return (start >>> 2) + count <= this.float32Array.length ? start >>> 2 : -1;
  }

  /** The whole buffer as host-order float64 elements from byte 0: as `float32Array`, for 8-byte aligned float64. */
  get float64Array(): Float64Array {
    return this.float64s ?? this.makeFloat64s();
  }

  private makeFloat64s(): Float64Array {
    const bytes = this.buf;
    const float64s = new Float64Array(bytes.buffer, 0, bytes.length >>> 3);
    if (bytes === cachedBytes) cachedFloat64s = float64s;
    return (this.float64s = float64s);
  }

  /** As `float32Index`, for float64 in `float64Array`: 8-byte aligned in the buffer. */
  float64Index(offset: number, count: number): number {
    const start = this.base + offset;
    if (!HOST_IS_LITTLE_ENDIAN || (start & 7) !== 0) return -1;
    return (start >>> 3) + count <= this.float64Array.length ? start >>> 3 : -1;
  }

  /** Where the message starts in that buffer. */
  get byteOffset(): number {
    return this.base;
  }

  /** Size of the message in bytes. */
  get length(): number {
    return this.len;
  }

  /** True when `[offset, offset + size)` lies inside the message. */
  inBounds(offset: number, size: number): boolean {
    return offset >= 0 && size >= 0 && offset + size <= this.len;
  }

  u8(offset: number): number {
    return offset >= 0 && offset + 1 <= this.len ? this.view.getUint8(this.base + offset) : 0;
  }
  i8(offset: number): number {
    return offset >= 0 && offset + 1 <= this.len ? this.view.getInt8(this.base + offset) : 0;
  }
  /** Any non-zero byte is true. */
  bool(offset: number): boolean {
    return offset >= 0 && offset + 1 <= this.len ? this.view.getUint8(this.base + offset) !== 0 : false;
  }
  u16(offset: number): number {
    return offset >= 0 && offset + 2 <= this.len ? this.view.getUint16(this.base + offset, true) : 0;
  }
  i16(offset: number): number {
    return offset >= 0 && offset + 2 <= this.len ? this.view.getInt16(this.base + offset, true) : 0;
  }
  u32(offset: number): number {
    return offset >= 0 && offset + 4 <= this.len ? this.view.getUint32(this.base + offset, true) : 0;
  }
  i32(offset: number): number {
    return offset >= 0 && offset + 4 <= this.len ? this.view.getInt32(this.base + offset, true) : 0;
  }
  u64(offset: number): bigint {
    return offset >= 0 && offset + 8 <= this.len ? this.view.getBigUint64(this.base + offset, true) : 0n;
  }
  i64(offset: number): bigint {
    return offset >= 0 && offset + 8 <= this.len ? this.view.getBigInt64(this.base + offset, true) : 0n;
  }
  f32(offset: number): number {
    return offset >= 0 && offset + 4 <= this.len ? this.view.getFloat32(this.base + offset, true) : 0;
  }
  f64(offset: number): number {
    return offset >= 0 && offset + 8 <= this.len ? this.view.getFloat64(this.base + offset, true) : 0;
  }

  // Reads at a position of the whole buffer (`byteOffset` + an offset in the
  // message), unchecked against the message: for viewers, which check a
  // table once when they are made (tableReader) and read its scalars with
  // getters small enough for V8 to inline every one of them (docs/typescript.md,
  // "Viewers"). The DataView still checks the buffer: a position past its
  // end throws a RangeError, as it does once the buffer shrank.
  u8At(at: number): number {
    return this.view.getUint8(at);
  }
  i8At(at: number): number {
    return this.view.getInt8(at);
  }
  /** Any non-zero byte is true. */
  boolAt(at: number): boolean {
    return this.view.getUint8(at) !== 0;
  }
  u16At(at: number): number {
    return this.view.getUint16(at, true);
  }
  i16At(at: number): number {
    return this.view.getInt16(at, true);
  }
  u32At(at: number): number {
    return this.view.getUint32(at, true);
  }
  i32At(at: number): number {
    return this.view.getInt32(at, true);
  }
  u64At(at: number): bigint {
    return this.view.getBigUint64(at, true);
  }
  i64At(at: number): bigint {
    return this.view.getBigInt64(at, true);
  }
  f32At(at: number): number {
    return this.view.getFloat32(at, true);
  }
  f64At(at: number): number {
    return this.view.getFloat64(at, true);
  }

  /**
   * What a viewer reads the scalars of the table at `offset` from, checked
   * once: this reader when the table's declared `size` lies inside the
   * message and holds every scalar the viewer knows (`ends`: where each ends
   * in the table, ascending); the table starts at `byteOffset + offset` here.
   * Else a reader of a copy, where it starts at 0: the scalars the table
   * holds whole, then zeros up to the last end (a table written by an older
   * schema, or one that cannot be read: its missing fields read as their
   * defaults, and a field the declared size cuts through is missing too).
   * Allocates only for a short table: at most the last end, fixed by the schema.
   */
  tableReader(offset: number, size: number, ends: readonly number[]): Reader {
    const known = ends[ends.length - 1] ?? 0;
    const readable = this.inBounds(offset, size) ? size : 0;
    // The common case first, in bytecode small enough that V8 inlines it into a viewer's `at`.
    return readable >= known ? this : this.shortTableReader(offset, readable, ends, known);
  }

  /** tableReader for a table shorter than its scalars (or unreadable: `readable` 0). */
  private shortTableReader(offset: number, readable: number, ends: readonly number[], known: number): Reader {
    let whole = 0;
    for (let i = 0; i < ends.length && ends[i]! <= readable; i++) whole = ends[i]!;
    if (whole === 0) return Reader.zeros(known);
    const start = this.base + offset;
    const copy = new Uint8Array(known);
    copy.set(this.live(start + whole).subarray(start, start + whole));
    return Reader.ownBytes(copy);
  }

  /** A reader of zeros for tables that cannot be read, shared (grown to the largest `known` asked for; never written). */
  private static zeros(known: number): Reader {
    if (zeroReader === undefined || zeroReader.len < known) zeroReader = Reader.ownBytes(new Uint8Array(Math.max(known, 256)));
    return zeroReader;
  }

  /** A reader of `bytes` (a buffer of its own) that leaves the views' cache to the messages read. */
  private static ownBytes(bytes: Uint8Array): Reader {
    const reader = new Reader();
    reader.buf = bytes;
    reader.view = new DataView(bytes.buffer);
    reader.source = bytes.buffer;
    reader.len = bytes.length;
    return reader;
  }

  /**
   * Decodes `size` bytes of UTF-8 at `offset`; '' when out of bounds. Invalid
   * bytes become U+FFFD as with TextDecoder; a leading U+FEFF is kept.
   */
  utf8(offset: number, size: number): string {
    if (!this.inBounds(offset, size)) return '';
    const start = this.base + offset;
    return decodeUtf8(this.live(start + size), start, start + size);
  }

  /** Strict: true only if the range is in bounds and is well-formed UTF-8. */
  utf8Valid(offset: number, size: number): boolean {
    if (!this.inBounds(offset, size)) return false;
    const start = this.base + offset;
    return isValidUtf8(this.live(start + size), start, start + size);
  }

  /** A view (no copy) of `size` bytes at `offset`; empty when out of bounds. */
  bytes(offset: number, size: number): Uint8Array {
    if (!this.inBounds(offset, size)) return EMPTY_BYTES;
    const start = this.base + offset;
    return this.live(start + size).subarray(start, start + size);
  }

  /**
   * Fills `dst` with its own byte length of little-endian elements read at
   * `offset`. Out of bounds: fills it with zeros and returns false.
   */
  readInto(offset: number, dst: NumericArray): boolean {
    const out = bytesOf(dst);
    // Its bytes as the engine counts them (bytesOf), not an own `byteLength` property.
    const size = out.length;
    if (!this.inBounds(offset, size)) {
      out.fill(0);
      return false;
    }
    const start = this.base + offset;
    out.set(this.buf.subarray(start, start + size));
    if (!HOST_IS_LITTLE_ENDIAN) swapElements(out, 0, size, typedWidth(dst));
    return true;
  }

  /**
   * `count` elements of `kind` (little-endian, `width` bytes apart) at
   * `offset`, copied into a new array with one bounds check for all of
   * them; an empty array when they are not all inside the message. For
   * decoders of numeric slices and arrays.
   */
  numbers(kind: NumberKind, offset: number, count: number): number[] {
    // Out of bounds: no elements, but through the same copier. An early
    // `return []` (another array shape out of the same function) costs
    // about 25 ns per call on 100 float32.
    if (!(count > 0) || !this.inBounds(offset, count * NUMBER_WIDTH[kind])) count = 0;
    const v = this.view;
    const start = this.base + offset;
    switch (kind) {
      case NumberKind.U8: return copyU8s(v, start, count);
      case NumberKind.I8: return copyI8s(v, start, count);
      case NumberKind.U16: return copyU16s(v, start, count);
      case NumberKind.I16: return copyI16s(v, start, count);
      case NumberKind.U32: return copyU32s(v, start, count);
      case NumberKind.I32: return copyI32s(v, start, count);
      // Through the Float32Array where it can (as AlignedF32SliceView reads them).
      case NumberKind.F32: {
        const first = this.float32Index(offset, count);
        return first >= 0 ? copyAlignedF32s(this.float32s!, first, count) : copyF32s(v, start, count);
      }
      case NumberKind.F64: {
        const first = this.float64Index(offset, count);
        return first >= 0 ? copyAlignedF64s(this.float64s!, first, count) : copyF64s(v, start, count);
      }
    }
    return [];
  }

  // Format rules every viewer needs (FORMAT.md, "Reading untrusted bytes").

  /**
   * The declared size of the table at `offset`, or 0 when it cannot be read:
   * its minimum size (4 bytes packed, 8 not) and then its declared size must
   * fit in the message. A field at `fieldOffset` exists only if
   * `fieldOffset + fieldSize <= tableSize`.
   */
  tableSize(offset: number, packed: boolean): number {
    if (!this.inBounds(offset, packed ? 4 : 8)) return 0;
    const size = this.view.getUint32(this.base + offset, true);
    return offset + size <= this.len ? size : 0;
  }

  /**
   * The byte size of the slice (or string) whose header is at `headerOffset`,
   * or 0 when the header or the payload is not inside the message. The
   * payload's offset is `u32(headerOffset)`.
   */
  sliceSize(headerOffset: number): number {
    if (!this.inBounds(headerOffset, 8)) return 0;
    const p = this.base + headerOffset;
    const offset = this.view.getUint32(p, true);
    const size = this.view.getUint32(p + 4, true);
    return offset + size <= this.len ? size : 0;
  }

  /**
   * The payload offset the slice header at `headerOffset` holds, unchecked:
   * for decoders that had `sliceSize` say the slice lies in the message.
   */
  payloadOffset(headerOffset: number): number {
    return this.view.getUint32(this.base + headerOffset, true);
  }

  /** Element count of a slice: floor(size / elementSize), clamped to `limit` for `[<N]T`. */
  sliceLength(headerOffset: number, elementSize: number, limit = Infinity): number {
    const n = Math.floor(this.sliceSize(headerOffset) / elementSize);
    return n < limit ? n : limit;
  }

  /** `{offset, size}` of a slice's payload; `{0, 0}` when it cannot be read. Allocates: prefer sliceSize on hot paths. */
  slice(headerOffset: number): Slice {
    const size = this.sliceSize(headerOffset);
    return size === 0 ? EMPTY_SLICE : { offset: this.payloadOffset(headerOffset), size };
  }

  /** A `[]char` (or `[<N]char` with `limit` = N bytes) from its header; '' when it cannot be read. */
  string(headerOffset: number, limit = Infinity): string {
    const size = this.sliceSize(headerOffset);
    if (size === 0) return '';
    const start = this.base + this.payloadOffset(headerOffset);
    const end = start + (size < limit ? size : limit);
    return decodeUtf8(this.live(end), start, end);
  }

  /**
   * The bytes, when they still reach `end`: a resizable buffer shrunk since
   * the reset (or a detached one) would read past its end as `undefined`, and
   * text as U+FFFD or a view cut short, where the DataView reads throw. So
   * these throw too.
   */
  private live(end: number): Uint8Array {
    const buf = this.buf;
    if (end > buf.length) throw new TypeError('karmem: the message\'s ArrayBuffer was detached or shrunk since the reader was reset: reset it over the buffer as it is and read again');
    return buf;
  }
}

// Reader.numbers' loops, one function per wire type: a loop alone in its
// function, with the view as an argument, ran about a fifth faster in a
// micro-benchmark (100 float32, two readers in turn) than the same loop in
// one case of a switch. Four elements per iteration: V8 checks the loop's
// bounds, the view and an interrupt once per iteration, and copying 100
// float32 took 105 ns this way against 155 ns one at a time (one process
// each, 2026-12-06); the floors' loops over a constant DataView measured
// slower unrolled, and stay as they are.
function copyU8s(v: DataView, start: number, count: number): number[] {
  const out = new Array<number>(count);
  let i = 0;
  for (let p = start; i + 4 <= count; i += 4, p += 4) {
    out[i] = v.getUint8(p);
    out[i + 1] = v.getUint8(p + 1);
    out[i + 2] = v.getUint8(p + 2);
    out[i + 3] = v.getUint8(p + 3);
  }
  for (; i < count; i++) out[i] = v.getUint8(start + i);
  return out;
}
function copyI8s(v: DataView, start: number, count: number): number[] {
  const out = new Array<number>(count);
  let i = 0;
  for (let p = start; i + 4 <= count; i += 4, p += 4) {
    out[i] = v.getInt8(p);
    out[i + 1] = v.getInt8(p + 1);
    out[i + 2] = v.getInt8(p + 2);
    out[i + 3] = v.getInt8(p + 3);
  }
  for (; i < count; i++) out[i] = v.getInt8(start + i);
  return out;
}
function copyU16s(v: DataView, start: number, count: number): number[] {
  const out = new Array<number>(count);
  let i = 0;
  for (let p = start; i + 4 <= count; i += 4, p += 8) {
    out[i] = v.getUint16(p, true);
    out[i + 1] = v.getUint16(p + 2, true);
    out[i + 2] = v.getUint16(p + 4, true);
    out[i + 3] = v.getUint16(p + 6, true);
  }
  for (; i < count; i++) out[i] = v.getUint16(start + 2 * i, true);
  return out;
}
function copyI16s(v: DataView, start: number, count: number): number[] {
  const out = new Array<number>(count);
  let i = 0;
  for (let p = start; i + 4 <= count; i += 4, p += 8) {
    out[i] = v.getInt16(p, true);
    out[i + 1] = v.getInt16(p + 2, true);
    out[i + 2] = v.getInt16(p + 4, true);
    out[i + 3] = v.getInt16(p + 6, true);
  }
  for (; i < count; i++) out[i] = v.getInt16(start + 2 * i, true);
  return out;
}
function copyU32s(v: DataView, start: number, count: number): number[] {
  const out = new Array<number>(count);
  let i = 0;
  for (let p = start; i + 4 <= count; i += 4, p += 16) {
    out[i] = v.getUint32(p, true);
    out[i + 1] = v.getUint32(p + 4, true);
    out[i + 2] = v.getUint32(p + 8, true);
    out[i + 3] = v.getUint32(p + 12, true);
  }
  for (; i < count; i++) out[i] = v.getUint32(start + 4 * i, true);
  return out;
}
function copyI32s(v: DataView, start: number, count: number): number[] {
  const out = new Array<number>(count);
  let i = 0;
  for (let p = start; i + 4 <= count; i += 4, p += 16) {
    out[i] = v.getInt32(p, true);
    out[i + 1] = v.getInt32(p + 4, true);
    out[i + 2] = v.getInt32(p + 8, true);
    out[i + 3] = v.getInt32(p + 12, true);
  }
  for (; i < count; i++) out[i] = v.getInt32(start + 4 * i, true);
  return out;
}
/**
 * A new array for `count` numbers that holds doubles from the start: one
 * double stored before a copy loop, so that the loop's stores never change
 * the array's elements kind, whatever the message holds (a transition at the
 * first fraction cost a third more on 100 float32). The float copies below
 * start from it, and so do generated decoders' own.
 */
export function doubleArray(count: number): number[] {
  const out = new Array<number>(count);
  if (count > 0) out[0] = 0.5;
  return out;
}
function copyF32s(v: DataView, start: number, count: number): number[] {
  const out = doubleArray(count);
  let i = 0;
  for (let p = start; i + 4 <= count; i += 4, p += 16) {
    out[i] = v.getFloat32(p, true);
    out[i + 1] = v.getFloat32(p + 4, true);
    out[i + 2] = v.getFloat32(p + 8, true);
    out[i + 3] = v.getFloat32(p + 12, true);
  }
  for (; i < count; i++) out[i] = v.getFloat32(start + 4 * i, true);
  return out;
}
/** Elements `[first, first + count)` of `a`, all inside it (checked by the caller). */
function copyAlignedF32s(a: Float32Array, first: number, count: number): number[] {
  const out = doubleArray(count);
  let i = 0;
  for (; i + 4 <= count; i += 4) {
    const k = first + i;
    out[i] = a[k]!;
    out[i + 1] = a[k + 1]!;
    out[i + 2] = a[k + 2]!;
    out[i + 3] = a[k + 3]!;
  }
  for (; i < count; i++) out[i] = a[first + i]!;
  return out;
}
/** Elements `[first, first + count)` of `a`, all inside it (checked by the caller). */
function copyAlignedF64s(a: Float64Array, first: number, count: number): number[] {
  const out = doubleArray(count);
  let i = 0;
  for (; i + 4 <= count; i += 4) {
    const k = first + i;
    out[i] = a[k]!;
    out[i + 1] = a[k + 1]!;
    out[i + 2] = a[k + 2]!;
    out[i + 3] = a[k + 3]!;
  }
  for (; i < count; i++) out[i] = a[first + i]!;
  return out;
}
function copyF64s(v: DataView, start: number, count: number): number[] {
  const out = doubleArray(count);
  let i = 0;
  for (let p = start; i + 4 <= count; i += 4, p += 32) {
    out[i] = v.getFloat64(p, true);
    out[i + 1] = v.getFloat64(p + 8, true);
    out[i + 2] = v.getFloat64(p + 16, true);
    out[i + 3] = v.getFloat64(p + 24, true);
  }
  for (; i < count; i++) out[i] = v.getFloat64(start + 8 * i, true);
  return out;
}
