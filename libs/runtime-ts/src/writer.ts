import { KarmemWriteError, MAX_MESSAGE_SIZE } from './errors';
import { F32_LIMIT, KarmemEncodeError, I64_MAX, I64_MIN, U64_MAX, bigintValue, boolValue, bytesValue, describeValue, floatValue, integerValue, liveLength, stringValue, tooManyError } from './encode-checks';
import { NumberKind } from './reader';
import { HOST_IS_LITTLE_ENDIAN, type NumericArray, bufferByteLength, mayGrowUnderUs, swapElements, typedArrayName, typedBuffer, typedLength, typedWidth, viewBuffer, viewByteLength, viewByteOffset } from './typed';
import { ENCODE_LOOP_MAX, encodeUtf8, utf8Length } from './utf8';

const DEFAULT_CAPACITY = 1024;
// Zeroing a few bytes with a loop beats the fill() builtin's call cost.
const ZERO_LOOP_MAX = 32;

/**
 * Writes one little-endian Karmem message. Offsets are relative to the
 * message start, which is where generated code wants them (Karmem pointers
 * are absolute from the start of the message).
 *
 * Growable (`new Writer()`): owns its buffer and doubles it when full.
 * Fixed (`Writer.over(...)`): writes into a caller's region, for example a
 * WebAssembly memory; running out of room throws KarmemWriteError before any
 * byte is written, and no method ever writes outside the region (the views
 * are created over the region only, so even a bad offset to a setter throws
 * a RangeError instead of touching a neighbour's bytes).
 */
// A note on detachment checks: a Uint8Array's `length` is 0 once its buffer
// is detached, and reading it is a field load for V8 (about 1 ns), where its
// `byteLength`, `byteOffset` and `buffer` getters are calls into the engine
// (12-30 ns each on Node 20): the checks below compare `u8.length` with `cap`,
// and the buffer is kept in a field of its own. (`u8` is the writer's own
// array; a caller's typed array is measured through the engine's getters, see
// typed.ts.)
export class Writer {
  private u8: Uint8Array;
  private view: DataView;
  /** The ArrayBuffer `u8` and `view` are over. */
  private backing: ArrayBufferLike;
  /**
   * The buffer as float32 elements from the first 4-aligned byte of the
   * region (`f32Origin`, a region offset, 0 to 3), made on first use:
   * typed-array stores in setNumbers' float32 loop run about a quarter
   * faster than DataView ones when V8 cannot fold the view.
   */
  private f32: Float32Array | undefined;
  private f32Origin = 0;
  private len = 0;
  private cap: number;
  /** The view `bytes()` returned last, and the array it is a view of. */
  private lastBytes: Uint8Array = new Uint8Array(0);
  private lastOf: Uint8Array | undefined;
  private fixed = false;
  /**
   * True while a generated `encodeX` writes into this writer (beginEncode to
   * endEncode): a getter of its value encoding into the same writer would
   * reset it under the message being written, and is refused.
   */
  encoding = false;
  /** How many recursive slices deep the encode under way is (see enterEncode). */
  encodeDepth = 0;
  // Fixed mode: the region's place in its buffer, kept for rebind().
  private regionOffset = 0;
  private regionLength = 0;

  constructor(initialCapacity: number = DEFAULT_CAPACITY) {
    if (!isSize(initialCapacity) || initialCapacity > MAX_MESSAGE_SIZE) {
      throw new RangeError(`karmem: invalid initial capacity ${initialCapacity}`);
    }
    this.u8 = new Uint8Array(initialCapacity);
    this.backing = this.u8.buffer;
    this.view = new DataView(this.backing);
    this.cap = initialCapacity;
  }

  /**
   * A writer over a fixed region: `[offset, offset + length)` of `buffer`
   * (relative to the view when `buffer` is a Uint8Array). `length` defaults
   * to the rest of the buffer. At most MAX_MESSAGE_SIZE bytes of it are used.
   */
  static over(buffer: ArrayBufferLike | Uint8Array, offset = 0, length?: number): Writer {
    let backing: ArrayBufferLike;
    let base = 0;
    let size: number | undefined;
    if (ArrayBuffer.isView(buffer)) {
      // The view's range as the engine knows it: an own `buffer`, `byteOffset`
      // or `byteLength` property (or a subclass's getter) would move the region
      // over a neighbour's bytes.
      backing = viewBuffer(buffer);
      base = viewByteOffset(buffer);
      size = viewByteLength(buffer);
    } else {
      backing = buffer;
      size = bufferByteLength(buffer);
      // A Proxy or a look-alike would be copied by the views made over it, and the bytes written into the copy.
      if (size === undefined) throw new TypeError(`karmem: a Writer writes over an ArrayBuffer, a SharedArrayBuffer or a view of one, not ${describeValue(buffer)}`);
    }
    const regionLength = length ?? size - offset;
    if (!isSize(offset) || !isSize(regionLength) || offset + regionLength > size) {
      throw new RangeError(`karmem: region [${offset}, +${regionLength}) is outside a buffer of ${size} bytes`);
    }
    const w = new Writer(0);
    w.fixed = true;
    w.regionOffset = base + offset;
    w.regionLength = regionLength;
    w.bind(backing);
    return w;
  }

  /** True when the buffer was detached (a WebAssembly memory grew): writes give DETACHED until `rebind`. */
  get detached(): boolean {
    return this.u8.length !== this.cap;
  }

  /** Bytes written so far: the message's size. */
  get length(): number {
    return this.len;
  }

  /** Bytes the writer can hold without growing (fixed: the region's usable size). */
  get capacity(): number {
    return this.cap;
  }

  /**
   * The DataView the setters write through, at the same offsets (a fixed
   * writer's: over its region), for generated encoders, which check each
   * value inline and write the reserved bytes through it. Replaced when the
   * writer grows (`reserve`, `alloc`, the append methods): read it again
   * after any of them. Unlike the setters, a write through it on a detached
   * buffer throws the DataView's TypeError: a generated `encodeX` reports it
   * as DETACHED (encodeFailure).
   */
  get dataView(): DataView {
    return this.view;
  }

  /**
   * The bytes the setters write, at the same offsets, as a Uint8Array (a
   * fixed writer's: over its region): for generated encoders, which write a
   * string's ASCII units into the room `asciiRoom` found. Replaced when the
   * writer grows, as `dataView` is. Typed-array stores outside it, or on a
   * detached buffer, are lost without an error: write only where
   * `asciiRoom` (or `reserve`) said there is room, right after.
   */
  get uint8Array(): Uint8Array {
    return this.u8;
  }

  /**
   * For a generated encoder's string: `value.length` when `value` is a
   * string of at most `max` (and ENCODE_LOOP_MAX) UTF-16 units and that many
   * bytes fit from `length` without growing, on a live buffer; else -1.
   * Reserves nothing: the encoder writes the units from `length` while they
   * are ASCII (one byte each, the string's UTF-8), then reserves them, or
   * hands a string that is not all ASCII to writeString, which writes it
   * from the same place. Kept this small so that V8 inlines it along with
   * the encoder's other helpers; the loop itself is in the encoder.
   */
  asciiRoom(value: unknown, max: number = ENCODE_LOOP_MAX): number {
    if (typeof value !== 'string') return -1;
    const n = value.length;
    return n <= max && n <= ENCODE_LOOP_MAX && this.len + n <= this.cap && this.u8.length === this.cap ? n : -1;
  }

  /** The ArrayBuffer written into. A host compares it with `memory.buffer` to know when to rebind. */
  get buffer(): ArrayBufferLike {
    return this.backing;
  }

  /**
   * Reserves `size` zeroed bytes at the end and returns their offset.
   * Throws KarmemWriteError (OUT_OF_SPACE, TOO_LARGE) with nothing written,
   * its path `field` when given.
   */
  alloc(size: number, field?: string): number {
    const start = this.len;
    const end = start + size;
    if (end > this.cap || size >>> 0 !== size || this.u8.length !== this.cap) this.ensure(size, field);
    const u8 = this.u8;
    if (size <= ZERO_LOOP_MAX) {
      for (let i = start; i < end; i++) u8[i] = 0;
    } else {
      u8.fill(0, start, end);
    }
    this.len = end;
    return start;
  }

  // Setters check the value against the wire type before writing: the
  // inline test is the whole cost on the happy path; the *Value helpers are
  // the slow path (undefined -> default, anything else -> KarmemEncodeError
  // naming `field` and `index` when given). On a detached buffer the
  // DataView throws a TypeError: writeFailure turns it into DETACHED (the
  // try/catch costs nothing measurable on the happy path, bench host/encode).
  setU8(offset: number, value: number, field?: string, index?: number): void {
    if (typeof value !== 'number' || (value & 0xff) !== value) value = integerValue(value, 'uint8', field, index);
    try {
      this.view.setUint8(offset, value);
    } catch (error) {
      throw this.writeFailure(error);
    }
  }
  setI8(offset: number, value: number, field?: string, index?: number): void {
    if (typeof value !== 'number' || (value << 24) >> 24 !== value) value = integerValue(value, 'int8', field, index);
    try {
      this.view.setInt8(offset, value);
    } catch (error) {
      throw this.writeFailure(error);
    }
  }
  setBool(offset: number, value: boolean, field?: string, index?: number): void {
    if (typeof value !== 'boolean') value = boolValue(value, field, index);
    try {
      this.view.setUint8(offset, value ? 1 : 0);
    } catch (error) {
      throw this.writeFailure(error);
    }
  }
  setU16(offset: number, value: number, field?: string, index?: number): void {
    if (typeof value !== 'number' || (value & 0xffff) !== value) value = integerValue(value, 'uint16', field, index);
    try {
      this.view.setUint16(offset, value, true);
    } catch (error) {
      throw this.writeFailure(error);
    }
  }
  setI16(offset: number, value: number, field?: string, index?: number): void {
    if (typeof value !== 'number' || (value << 16) >> 16 !== value) value = integerValue(value, 'int16', field, index);
    try {
      this.view.setInt16(offset, value, true);
    } catch (error) {
      throw this.writeFailure(error);
    }
  }
  setU32(offset: number, value: number, field?: string, index?: number): void {
    if (typeof value !== 'number' || value >>> 0 !== value) value = integerValue(value, 'uint32', field, index);
    try {
      this.view.setUint32(offset, value, true);
    } catch (error) {
      throw this.writeFailure(error);
    }
  }
  setI32(offset: number, value: number, field?: string, index?: number): void {
    if (typeof value !== 'number' || (value | 0) !== value) value = integerValue(value, 'int32', field, index);
    try {
      this.view.setInt32(offset, value, true);
    } catch (error) {
      throw this.writeFailure(error);
    }
  }
  /** A bigint 0..2^64-1, or a safe non-negative integer number. */
  setU64(offset: number, value: bigint | number, field?: string, index?: number): void {
    if (typeof value !== 'bigint' || value < 0n || value > U64_MAX) value = bigintValue(value, false, field, index);
    try {
      this.view.setBigUint64(offset, value, true);
    } catch (error) {
      throw this.writeFailure(error);
    }
  }
  /** A bigint -2^63..2^63-1, or a safe integer number. */
  setI64(offset: number, value: bigint | number, field?: string, index?: number): void {
    if (typeof value !== 'bigint' || value < I64_MIN || value > I64_MAX) value = bigintValue(value, true, field, index);
    try {
      this.view.setBigInt64(offset, value, true);
    } catch (error) {
      throw this.writeFailure(error);
    }
  }
  /** Any number a float32 holds after rounding: a finite value past ±3.4028235e38 is refused, not made infinite. */
  setF32(offset: number, value: number, field?: string, index?: number): void {
    if (typeof value !== 'number' || !(Math.abs(value) < F32_LIMIT)) value = floatValue(value, true, field, index);
    try {
      this.view.setFloat32(offset, value, true);
    } catch (error) {
      throw this.writeFailure(error);
    }
  }
  setF64(offset: number, value: number, field?: string, index?: number): void {
    if (typeof value !== 'number') value = floatValue(value, false, field, index);
    try {
      this.view.setFloat64(offset, value, true);
    } catch (error) {
      throw this.writeFailure(error);
    }
  }

  /**
   * Writes `values` as consecutive little-endian elements from `offset`
   * (already reserved), each checked as its setter checks it: the loop of a
   * generated encoder for `[]float32` and the like, with the DataView loaded
   * once. A wrong element throws KarmemEncodeError naming `field` and its index.
   * Exactly `count` elements are written (default: `values.length`, read
   * once; a typed array's as the engine knows it): what the caller reserved,
   * whatever a getter does to `values` meanwhile (an element missing by then
   * is 0).
   */
  setNumbers(kind: NumberKind, offset: number, values: ArrayLike<number>, field?: string, count?: number): void {
    // The common case, kept small enough that V8 inlines it into a generated
    // encoder (about 920 bytes of bytecode in all per optimized function, 460
    // for one function; this is 436; a call here instead cost the record's
    // encode a sixth of its time): float32 from an array into the
    // Float32Array over the buffer, which setNumbersAny's first float32 call
    // makes (on a little-endian host only: none elsewhere, and this path
    // never taken). Typed-array stores ignore a bad index or a detached
    // buffer instead of throwing: taken only for an aligned (`from`: a whole
    // number, a multiple of 4), reserved range of a live buffer. (No `count`
    // is NaN there: the range test fails.) The loop is putFloat32s' written
    // out: as a function of its own, V8 inlined it into the encoder or not
    // from one process to the next (by call counts it had read), and the
    // encoder took 1.27x its floor instead of 1.20x when it did not.
    const f32 = this.f32;
    const from = offset - this.f32Origin;
    if (kind === F32 && f32 !== undefined && from >>> 0 === from && (from & 3) === 0 && offset + 4 * count! <= this.len && this.u8.length === this.cap && Array.isArray(values)) {
      const n = count!;
      const at = from >> 2;
      let i = 0;
      let stored = 0;
      for (; i + 4 <= n; i += 4) {
        const x0 = values[i]!, x1 = values[i + 1]!, x2 = values[i + 2]!, x3 = values[i + 3]!;
        // Before any store: a store would call an object's valueOf.
        if (typeof x0 !== 'number' || typeof x1 !== 'number' || typeof x2 !== 'number' || typeof x3 !== 'number') break;
        const f0 = Math.fround(x0), f1 = Math.fround(x1), f2 = Math.fround(x2), f3 = Math.fround(x3);
        const k = at + i;
        f32[k] = f0;
        f32[k + 1] = f1;
        f32[k + 2] = f2;
        f32[k + 3] = f3;
        stored += f0 + f1 + (f2 + f3);
      }
      // The range test (see finite): from the first element again when it fails.
      if (!finite(stored)) i = 0;
      if (i < n || this.u8.length !== this.cap) this.setFloat32sFrom(i, offset, values, field, n);
    } else {
      this.setNumbersAny(kind, offset, values, field, count);
    }
  }

  /**
   * setNumbers' float32 path from element `i`, the first its four-at-a-time
   * loop did not write (0 when the loop's range test failed): one at a time
   * through the Float32Array, then through the setters from the first
   * element refused.
   */
  private setFloat32sFrom(i: number, offset: number, values: ArrayLike<number>, field: string | undefined, count: number): void {
    // An element's getter may have grown a WebAssembly memory: the stores after that went nowhere.
    if (this.u8.length !== this.cap) throw new KarmemWriteError('DETACHED', 0, 0);
    i = putFloat32sFrom(this.f32 ?? this.float32s(), (offset - this.f32Origin) >> 2, values, i, count);
    if (this.u8.length !== this.cap) throw new KarmemWriteError('DETACHED', 0, 0);
    if (i < count) this.setNumbersFrom(i, count, NumberKind.F32, offset, values, field);
  }

  /** setNumbers for any kind and any array-like. */
  private setNumbersAny(kind: NumberKind, offset: number, values: ArrayLike<number>, field: string | undefined, count: number | undefined): void {
    let i: number;
    if (!Array.isArray(values) && ArrayBuffer.isView(values)) this.refuseOwnBytes(values, field);
    // Only a missing count is the length (as the parameter's default was: `null` writes none).
    const n = count === undefined ? listLength(values) : count;
    if (kind === NumberKind.F32 && HOST_IS_LITTLE_ENDIAN && (offset | 0) === offset && offset + 4 * n <= this.len && this.u8.length === this.cap) {
      const f32 = this.f32 ?? this.float32s();
      const from = offset - this.f32Origin;
      if (from >= 0 && (from & 3) === 0) {
        i = putFloat32s(f32, from >> 2, values, n);
        if (i < n || this.u8.length !== this.cap) this.setFloat32sFrom(i, offset, values, field, n);
        return;
      }
    }
    // No live() first: on a detached buffer the first write throws, and
    // writeFailure makes that DETACHED (nothing was written).
    try {
      i = putNumbers(this.view, kind, offset, values, n);
    } catch (error) {
      throw this.writeFailure(error);
    }
    if (i < n) this.setNumbersFrom(i, n, kind, offset, values, field);
  }

  /** setNumbers from element `i` to `n`, one setter at a time: `undefined` is 0, a wrong value throws. */
  private setNumbersFrom(i: number, n: number, kind: NumberKind, offset: number, values: ArrayLike<number>, field?: string): void {
    for (; i < n; i++) {
      const x = values[i]!;
      switch (kind) {
        case NumberKind.F32: this.setF32(offset + 4 * i, x, field, i); break;
        case NumberKind.F64: this.setF64(offset + 8 * i, x, field, i); break;
        case NumberKind.U8: this.setU8(offset + i, x, field, i); break;
        case NumberKind.I8: this.setI8(offset + i, x, field, i); break;
        case NumberKind.U16: this.setU16(offset + 2 * i, x, field, i); break;
        case NumberKind.I16: this.setI16(offset + 2 * i, x, field, i); break;
        case NumberKind.U32: this.setU32(offset + 4 * i, x, field, i); break;
        case NumberKind.I32: this.setI32(offset + 4 * i, x, field, i); break;
      }
    }
  }

  /**
   * Copies `src` to `offset` (already allocated): bytes as they are, other
   * typed arrays as little-endian elements, an array-like of integers 0..255
   * as bytes. For fixed arrays `[N]T`: more than `max` bytes is a
   * KarmemEncodeError, and a copy past the bytes allocated a RangeError,
   * both with nothing written.
   */
  writeBytes(offset: number, src: NumericArray | ArrayLike<number>, field?: string, max?: number): void {
    const bytes = this.sourceBytes(src, field);
    const n = typedLength(bytes);
    if (max !== undefined && n > max) throw tooManyError(src, n, max, true, field);
    this.live();
    // TypedArray#set reads NaN or -1 as offset 0: refuse them instead.
    if (!isSize(offset)) throw new RangeError(`karmem: invalid offset ${offset}`);
    if (offset + n > this.len) throw new RangeError(`karmem: ${n} bytes at ${offset} pass the ${this.len} bytes allocated`);
    this.u8.set(bytes, offset);
    if (!HOST_IS_LITTLE_ENDIAN) swapElements(this.u8, offset, offset + n, typedWidth(src as ArrayBufferView));
  }

  /**
   * Refuses a typed array over the bytes this writer writes into (a view of a
   * message it wrote before, such as a viewer's bytes field): the encode may
   * already have written over them when they are copied. Views of the same
   * buffer outside a `Writer.over` region (another message in a guest's
   * memory) are fine. The view's range is the one the engine knows.
   */
  private refuseOwnBytes(src: ArrayBufferView, field: string | undefined): void {
    if (viewBuffer(src) !== this.backing) return;
    const start = this.regionOffset;
    const end = this.fixed ? start + this.regionLength : this.cap;
    const from = viewByteOffset(src);
    const size = viewByteLength(src);
    if (from < end && from + size > start && size > 0) {
      const error = new KarmemEncodeError('', 'a view of the bytes this writer writes into (a message it wrote before, which an encode into it overwrites): copy it before encoding (.slice())', src);
      throw field === undefined ? error : error.within(field);
    }
  }

  /**
   * The bytes writeBytes and appendBytes copy for `src`, checked: a typed
   * array's own bytes, where the engine knows them to be (never its own
   * `length`, `buffer`... properties); an array-like of 0..255 copied. The
   * array returned is a real Uint8Array (callers measure it with
   * typedLength) that keeps its length until copied: a view over a growable
   * SharedArrayBuffer (which another thread may grow, and a length-tracking
   * view with it) is pinned to the bytes it has now.
   */
  private sourceBytes(src: NumericArray | ArrayLike<number>, field: string | undefined): Uint8Array {
    const kind = typedArrayName(src);
    // An array of bytes, copied (a DataView, or a Proxy around a typed array, is refused there).
    if (kind === undefined) return bytesValue(src, field);
    const a = src as NumericArray;
    const buffer = typedBuffer(a);
    if (buffer === this.backing) this.refuseOwnBytes(a, field);
    const n = liveLength(a, field);
    if (n === 0) return EMPTY_BYTES;
    if (kind === 'Uint8Array' && !mayGrowUnderUs(buffer)) return a as Uint8Array;
    // Other elements as their raw bytes (and a Uint8Array over a growable buffer), as a fixed-length view.
    return new Uint8Array(buffer, viewByteOffset(a), n * typedWidth(a));
  }

  /**
   * Appends `src` like writeBytes and returns its offset. For slice contents:
   * more than `max` bytes (a `[<N]byte`'s limit) is a KarmemEncodeError, with
   * nothing written.
   */
  appendBytes(src: NumericArray | ArrayLike<number>, field?: string, max?: number): number {
    const bytes = this.sourceBytes(src, field);
    const n = typedLength(bytes);
    if (max !== undefined && n > max) throw tooManyError(src, n, max, false, field);
    const start = this.reserve(n, field);
    this.u8.set(bytes, start);
    if (!HOST_IS_LITTLE_ENDIAN) swapElements(this.u8, start, start + n, typedWidth(src as ArrayBufferView));
    return start;
  }

  /**
   * Appends `str` as UTF-8 and returns its size in bytes; the bytes start at
   * the `length` read before the call. Lone surrogates are written as U+FFFD
   * (EF BF BD), as TextEncoder does. Anything but a string is a
   * KarmemEncodeError naming `field`.
   */
  appendUtf8(str: string, field?: string): number {
    if (typeof str !== 'string') str = stringValue(str, field);
    const start = this.len;
    // 3 bytes per UTF-16 unit always suffices; count exactly only when that
    // bound does not fit, so a fixed region is never refused a string that fits.
    if (start + str.length * 3 > this.cap || this.u8.length !== this.cap) this.ensure(utf8Length(str), field);
    const end = encodeUtf8(str, this.u8, start);
    this.len = end;
    return end - start;
  }

  /** The message written so far: a view of the buffer, valid until the next write that grows it. */
  bytes(): Uint8Array {
    this.live();
    // Encoding the same kind of message again and again gives the same length: reuse the view.
    if (this.lastOf === this.u8 && this.lastBytes.length === this.len) return this.lastBytes;
    this.lastOf = this.u8;
    return (this.lastBytes = this.u8.subarray(0, this.len));
  }

  /** Starts a new message in the same buffer or region. */
  reset(): void {
    this.live();
    this.len = 0;
  }

  /**
   * Fixed mode: points the writer at the same region of a new buffer, for
   * instance `memory.buffer` after `memory.grow` detached the old one. The
   * bytes written so far stay counted (growing a memory keeps its contents).
   */
  rebind(buffer: ArrayBufferLike): void {
    if (!this.fixed) throw new TypeError('karmem: rebind() is for writers over a fixed region');
    const size = bufferByteLength(buffer);
    if (size === undefined) throw new TypeError(`karmem: rebind() takes an ArrayBuffer or a SharedArrayBuffer, not ${describeValue(buffer)}`);
    if (this.regionOffset + this.regionLength > size) {
      throw new RangeError(`karmem: the new buffer (${size} bytes) does not hold the region`);
    }
    this.bind(buffer);
  }

  /**
   * Reserves `size` bytes at the end like `alloc`, without zeroing them: for
   * generated encoders that write every one of those bytes right after (a
   * numeric slice's elements, a struct with no padding). Bytes left
   * unwritten would hold whatever the buffer held before.
   */
  reserve(size: number, field?: string): number {
    const start = this.len;
    if (start + size > this.cap || this.u8.length !== this.cap) this.ensure(size, field);
    this.len = start + size;
    return start;
  }

  /** Slow path of alloc/reserve: validates, then grows or throws (naming `field` when given). Writes nothing. */
  private ensure(size: number, field: string | undefined): void {
    this.live(field);
    if (!isSize(size)) throw new RangeError(`karmem: invalid size ${size}`);
    const available = MAX_MESSAGE_SIZE - this.len;
    if (size > available) throw refused(new KarmemWriteError('TOO_LARGE', size, available), field);
    if (this.len + size <= this.cap) return;
    if (this.fixed) throw refused(new KarmemWriteError('OUT_OF_SPACE', size, this.cap - this.len), field);
    const cap = Math.min(Math.max(this.len + size, this.cap * 2, 64), MAX_MESSAGE_SIZE);
    const u8 = new Uint8Array(cap);
    u8.set(this.u8.subarray(0, this.len));
    this.u8 = u8;
    this.backing = u8.buffer;
    this.view = new DataView(this.backing);
    this.f32 = undefined;
    this.cap = cap;
  }

  /** What a DataView write threw: DETACHED when the buffer was detached (a WebAssembly memory grew), else the error itself (an offset out of range). */
  private writeFailure(error: unknown): unknown {
    return this.u8.length !== this.cap ? new KarmemWriteError('DETACHED', 0, 0) : error;
  }

  /** Throws DETACHED (naming `field` when given) when the buffer was detached: its views then report 0 bytes. */
  private live(field?: string): void {
    if (this.u8.length !== this.cap) throw refused(new KarmemWriteError('DETACHED', 0, 0), field);
  }


  private float32s(): Float32Array {
    // `u8` starts at regionOffset of `backing` (0 for a growable writer): no typed-array getter needed.
    const start = this.regionOffset;
    const first = (start + 3) & ~3;
    this.f32Origin = first - start;
    return (this.f32 = new Float32Array(this.backing, first, Math.max(0, Math.floor((start + this.cap - first) / 4))));
  }

  private bind(buffer: ArrayBufferLike): void {
    const usable = Math.min(this.regionLength, MAX_MESSAGE_SIZE);
    this.u8 = new Uint8Array(buffer, this.regionOffset, usable);
    this.backing = buffer;
    this.view = new DataView(buffer, this.regionOffset, usable);
    this.f32 = undefined;
    this.cap = usable;
  }
}

const EMPTY_BYTES = new Uint8Array(0);

/** `values.length`, a typed array's as the engine knows it. */
function listLength(values: ArrayLike<number>): number {
  return typedArrayName(values) === undefined ? values.length : typedLength(values);
}

function isSize(n: number): boolean {
  return Number.isInteger(n) && n >= 0;
}

/**
 * The float32 loops' range test, made once after the loop: a float64 whose
 * magnitude is F32_LIMIT or more rounds to an infinite float32, so the sum
 * of the rounded elements stays finite exactly when every element was a
 * finite number under the limit (a sum of n float32 is finite far past any
 * slice's length). The loops store first and add up what they stored; a sum
 * that is not finite (an element past the limit, or a NaN or an infinity,
 * which are floats) sends the whole slice again through the one-at-a-time
 * test, which decides each element and overwrites what the loop stored. A
 * test in the loop, one per four elements, cost the record's encode about
 * a twentieth of its time (1.26x its floor, against 1.20x; paired, twelve
 * alternating processes each, 2026-12-07).
 */
function finite(sum: number): boolean {
  return sum - sum === 0;
}

/** NumberKind.F32 as a constant of this module (an enum member is a property load). */
const F32 = NumberKind.F32;

/**
 * setNumbersAny's float32 loop over a typed array (see putNumbers), four
 * elements at a time: stops at the first group with an element that is not
 * a number, or with fewer than four left, and returns how many it wrote, or
 * 0 when the range test fails (putFloat32sFrom goes on from there). The
 * same loop as setNumbers' inlined one, which is written out there.
 */
function putFloat32s(f: Float32Array, at: number, values: ArrayLike<number>, n: number): number {
  let i = 0;
  let stored = 0;
  for (; i + 4 <= n; i += 4) {
    const x0 = values[i]!, x1 = values[i + 1]!, x2 = values[i + 2]!, x3 = values[i + 3]!;
    // Before any store: a store would call an object's valueOf.
    if (typeof x0 !== 'number' || typeof x1 !== 'number' || typeof x2 !== 'number' || typeof x3 !== 'number') break;
    const f0 = Math.fround(x0), f1 = Math.fround(x1), f2 = Math.fround(x2), f3 = Math.fround(x3);
    const k = at + i;
    f[k] = f0;
    f[k + 1] = f1;
    f[k + 2] = f2;
    f[k + 3] = f3;
    stored += f0 + f1 + (f2 + f3);
  }
  // The range test (see finite): from the first element again when it fails.
  return finite(stored) ? i : 0;
}

/** putFloat32s one element at a time from element `i`: stops at the first it refuses. */
function putFloat32sFrom(f: Float32Array, at: number, values: ArrayLike<number>, i: number, n: number): number {
  for (; i < n; i++) {
    const x = values[i]!;
    if (typeof x !== 'number' || !(Math.abs(x) < F32_LIMIT)) break;
    f[at + i] = x;
  }
  return i;
}

/**
 * Writer.setNumbers' loops: writes `values` from `offset` until the first
 * element its inline test refuses, and returns how many it wrote. The rest go
 * through the setters' slow paths: a slow-path call inside a loop would rejoin
 * it and cost V8 what it knows across iterations (the array's shape, the
 * view's bounds), about 2x on []float32.
 */
function putNumbers(v: DataView, kind: NumberKind, offset: number, values: ArrayLike<number>, n: number): number {
  let i = 0;
  switch (kind) {
    case NumberKind.F32: {
      // Four at a time: V8 reloads the view's and the array's fields on
      // every iteration (no loop-invariant hoisting); a quarter as often here.
      let stored = 0;
      for (; i + 4 <= n; i += 4) {
        const x0 = values[i]!, x1 = values[i + 1]!, x2 = values[i + 2]!, x3 = values[i + 3]!;
        if (typeof x0 !== 'number' || typeof x1 !== 'number' || typeof x2 !== 'number' || typeof x3 !== 'number') break;
        const f0 = Math.fround(x0), f1 = Math.fround(x1), f2 = Math.fround(x2), f3 = Math.fround(x3);
        const p = offset + 4 * i;
        v.setFloat32(p, f0, true);
        v.setFloat32(p + 4, f1, true);
        v.setFloat32(p + 8, f2, true);
        v.setFloat32(p + 12, f3, true);
        stored += f0 + f1 + (f2 + f3);
      }
      // The range test (see finite): from the first element again when it fails.
      if (!finite(stored)) i = 0;
      for (; i < n; i++) {
        const x = values[i]!;
        if (typeof x !== 'number' || !(Math.abs(x) < F32_LIMIT)) break;
        v.setFloat32(offset + 4 * i, x, true);
      }
      break;
    }
    case NumberKind.F64:
      for (; i + 4 <= n; i += 4) {
        const x0 = values[i]!, x1 = values[i + 1]!, x2 = values[i + 2]!, x3 = values[i + 3]!;
        if (typeof x0 !== 'number' || typeof x1 !== 'number' || typeof x2 !== 'number' || typeof x3 !== 'number') break;
        const p = offset + 8 * i;
        v.setFloat64(p, x0, true);
        v.setFloat64(p + 8, x1, true);
        v.setFloat64(p + 16, x2, true);
        v.setFloat64(p + 24, x3, true);
      }
      for (; i < n; i++) {
        const x = values[i]!;
        if (typeof x !== 'number') break;
        v.setFloat64(offset + 8 * i, x, true);
      }
      break;
    case NumberKind.U8:
      for (; i < n; i++) {
        const x = values[i]!;
        if (typeof x !== 'number' || (x & 0xff) !== x) break;
        v.setUint8(offset + i, x);
      }
      break;
    case NumberKind.I8:
      for (; i < n; i++) {
        const x = values[i]!;
        if (typeof x !== 'number' || (x << 24) >> 24 !== x) break;
        v.setInt8(offset + i, x);
      }
      break;
    case NumberKind.U16:
      for (; i < n; i++) {
        const x = values[i]!;
        if (typeof x !== 'number' || (x & 0xffff) !== x) break;
        v.setUint16(offset + 2 * i, x, true);
      }
      break;
    case NumberKind.I16:
      for (; i < n; i++) {
        const x = values[i]!;
        if (typeof x !== 'number' || (x << 16) >> 16 !== x) break;
        v.setInt16(offset + 2 * i, x, true);
      }
      break;
    case NumberKind.U32:
      for (; i < n; i++) {
        const x = values[i]!;
        if (typeof x !== 'number' || x >>> 0 !== x) break;
        v.setUint32(offset + 4 * i, x, true);
      }
      break;
    case NumberKind.I32:
      for (; i < n; i++) {
        const x = values[i]!;
        if (typeof x !== 'number' || (x | 0) !== x) break;
        v.setInt32(offset + 4 * i, x, true);
      }
      break;
  }
  return i;
}

/** A write error naming the field it was refused for, when there is one. */
function refused(error: KarmemWriteError, field: string | undefined): KarmemWriteError {
  return field === undefined ? error : error.within(field);
}
