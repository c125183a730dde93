// Bulk copies of numeric typed arrays. Karmem is little-endian; typed arrays
// use the host's order, so on a big-endian host each element is byte-swapped
// after the raw copy (never the case on x86 or ARM, kept for correctness).

/** Typed arrays that can be copied to or from a message as raw little-endian elements. */
export type NumericArray =
  | Int8Array
  | Uint8Array
  | Uint8ClampedArray
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | Float32Array
  | Float64Array
  | BigInt64Array
  | BigUint64Array;

export const HOST_IS_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

// A caller's typed array is read through the getters of %TypedArray%.prototype
// (and DataView.prototype) themselves, called on it: they read what the engine
// knows (its internal slots), where `a.length`, `a.byteLength`, `a.byteOffset`
// and `a.buffer` are whatever an own property, a subclass's getter or a Proxy
// says. They run no caller code, and a Proxy or an object that merely has a
// typed array's prototype is no typed array to them. On V8 each is a builtin
// call of a few nanoseconds (the length one is inlined like `a.length`).

type Getter<T> = (this: unknown) => T;

function getter<T>(prototype: object, key: PropertyKey): Getter<T> {
  return Object.getOwnPropertyDescriptor(prototype, key)!.get as Getter<T>;
}

const TYPED_ARRAY_PROTOTYPE = Object.getPrototypeOf(Uint8Array.prototype) as object;
const TA_NAME = getter<TypedArrayName | undefined>(TYPED_ARRAY_PROTOTYPE, Symbol.toStringTag);
const TA_LENGTH = getter<number>(TYPED_ARRAY_PROTOTYPE, 'length');
const TA_BUFFER = getter<ArrayBufferLike>(TYPED_ARRAY_PROTOTYPE, 'buffer');
const TA_BYTE_OFFSET = getter<number>(TYPED_ARRAY_PROTOTYPE, 'byteOffset');
const TA_BYTE_LENGTH = getter<number>(TYPED_ARRAY_PROTOTYPE, 'byteLength');
const DV_BUFFER = getter<ArrayBufferLike>(DataView.prototype, 'buffer');
const DV_BYTE_OFFSET = getter<number>(DataView.prototype, 'byteOffset');
const DV_BYTE_LENGTH = getter<number>(DataView.prototype, 'byteLength');
const AB_BYTE_LENGTH = getter<number>(ArrayBuffer.prototype, 'byteLength');
// Browsers that are not cross-origin isolated have no SharedArrayBuffer.
const SAB: typeof SharedArrayBuffer | undefined = typeof SharedArrayBuffer === 'function' ? SharedArrayBuffer : undefined;
const HAS_SAB = SAB !== undefined;
const SAB_BYTE_LENGTH = SAB === undefined ? undefined : getter<number>(SAB.prototype, 'byteLength');
const SAB_GROWABLE = SAB === undefined || Object.getOwnPropertyDescriptor(SAB.prototype, 'growable') === undefined ? undefined : getter<boolean>(SAB.prototype, 'growable');

export type TypedArrayName =
  | 'Int8Array'
  | 'Uint8Array'
  | 'Uint8ClampedArray'
  | 'Int16Array'
  | 'Uint16Array'
  | 'Int32Array'
  | 'Uint32Array'
  | 'Float32Array'
  | 'Float64Array'
  | 'BigInt64Array'
  | 'BigUint64Array';

/**
 * What typed array `x` is, as the engine knows it: 'Uint8Array' for a
 * Uint8Array, a subclass of it or a Node Buffer; undefined for anything else
 * (a DataView, a Proxy around a typed array, an object made with a typed
 * array's prototype). Never throws, runs no caller code.
 */
export function typedArrayName(x: unknown): TypedArrayName | undefined {
  return TA_NAME.call(x);
}

/** The length of typed array `a` (typedArrayName is not undefined): 0 once its buffer was detached or shrunk past it. */
export function typedLength(a: ArrayLike<unknown> | ArrayBufferView): number {
  return TA_LENGTH.call(a);
}

/** The buffer of typed array `a`. */
export function typedBuffer(a: ArrayBufferView): ArrayBufferLike {
  return TA_BUFFER.call(a);
}

/** Where typed array `a` starts in its buffer. */
export function typedByteOffset(a: ArrayBufferView): number {
  return TA_BYTE_OFFSET.call(a);
}

/** Where the bytes of a typed array or DataView are, from the engine's slots. TypeError for anything else (a Proxy...). */
export function viewBuffer(v: ArrayBufferView): ArrayBufferLike {
  return TA_NAME.call(v) === undefined ? DV_BUFFER.call(v) : TA_BUFFER.call(v);
}
export function viewByteOffset(v: ArrayBufferView): number {
  return TA_NAME.call(v) === undefined ? DV_BYTE_OFFSET.call(v) : TA_BYTE_OFFSET.call(v);
}
export function viewByteLength(v: ArrayBufferView): number {
  return TA_NAME.call(v) === undefined ? DV_BYTE_LENGTH.call(v) : TA_BYTE_LENGTH.call(v);
}

/**
 * The byte length of an ArrayBuffer or SharedArrayBuffer, from the engine's
 * slot (0 once detached); undefined for anything else (a Proxy, a plain
 * object with a `byteLength`, a typed array).
 */
export function bufferByteLength(x: unknown): number | undefined {
  if (SAB === undefined || !(x instanceof SAB)) {
    try {
      return AB_BYTE_LENGTH.call(x);
    } catch {
      // Not an ArrayBuffer: a SharedArrayBuffer (with another prototype), or not a buffer.
    }
  }
  try {
    return SAB_BYTE_LENGTH?.call(x);
  } catch {
    return undefined;
  }
}

/**
 * True when `buffer` (a typed array's, from typedBuffer) is a growable
 * SharedArrayBuffer: another thread may grow it at any moment, and a
 * length-tracking view over it with it, between two reads of its length.
 * The common case, an ArrayBuffer, costs an `instanceof` and one builtin
 * call (the `byteLength` getter, which throws for a SharedArrayBuffer whatever
 * its prototype says).
 */
export function mayGrowUnderUs(buffer: ArrayBufferLike): boolean {
  // The global itself, not SAB: V8 folds its load to a constant, and the instanceof to a few loads.
  if (!HAS_SAB || !(buffer instanceof SharedArrayBuffer)) {
    try {
      AB_BYTE_LENGTH.call(buffer);
      return false;
    } catch {
      // A SharedArrayBuffer whose prototype was changed.
    }
  }
  if (SAB_GROWABLE === undefined) return SAB === undefined;
  try {
    return SAB_GROWABLE.call(buffer);
  } catch {
    return false; // an ArrayBuffer given SharedArrayBuffer's prototype
  }
}

const EMPTY_NUMBERS = new Uint8Array(0);
const EMPTY_BIGINTS = new BigInt64Array(0);

/**
 * True when typed array `a`'s buffer was detached (a WebAssembly memory that
 * grew, a transferred buffer), or was shrunk past it: its length reads 0 and
 * its elements are gone. Meant for an `a` whose length is 0 (the only case
 * it can be true): an empty `set` throws for such an array alone.
 */
export function isGone(a: ArrayBufferView): boolean {
  const name = TA_NAME.call(a);
  try {
    if (name === 'BigInt64Array' || name === 'BigUint64Array') EMPTY_BIGINTS.set(a as BigInt64Array);
    else EMPTY_NUMBERS.set(a as Uint8Array);
    return false;
  } catch {
    return true;
  }
}

/** Bytes per element of typed array `a`, by what it is (not its `BYTES_PER_ELEMENT`, which an own property may change). */
export function typedWidth(a: ArrayBufferView): number {
  switch (TA_NAME.call(a)) {
    case 'Int16Array':
    case 'Uint16Array':
      return 2;
    case 'Int32Array':
    case 'Uint32Array':
    case 'Float32Array':
      return 4;
    case 'Float64Array':
    case 'BigInt64Array':
    case 'BigUint64Array':
      return 8;
    default:
      return 1;
  }
}

/**
 * The bytes of typed array `a`, as a view (no copy): `a` itself when it is a
 * Uint8Array, else a fixed-length Uint8Array over the range the engine knows.
 */
export function bytesOf(a: NumericArray): Uint8Array {
  if (TA_NAME.call(a) === 'Uint8Array') return a as Uint8Array;
  return new Uint8Array(TA_BUFFER.call(a), TA_BYTE_OFFSET.call(a), TA_BYTE_LENGTH.call(a));
}

/** Reverses the bytes of each `width`-byte element of `bytes[start, end)`. */
export function swapElements(bytes: Uint8Array, start: number, end: number, width: number): void {
  if (width === 1) return;
  for (let i = start; i + width <= end; i += width) {
    for (let a = i, b = i + width - 1; a < b; a++, b--) {
      const t = bytes[a];
      bytes[a] = bytes[b];
      bytes[b] = t;
    }
  }
}
