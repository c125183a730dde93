/**
 * Lazy, zero-copy views of arrays and slices for generated viewers: nothing
 * is read until `at(i)` asks for it, and the view holds no copy of the data.
 */
import { DecodeBudget, type DecodeOptions } from './limits';
import { NUMBER_WIDTH, NumberKind, Reader } from './reader';
import { HOST_IS_LITTLE_ENDIAN, type NumericArray } from './typed';

/** Reads one element at an absolute offset; generated code passes one of the `read*` functions or a viewer factory. */
export type ElementReader<T> = (reader: Reader, offset: number) => T;

/** A reader over no bytes: every read gives its default. Views of missing data use it. */
export const EMPTY_READER: Reader = new Reader(new Uint8Array(0));

// The fields are `declare`d and assigned in the constructors: a class field
// declaration (ES2022 define semantics) in a derived class makes each `new`
// about three times slower in V8, and a view is made on every slice access.
export class SliceView<T> implements Iterable<T> {
  protected declare readonly reader: Reader;
  /** Offset of element 0 in the message. */
  protected declare readonly offset: number;
  /** Number of elements (already clamped to the slice's limit). */
  declare readonly length: number;
  protected declare readonly stride: number;
  private declare readonly read: ElementReader<T>;

  constructor(reader: Reader, offset: number, length: number, stride: number, read: ElementReader<T>) {
    this.reader = reader;
    this.offset = offset;
    this.length = length;
    this.stride = stride;
    this.read = read;
  }

  /** Element `i`; the element's default when `i` is out of range or not an integer. */
  at(i: number): T {
    const index = (i | 0) !== i || i < 0 || i >= this.length ? -1 : i;
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

  // An iterator object rather than a generator: V8 inlines its next() into
  // a for-of loop, which runs about ten times faster than resuming a generator.
  [Symbol.iterator](): IterableIterator<T> {
    return new SliceIterator(this);
  }
}

/** Walks a view with `at`: each element once, in order. */
class SliceIterator<T> implements IterableIterator<T> {
  private declare readonly view: SliceView<T>;
  private declare index: number;

  constructor(view: SliceView<T>) {
    this.view = view;
    this.index = 0;
  }

  next(): IteratorResult<T> {
    const i = this.index;
    if (i >= this.view.length) return { done: true, value: undefined };
    this.index = i + 1;
    return { done: false, value: this.view.at(i) };
  }

  [Symbol.iterator](): IterableIterator<T> {
    return this;
  }
}

/** A numeric slice (8- to 32-bit integers, float32, float64): a SliceView whose elements also come as a typed array. */
export interface NumberSlice<A extends NumericArray> extends SliceView<number> {
  /**
   * The elements as a typed array of their type: a view of the message's
   * own bytes (no copy) on a little-endian host where they are aligned for
   * it, else a copy. The view shares the bytes: it reads what the buffer
   * holds when read (valid as the message is: until the next call into a
   * guest whose memory holds it), and writing it writes the message.
   */
  typedArray(): A;
}

/** The typed array of each NumberKind. */
const NUMBER_ARRAYS = [Uint8Array, Int8Array, Uint16Array, Int16Array, Uint32Array, Int32Array, Float32Array, Float64Array] as const;

/**
 * Slices of numbers (not 64-bit): the slice's bounds were checked once, when
 * the view was made, so `at(i)` checks only `i` and reads the DataView
 * directly, and `toArray` copies every element with one bounds check
 * (Reader.numbers). One class per wire type keeps each `at` monomorphic.
 */
abstract class NumberSliceView extends SliceView<number> implements NumberSlice<NumericArray> {
  /** The message's DataView and the absolute offset of element 0 in it. */
  protected declare readonly dv: DataView;
  protected declare readonly start: number;
  private declare readonly kind: NumberKind;
  /**
   * The aligned float views' typed array over the whole buffer (the reader's
   * Float32Array or Float64Array) and the index of element 0 in it; undefined
   * and -1 in the other views. Kept here, not in the aligned views' own
   * constructors: one derived constructor less to run, and to inline (V8
   * counts a derived constructor's super call at about 50 bytes of its
   * inlining budget).
   */
  protected declare readonly typed: Float32Array | Float64Array | undefined;
  protected declare readonly first: number;

  constructor(reader: Reader, offset: number, length: number, stride: number, read: ElementReader<number>, kind: NumberKind, first = -1) {
    super(reader, offset, length, stride, read);
    this.dv = reader.dataView;
    this.start = reader.byteOffset + offset;
    this.kind = kind;
    this.typed = first < 0 ? undefined : kind === NumberKind.F32 ? reader.float32Array : reader.float64Array;
    this.first = first;
  }

  override toArray(): number[] {
    return this.reader.numbers(this.kind, this.offset, this.length);
  }

  typedArray(): NumericArray {
    const kind = this.kind;
    const Typed = NUMBER_ARRAYS[kind];
    const start = this.start;
    if (HOST_IS_LITTLE_ENDIAN && start % NUMBER_WIDTH[kind]! === 0) {
      // The slice lay inside the message, and the message inside this buffer, when the view was made; not if the buffer was detached since.
      const buffer = this.dv.buffer;
      if (start + this.length * NUMBER_WIDTH[kind]! <= buffer.byteLength) return new Typed(buffer as ArrayBuffer, start, this.length);
    }
    const out = new Typed(this.length);
    for (let i = 0; i < out.length; i++) out[i] = this.at(i);
    return out;
  }
}

class F32SliceView extends NumberSliceView {
  override at(i: number): number {
    return (i | 0) === i && i >= 0 && i < this.length ? this.dv.getFloat32(this.start + 4 * i, true) : 0;
  }
}
/**
 * A float32 slice that starts on a 4-byte boundary of its buffer, on a
 * little-endian host: `at` loads from the reader's Float32Array (about a
 * fifth faster over a whole read of the record's 100 samples than the
 * DataView). A buffer detached (or shrunk) since throws a TypeError, as the
 * DataView views' reads do.
 */
class AlignedF32SliceView extends NumberSliceView {
  // Made with `first` >= 0 and kind F32: `typed` is the reader's Float32Array.
  override at(i: number): number {
    return (i | 0) === i && i >= 0 && i < this.length ? ((this.typed as Float32Array)[this.first + i] ?? detachedSince('float32')) : 0;
  }
}

/** What a DataView read throws there, for the typed-array paths (whose element reads `undefined` instead). */
function detachedSince(type: string): never {
  throw new TypeError(`Cannot read a ${type} slice whose ArrayBuffer was detached or shrunk since (a WebAssembly memory grew): read the message again`);
}

/**
 * The float32 view of `length` elements at `offset` (both checked): the
 * typed-array one where the reader can read them through its Float32Array
 * (Reader.float32Index), else the DataView one.
 */
function f32View(reader: Reader, offset: number, length: number): NumberSliceView {
  const first = reader.float32Index(offset, length);
  return first >= 0 ? new AlignedF32SliceView(reader, offset, length, 4, readF32, NumberKind.F32, first) : new F32SliceView(reader, offset, length, 4, readF32, NumberKind.F32);
}
class F64SliceView extends NumberSliceView {
  override at(i: number): number {
    return (i | 0) === i && i >= 0 && i < this.length ? this.dv.getFloat64(this.start + 8 * i, true) : 0;
  }
}
/** AlignedF32SliceView's twin for float64 slices that start on an 8-byte boundary (at(i) on 100: 258 -> 145 ns in a micro). */
class AlignedF64SliceView extends NumberSliceView {
  // Made with `first` >= 0 and kind F64: `typed` is the reader's Float64Array.
  override at(i: number): number {
    return (i | 0) === i && i >= 0 && i < this.length ? ((this.typed as Float64Array)[this.first + i] ?? detachedSince('float64')) : 0;
  }
}

/** The float64 view of `length` elements at `offset` (both checked), as f32View. */
function f64View(reader: Reader, offset: number, length: number): NumberSliceView {
  const first = reader.float64Index(offset, length);
  return first >= 0 ? new AlignedF64SliceView(reader, offset, length, 8, readF64, NumberKind.F64, first) : new F64SliceView(reader, offset, length, 8, readF64, NumberKind.F64);
}
class U8SliceView extends NumberSliceView {
  override at(i: number): number {
    return (i | 0) === i && i >= 0 && i < this.length ? this.dv.getUint8(this.start + i) : 0;
  }
}
class I8SliceView extends NumberSliceView {
  override at(i: number): number {
    return (i | 0) === i && i >= 0 && i < this.length ? this.dv.getInt8(this.start + i) : 0;
  }
}
class U16SliceView extends NumberSliceView {
  override at(i: number): number {
    return (i | 0) === i && i >= 0 && i < this.length ? this.dv.getUint16(this.start + 2 * i, true) : 0;
  }
}
class I16SliceView extends NumberSliceView {
  override at(i: number): number {
    return (i | 0) === i && i >= 0 && i < this.length ? this.dv.getInt16(this.start + 2 * i, true) : 0;
  }
}
class U32SliceView extends NumberSliceView {
  override at(i: number): number {
    return (i | 0) === i && i >= 0 && i < this.length ? this.dv.getUint32(this.start + 4 * i, true) : 0;
  }
}
class I32SliceView extends NumberSliceView {
  override at(i: number): number {
    return (i | 0) === i && i >= 0 && i < this.length ? this.dv.getInt32(this.start + 4 * i, true) : 0;
  }
}

type NumberSliceClass = new (reader: Reader, offset: number, length: number, stride: number, read: ElementReader<number>, kind: NumberKind) => NumberSliceView;

/**
 * The view of the slice whose header is at `headerOffset`: empty when the
 * header or the payload is not in the message; `floor(size / stride)`
 * elements, clamped to `limit`.
 */
export function sliceView<T>(reader: Reader, headerOffset: number, stride: number, limit: number, read: ElementReader<T>): SliceView<T> {
  const length = reader.sliceLength(headerOffset, stride, limit);
  const offset = length === 0 ? 0 : reader.u32(headerOffset);
  const kind = numberKindOf(read as unknown as ElementReader<number>);
  // Element i lies at offset + i * stride: the fast views assume the stride is the element's own width, as in every slice.
  if (kind >= 0 && stride === NUMBER_WIDTH[kind]) return numberView(reader, offset, length, read as unknown as ElementReader<number>, kind as NumberKind) as unknown as SliceView<T>;
  return new SliceView(reader, offset, length, stride, read);
}

/**
 * The numeric view of `length` elements of `kind` at `offset`, each at its
 * own width (both checked by the caller): float32 and float64 through
 * f32View / f64View (their aligned typed-array paths), the others through
 * their NumberSliceView. For sliceView and fixedNumbers.
 */
function numberView(reader: Reader, offset: number, length: number, read: ElementReader<number>, kind: NumberKind): NumberSliceView {
  if (kind === NumberKind.F32) return f32View(reader, offset, length);
  if (kind === NumberKind.F64) return f64View(reader, offset, length);
  return new NUMBER_SLICE_VIEWS[kind]!(reader, offset, length, NUMBER_WIDTH[kind]!, read, kind);
}

/**
 * A fixed `[N]` array of numbers (not 64-bit) that does not lie whole in the
 * message (its struct is missing from a short table): each element read
 * with its own bounds check, as a SliceView reads it (0 outside);
 * `typedArray()` is a copy of those reads.
 */
class CheckedNumberSliceView extends SliceView<number> implements NumberSlice<NumericArray> {
  /** The NumberKind of `read`, or -1 for a reader of another type (a Float64Array copy then). */
  private declare readonly kind: number;

  constructor(reader: Reader, offset: number, length: number, stride: number, read: ElementReader<number>, kind: number) {
    super(reader, offset, length, stride, read);
    this.kind = kind;
  }

  typedArray(): NumericArray {
    const out = new (this.kind < 0 ? Float64Array : NUMBER_ARRAYS[this.kind]!)(this.length);
    for (let i = 0; i < out.length; i++) out[i] = this.at(i);
    return out;
  }
}

/**
 * The view of a fixed `[N]` array of numbers (not 64-bit) at `offset`, for
 * generated viewers: where its N elements lie in the message, as they do
 * whenever their struct does, the numeric view of their type (one bounds
 * check, `typedArray()` in place, the aligned float paths), as a slice of
 * them gets; else element by element, 0 outside. `read` names the type
 * (`readF32`...); `elementSize` is its width in every generated call.
 */
export function fixedNumbers<A extends NumericArray = NumericArray>(reader: Reader, offset: number, length: number, elementSize: number, read: ElementReader<number>): NumberSlice<A> {
  const kind = numberKindOf(read);
  if (!isWholeFixedArray(reader, kind, offset, length, elementSize)) {
    return new CheckedNumberSliceView(reader, offset, length, elementSize, read, kind) as unknown as NumberSlice<A>;
  }
  return numberView(reader, offset, length, read, kind as NumberKind) as unknown as NumberSlice<A>;
}

/*
 * One factory per numeric element type, for generated viewers: the same view
 * `sliceView` gives for that element reader, without looking the reader up
 * (a view is made on every access of a slice field). Written out per type so
 * each stays monomorphic, and short: a viewer's read inlines them with its
 * getters within V8's inlining budget (docs/benchmarks.md, host read). A
 * slice of any element had its header inside the message (sliceSize): its
 * payload offset reads unchecked.
 */
/** `sliceView` of a `[]uint8` slice. */
export function u8Slice(reader: Reader, headerOffset: number, limit: number): NumberSlice<Uint8Array> {
  const count = reader.sliceSize(headerOffset);
  const length = count < limit ? count : limit;
  const offset = length === 0 ? 0 : reader.payloadOffset(headerOffset);
  return new U8SliceView(reader, offset, length, 1, readU8, NumberKind.U8) as unknown as NumberSlice<Uint8Array>;
}
/** `sliceView` of a `[]int8` slice. */
export function i8Slice(reader: Reader, headerOffset: number, limit: number): NumberSlice<Int8Array> {
  const count = reader.sliceSize(headerOffset);
  const length = count < limit ? count : limit;
  const offset = length === 0 ? 0 : reader.payloadOffset(headerOffset);
  return new I8SliceView(reader, offset, length, 1, readI8, NumberKind.I8) as unknown as NumberSlice<Int8Array>;
}
/** `sliceView` of a `[]uint16` slice. */
export function u16Slice(reader: Reader, headerOffset: number, limit: number): NumberSlice<Uint16Array> {
  const count = reader.sliceSize(headerOffset) >>> 1;
  const length = count < limit ? count : limit;
  const offset = length === 0 ? 0 : reader.payloadOffset(headerOffset);
  return new U16SliceView(reader, offset, length, 2, readU16, NumberKind.U16) as unknown as NumberSlice<Uint16Array>;
}
/** `sliceView` of a `[]int16` slice. */
export function i16Slice(reader: Reader, headerOffset: number, limit: number): NumberSlice<Int16Array> {
  const count = reader.sliceSize(headerOffset) >>> 1;
  const length = count < limit ? count : limit;
  const offset = length === 0 ? 0 : reader.payloadOffset(headerOffset);
  return new I16SliceView(reader, offset, length, 2, readI16, NumberKind.I16) as unknown as NumberSlice<Int16Array>;
}
/** `sliceView` of a `[]uint32` slice. */
export function u32Slice(reader: Reader, headerOffset: number, limit: number): NumberSlice<Uint32Array> {
  const count = reader.sliceSize(headerOffset) >>> 2;
  const length = count < limit ? count : limit;
  const offset = length === 0 ? 0 : reader.payloadOffset(headerOffset);
  return new U32SliceView(reader, offset, length, 4, readU32, NumberKind.U32) as unknown as NumberSlice<Uint32Array>;
}
/** `sliceView` of a `[]int32` slice. */
export function i32Slice(reader: Reader, headerOffset: number, limit: number): NumberSlice<Int32Array> {
  const count = reader.sliceSize(headerOffset) >>> 2;
  const length = count < limit ? count : limit;
  const offset = length === 0 ? 0 : reader.payloadOffset(headerOffset);
  return new I32SliceView(reader, offset, length, 4, readI32, NumberKind.I32) as unknown as NumberSlice<Int32Array>;
}
/** `sliceView` of a `[]float32` slice. */
export function f32Slice(reader: Reader, headerOffset: number, limit: number): NumberSlice<Float32Array> {
  const count = reader.sliceSize(headerOffset) >>> 2;
  const length = count < limit ? count : limit;
  const offset = length === 0 ? 0 : reader.payloadOffset(headerOffset);
  return f32View(reader, offset, length) as unknown as NumberSlice<Float32Array>;
}
/** `sliceView` of a `[]float64` slice. */
export function f64Slice(reader: Reader, headerOffset: number, limit: number): NumberSlice<Float64Array> {
  const count = reader.sliceSize(headerOffset) >>> 3;
  const length = count < limit ? count : limit;
  const offset = length === 0 ? 0 : reader.payloadOffset(headerOffset);
  return f64View(reader, offset, length) as unknown as NumberSlice<Float64Array>;
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

/** The NumberSliceView of each NumberKind, indexed by it. */
const NUMBER_SLICE_VIEWS: readonly NumberSliceClass[] = [
  U8SliceView, I8SliceView, U16SliceView, I16SliceView, U32SliceView, I32SliceView, F32SliceView, F64SliceView,
];

/**
 * The NumberKind `read` reads, or -1 (its slices get a NumberSliceView and
 * are copied in bulk): comparisons with the eight readers, cheaper per call
 * than a Map lookup (copyNumbers runs once per numeric slice of every decode).
 */
function numberKindOf(read: ElementReader<number>): number {
  if (read === readF32) return NumberKind.F32;
  if (read === readF64) return NumberKind.F64;
  if (read === readU8) return NumberKind.U8;
  if (read === readI8) return NumberKind.I8;
  if (read === readU16) return NumberKind.U16;
  if (read === readI16) return NumberKind.I16;
  if (read === readU32) return NumberKind.U32;
  if (read === readI32) return NumberKind.I32;
  return -1;
}

/** The reader `decodeReader` points at each message it is given. */
const DECODE_READER = new Reader();

/**
 * A reader over `message` for a decode whose result keeps no view of it (a
 * generated `decodeX`: `toObject` copies every field): `message` itself when
 * it is a Reader, else one shared reader pointed at it, valid until the next
 * call. Saves a Reader per decode (about 15% of decoding the bench's record).
 */
export function decodeReader(message: Uint8Array | Reader): Reader {
  return message instanceof Reader ? message : DECODE_READER.reset(message);
}

/** The one budget generated decoders use, restarted by each outermost decode. */
const SHARED_BUDGET = new DecodeBudget(0);

/** The decode under way (generated `toObject` calls nest; decodes do not interleave). */
let current: DecodeBudget | undefined;

/**
 * Opens the budget of a decode of the message of `reader` unless one is open
 * (a nested `toObject`), and spends `rootUnits` from it (the root's schema
 * size: @karmem-ts/layout's structDecodeUnits): true when this call opened
 * it and must close it. Past the budget already, a KarmemLimitError and
 * nothing left open.
 */
export function openDecode(reader: Reader, options?: DecodeOptions, rootUnits = 0): boolean {
  if (current !== undefined) return false;
  const budget = SHARED_BUDGET.restart(reader.length, options);
  budget.spend(rootUnits);
  current = budget;
  return true;
}

export function closeDecode(): void {
  current = undefined;
}

/**
 * Charges a slice about to be copied (a SliceView's elements, or a byte
 * slice) to the open decode: `length x units`, where a generated decoder
 * passes the units of one element (@karmem-ts/layout's sliceElementUnits:
 * a scalar's size; 8 per byte of a struct and of the tables it points to); a
 * KarmemLimitError past the budget. Returns `slice`.
 */
export function spent<T extends { readonly length: number }>(slice: T, units: number): T {
  current?.spend(slice.length * units);
  return slice;
}

/**
 * The elements of the numeric slice of `kind` whose header is at
 * `headerOffset` (clamped to `limit`), copied into a new array and charged to
 * the open decode: what a generated `toObject` does for `[]float32` and the
 * like, with one bounds check for the whole slice and no view in between.
 * The kind is the generated code's constant, not looked up from an element
 * reader as copyNumbers does: V8 then inlines more of a `toObject` (the bench's
 * record decode 1.47x against 1.53x the floor, medians of six processes).
 */
export function copyNumberSlice(reader: Reader, headerOffset: number, kind: NumberKind, limit: number): number[] {
  const length = chargeNumberSlice(reader, headerOffset, kind, limit);
  // No early `return []` for an empty slice: one shape of result is faster (Reader.numbers). A slice
  // of any element had its header inside the message (sliceSize): its payload offset reads unchecked.
  return reader.numbers(kind, length === 0 ? 0 : reader.payloadOffset(headerOffset), length);
}

/**
 * The first half of copyNumberSlice, for a generated `toObject` that copies
 * float32 and float64 slices itself: the slice's element count, clamped to
 * `limit`, charged to the open decode (`count x width`); 0 when the slice
 * cannot be read. Then its payload lies in the message (`payloadOffset`).
 */
export function chargeNumberSlice(reader: Reader, headerOffset: number, kind: NumberKind, limit: number): number {
  const width = NUMBER_WIDTH[kind]!;
  const count = Math.floor(reader.sliceSize(headerOffset) / width);
  const length = count < limit ? count : limit;
  current?.spend(length * width);
  return length;
}

/**
 * copyNumbers for a slice of numbers of any element reader: what `toObject`
 * generated before copyNumberSlice calls. A slice of NumberKind elements
 * (every numeric scalar) goes to copyNumberSlice; any other is copied
 * through its view, charged first, as generated code copies other scalars.
 */
export function copyNumbers(reader: Reader, headerOffset: number, elementSize: number, limit: number, read: ElementReader<number>): number[] {
  const kind = numberKindOf(read);
  if (kind >= 0 && elementSize === NUMBER_WIDTH[kind]) return copyNumberSlice(reader, headerOffset, kind as NumberKind, limit);
  return spent(sliceView(reader, headerOffset, elementSize, limit, read), elementSize).toArray();
}

/**
 * The fixed `[N]` array of numbers at `offset`, copied for a generated
 * `toObject`: in one bulk copy (`reader.numbers`, through the typed-array
 * paths where aligned) when it lies in the message, as it does whenever its
 * struct does; else element by element, 0 for each outside, as its view
 * reads them. Fixed in size by the schema, so not charged to the decode.
 */
export function copyFixedNumbers(reader: Reader, offset: number, length: number, elementSize: number, read: ElementReader<number>): number[] {
  const kind = numberKindOf(read);
  if (isWholeFixedArray(reader, kind, offset, length, elementSize)) return reader.numbers(kind as NumberKind, offset, length);
  return new SliceView(reader, offset, length, elementSize, read).toArray();
}

/**
 * Whether a fixed array can take the bulk paths (fixedNumbers' typed views,
 * copyFixedNumbers' `reader.numbers`), which read element i at
 * `offset + i * width`: a NumberKind (not -1), elements `elementSize` apart
 * at their own width, all `length` of them in the message.
 */
function isWholeFixedArray(reader: Reader, kind: number, offset: number, length: number, elementSize: number): boolean {
  return kind >= 0 && elementSize === NUMBER_WIDTH[kind] && reader.inBounds(offset, length * elementSize);
}

/** The `[]char` at `headerOffset` (clamped to `limit` bytes), charged to the open decode. */
export function copyString(reader: Reader, headerOffset: number, limit = Infinity): string {
  // Reader.string's reads, with the header checked once for the charge and the text.
  const length = chargeString(reader, headerOffset, limit);
  return length === 0 ? '' : reader.utf8(reader.payloadOffset(headerOffset), length);
}

/**
 * The first half of copyString, for a generated `toObject` that decodes
 * short ASCII text itself: the string's size in bytes, clamped to `limit`,
 * charged to the open decode; 0 when it cannot be read. Then its bytes lie in
 * the message (`payloadOffset`).
 */
export function chargeString(reader: Reader, headerOffset: number, limit = Infinity): number {
  const size = reader.sliceSize(headerOffset);
  const length = size < limit ? size : limit;
  current?.spend(length);
  return length;
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
