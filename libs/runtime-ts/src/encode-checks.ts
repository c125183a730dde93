import { KarmemWriteError, enclosedPath } from './errors';
import { isGone, typedArrayName, typedLength } from './typed';

// Value checks for encoding. The happy path of every check is one `typeof`
// and a range compare done inline by the caller (Writer's setters, generated
// encoders); the functions here are the slow path: they turn `undefined`
// into the field's default and anything else into a KarmemEncodeError. Paths
// are built only when failing: each level adds its segment on the way out.

/** Thrown when a value does not fit its schema type. Nothing of the value is written. */
export class KarmemEncodeError extends Error {
  override readonly name = 'KarmemEncodeError';
  /** Where in the value, from the root struct: `All.Ps[3].X` (empty when a Writer method was called directly). */
  path: string;

  constructor(
    path: string,
    /** What is wrong, without the path: `300 is not a uint8 (0 to 255)`. */
    readonly problem: string,
    /** The offending value. */
    readonly value?: unknown,
  ) {
    super(messageOf(path, problem));
    this.path = path;
  }

  /** Adds the enclosing field (and element index) in front of the path. */
  within(field: string, index?: number): this {
    this.path = enclosedPath(this.path, field, index);
    this.message = messageOf(this.path, this.problem);
    return this;
  }
}

function messageOf(path: string, problem: string): string {
  return path === '' ? `karmem: ${problem}` : `karmem: ${path}: ${problem}`;
}

/**
 * For a catch around a nested write: a KarmemEncodeError or a
 * KarmemWriteError gets the field in front of its path; anything else
 * passes unchanged.
 */
export function within(error: unknown, field: string, index?: number): unknown {
  return error instanceof KarmemEncodeError || error instanceof KarmemWriteError ? error.within(field, index) : error;
}

function fail(value: unknown, problem: string, field?: string, index?: number): KarmemEncodeError {
  const error = new KarmemEncodeError('', problem, value);
  return field === undefined && index === undefined ? error : error.within(field ?? '', index);
}

/** A short, safe rendering of a value for messages. */
export function describeValue(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value.length > 24 ? value.slice(0, 24) + '...' : value);
    case 'bigint':
      return `${value}n`;
    case 'number':
      return Object.is(value, -0) ? '-0' : String(value);
    case 'undefined':
    case 'boolean':
      return String(value);
    case 'object':
      if (value === null) return 'null';
      if (Array.isArray(value)) return `an array of ${value.length}`;
      // What the engine knows it is: no `constructor` of the caller's is read.
      if (ArrayBuffer.isView(value)) return `a ${typedArrayName(value) ?? 'DataView'}`;
      return 'an object';
    default:
      return `a ${typeof value}`;
  }
}

export type IntegerKind = 'uint8' | 'int8' | 'uint16' | 'int16' | 'uint32' | 'int32';

const RANGES: Record<IntegerKind, string> = {
  uint8: '0 to 255',
  int8: '-128 to 127',
  uint16: '0 to 65535',
  int16: '-32768 to 32767',
  uint32: '0 to 4294967295',
  int32: '-2147483648 to 2147483647',
};

/** Slow path of a 8..32-bit integer check: `undefined` is 0. */
export function integerValue(value: unknown, kind: IntegerKind, field?: string, index?: number): number {
  if (value === undefined) return 0;
  throw fail(value, `${describeValue(value)} is not a ${kind} (an integer, ${RANGES[kind]})`, field, index);
}

export const U64_MAX = 0xffffffffffffffffn;
export const I64_MIN = -0x8000000000000000n;
export const I64_MAX = 0x7fffffffffffffffn;

/** Slow path of a 64-bit check: `undefined` is 0n, safe integer numbers are accepted. */
export function bigintValue(value: unknown, signed: boolean, field?: string, index?: number): bigint {
  if (value === undefined) return 0n;
  if (Number.isSafeInteger(value) && (signed || (value as number) >= 0)) return BigInt(value as number);
  const kind = signed ? 'int64' : 'uint64';
  const range = signed ? `${I64_MIN} to ${I64_MAX}` : `0 to ${U64_MAX}`;
  throw fail(value, `${describeValue(value)} is not a ${kind} (a bigint ${range}, or a safe integer number)`, field, index);
}

/** Past this, a float64 rounds to an infinite float32 (half an ulp above the largest float32). */
export const F32_LIMIT = 3.4028235677973366e38;

/** Slow path of a float check: `undefined` is 0; NaN and infinities are floats; a finite f32 overflow is an error. */
export function floatValue(value: unknown, f32: boolean, field?: string, index?: number): number {
  if (value === undefined) return 0;
  if (typeof value === 'number') {
    if (!f32 || value !== value || value === Infinity || value === -Infinity) return value;
    throw fail(value, `${describeValue(value)} overflows float32 (largest finite: 3.4028234663852886e38)`, field, index);
  }
  throw fail(value, `${describeValue(value)} is not a number`, field, index);
}

/** Slow path of a bool check: `undefined` is false. */
export function boolValue(value: unknown, field?: string, index?: number): boolean {
  if (value === undefined) return false;
  throw fail(value, `${describeValue(value)} is not a boolean`, field, index);
}

/** A string field: `undefined` is ''. Lone surrogates are not refused: they are written as U+FFFD. */
export function stringValue(value: unknown, field?: string): string {
  if (typeof value === 'string') return value;
  if (value === undefined) return '';
  throw fail(value, `${describeValue(value)} is not a string`, field);
}

const EMPTY_LIST: readonly never[] = Object.freeze([]);
/** What a missing struct is written from: every field undefined, so every field its default. */
export const EMPTY_VALUE: Readonly<Record<string, never>> = Object.freeze({});

/** An array, or a typed array (not a Proxy around one, which is neither to the engine). */
function isList(value: unknown): value is ArrayLike<unknown> {
  return Array.isArray(value) || typedArrayName(value) !== undefined;
}

/**
 * The length of typed array `a` as the engine knows it (not an own `length`
 * property or a subclass's getter); a KarmemEncodeError naming `field` when
 * its buffer was detached (a WebAssembly memory that grew, a transferred
 * buffer) or shrunk past it.
 */
export function liveLength(a: ArrayBufferView, field: string | undefined): number {
  const n = typedLength(a);
  if (n === 0 && isGone(a)) throw fail(a, `${describeValue(a)} whose buffer was detached (a WebAssembly memory that grew, a transferred buffer) or shrunk: its elements are gone`, field);
  return n;
}

/** The error for `n` elements (or bytes) where `max` fit (`fixed`: a `[N]T`'s N, else a slice's limit). */
export function tooManyError(value: unknown, n: number, max: number, fixed: boolean | undefined, field?: string): KarmemEncodeError {
  return fail(value, fixed ? `${n} elements given, the array holds ${max}` : `${n} elements given, the limit is ${max}`, field);
}

/**
 * The elements of a `[]T`, `[<N]T` or `[N]T` field: an array or typed array;
 * `undefined` is empty. Its length is read by countOf, once.
 */
export function listOf<T>(value: readonly T[] | ArrayLike<T> | undefined, field: string): ArrayLike<T> {
  return Array.isArray(value) ? value : otherListOf(value, field);
}

/** listOf of what is not an Array (kept out of listOf, which encoders inline). */
function otherListOf<T>(value: ArrayLike<T> | undefined, field: string): ArrayLike<T> {
  if (value === undefined) return EMPTY_LIST;
  if (!isList(value)) throw fail(value, `${describeValue(value)} is not an array`, field);
  return value;
}

/**
 * How many elements of `list` an encoder writes: its length, read once (an
 * element's getter, or a Proxy, may change it while the encoder runs; the
 * encoder writes exactly this many, never fewer than it reserved nor past
 * it), at most `max` (`fixed`: a `[N]T`'s N, else a slice's limit). A typed
 * array's is the length the engine knows, not an own `length` property or a
 * subclass's getter; one whose buffer was detached is refused.
 */
export function countOf(list: ArrayLike<unknown>, field: string | undefined, max?: number, fixed?: boolean): number {
  const n = Array.isArray(list) ? list.length : lengthOf(list, field);
  // `>>> 0` keeps whole numbers 0..2^32-1: a Proxy's length may be anything.
  // (`n > undefined` is false: no limit.)
  if (n >>> 0 !== n || n > max!) throw countError(list, n, field, max, fixed);
  return n;
}

/** countOf's length of what is not an Array: a typed array's as the engine knows it, else its `length`. */
function lengthOf(list: ArrayLike<unknown>, field: string | undefined): number {
  return typedArrayName(list) === undefined ? list.length : liveLength(list as unknown as ArrayBufferView, field);
}

function countError(list: ArrayLike<unknown>, n: number, field: string | undefined, max: number | undefined, fixed: boolean | undefined): KarmemEncodeError {
  if (n >>> 0 !== n) return fail(list, `its length ${describeValue(n)} is not a count of elements`, field);
  return tooManyError(list, n, max!, fixed, field);
}

/** A struct value: an object; `undefined` is all defaults. Call when `typeof value !== 'object' || value === null`. */
export function structValue<T>(value: unknown): T {
  if (value === undefined) return EMPTY_VALUE as T;
  throw fail(value, `${describeValue(value)} is not an object`);
}

/**
 * Bytes for `[]byte` / `[N]byte`: a Uint8Array as it is; an array-like of
 * integers 0..255 copied into one. `undefined` is empty.
 */
export function bytesValue(value: unknown, field?: string, max?: number, fixed?: boolean): Uint8Array {
  let bytes: Uint8Array;
  let n: number;
  const kind = typedArrayName(value);
  if (kind === 'Uint8Array') {
    // The length the engine knows: an own `length` property, or a subclass's getter, is not asked.
    bytes = value as Uint8Array;
    n = liveLength(bytes, field);
  } else if (value === undefined) {
    return new Uint8Array(0);
  } else if (isList(value) && kind !== 'BigInt64Array' && kind !== 'BigUint64Array') {
    // The length read once: the copy has exactly the bytes its size says.
    n = countOf(value, field);
    bytes = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const b = (value as ArrayLike<unknown>)[i];
      if (typeof b !== 'number' || (b & 0xff) !== b) throw fail(b, `${describeValue(b)} is not a byte (an integer, 0 to 255)`, field, i);
      bytes[i] = b;
    }
  } else {
    // A Proxy around a Uint8Array too: it is no typed array to the engine (ArrayBuffer.isView is false).
    throw fail(value, `${describeValue(value)} is not bytes (a Uint8Array or an array of 0..255)`, field);
  }
  if (max !== undefined && n > max) throw tooManyError(value, n, max, fixed, field);
  return bytes;
}
