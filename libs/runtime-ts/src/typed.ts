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

/** The bytes of `a`, as a view (no copy). */
export function bytesOf(a: NumericArray): Uint8Array {
  return a instanceof Uint8Array ? a : new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
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
