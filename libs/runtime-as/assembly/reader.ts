// Reading Karmem messages in place.
//
// A Reader is an unmanaged pair (ptr, length) over the bytes of one message:
// reading allocates nothing, keeps no managed reference (so the incremental
// runtime's shadow stack is never touched) and every method is inlined.
//
// Offsets are u32 from the start of the message, as on the wire. Bounds are
// computed in u64, so `offset + size` never wraps. A read that does not fit
// returns the type's default (0, false); nothing here traps or loops on
// untrusted bytes.
//
// `ABSENT` (u32.MAX_VALUE) stands for "no such field / table": every checked
// method treats it as out of bounds, because no u32 offset plus a non-zero
// size fits below 2^32. Never add to ABSENT: check for it, or use `within`.

import { decodeUTF8 } from "./utf8";

/** Offset of a field or table that is not there. Reads at ABSENT give defaults. */
export const ABSENT: u32 = u32.MAX_VALUE;

/**
 * A checked slice: `(length << 32) | offset`, where `length` is in elements,
 * already clamped, and `offset` is the first element's offset in the message.
 * Kept in a u64 so it lives in registers, not in memory.
 */
export type Slice = u64;

/** The slice with no elements. */
export const EMPTY_SLICE: Slice = 0;

/** Offset, from the start of the message, of a slice's first element. */
// @ts-ignore: decorator
@inline
export function sliceOffset(slice: Slice): u32 {
  return <u32>slice;
}

/** Number of elements of a slice (already clamped to its limit). */
// @ts-ignore: decorator
@inline
export function sliceLength(slice: Slice): u32 {
  return <u32>(slice >>> 32);
}

/** Whether a table field at `fieldOffset` (from the table start) is inside a table of `tableSize` bytes. */
// @ts-ignore: decorator
@inline
export function fieldPresent(fieldOffset: u32, fieldSize: u32, tableSize: u32): bool {
  return <u64>fieldOffset + <u64>fieldSize <= <u64>tableSize;
}

/** Length of a slice of `byteSize` bytes: floor(byteSize / elementSize), clamped to `limit` elements. */
// @ts-ignore: decorator
@inline
export function elementCount(byteSize: u32, elementSize: u32, limit: u32 = u32.MAX_VALUE): u32 {
  const n: u32 = elementSize == 0 ? 0 : byteSize / elementSize;
  return n > limit ? limit : n;
}

/**
 * Offset of a part `rel` bytes into something at `base` that may be ABSENT
 * (an inline struct of a missing field): ABSENT stays ABSENT, and a sum
 * that would wrap past 2^32 becomes ABSENT.
 */
// @ts-ignore: decorator
@inline
export function within(base: u32, rel: u32): u32 {
  const sum = <u64>base + <u64>rel; // base == ABSENT gives sum >= ABSENT
  return sum >= <u64>ABSENT ? ABSENT : <u32>sum;
}

/** A view of one message: `length` bytes at address `ptr` in linear memory. */
@final @unmanaged
export class Reader {
  /** Address of the message's first byte (its offset 0). */
  ptr: usize;
  /** Size of the message in bytes. */
  length: u32;

  constructor(ptr: usize, length: u32) {
    this.ptr = ptr;
    this.length = length;
  }

  /** Points this reader at another message; returns `this`. Use it to reuse one reader per call. */
  // @ts-ignore: decorator
  @inline
  reset(ptr: usize, length: u32): Reader {
    this.ptr = ptr;
    this.length = length;
    return this;
  }

  /** Whether `size` bytes at `offset` are inside the message (u64 arithmetic: no wrap-around). */
  // @ts-ignore: decorator
  @inline
  has(offset: u32, size: u32): bool {
    return <u64>offset + <u64>size <= <u64>this.length;
  }

  /** Address in linear memory of the byte at `offset` (no check). */
  // @ts-ignore: decorator
  @inline
  address(offset: u32): usize {
    return this.ptr + <usize>offset;
  }

  /**
   * The value of type T at `offset`, or T's default (0, false) when it does
   * not fit in the message. `bool` reads one byte; any non-zero byte is true.
   */
  // @ts-ignore: decorator
  @inline
  read<T>(offset: u32): T {
    return this.has(offset, <u32>sizeof<T>()) ? this.readUnchecked<T>(offset) : <T>0;
  }

  /**
   * The value of type T at `offset`, with no bounds check: only for offsets
   * already proven in bounds (a field of a checked table, an element of a
   * checked slice). It reads `this.ptr` from memory on each call: in a loop
   * over many elements, take `address(sliceOffset(s))` once instead and use
   * raw `load<T>(address + i * elementSize, fieldOffset)`.
   */
  // @ts-ignore: decorator
  @inline
  readUnchecked<T>(offset: u32): T {
    if (isBoolean<T>()) {
      return <T>(load<u8>(this.ptr + <usize>offset) != 0);
    }
    return load<T>(this.ptr + <usize>offset);
  }

  /**
   * A table pointer (u32 offset) stored at `offset`, or ABSENT when the
   * pointer itself is not readable. Unlike `read<u32>`, a missing pointer does
   * not become 0 (which would be the root).
   */
  // @ts-ignore: decorator
  @inline
  pointer(offset: u32): u32 {
    return this.has(offset, 4) ? load<u32>(this.ptr + <usize>offset) : ABSENT;
  }

  /**
   * The size of the table at `offset` if it can be read, else 0. A table can
   * be read when its minimum size (4 bytes packed, 8 non-packed) and then its
   * declared size fit in the message. With a non-zero result every byte of the
   * table is in bounds, so its present fields can be read unchecked.
   */
  // @ts-ignore: decorator
  @inline
  tableSize(offset: u32, packed: bool): u32 {
    if (!this.has(offset, packed ? 4 : 8)) return 0;
    const size = load<u32>(this.ptr + <usize>offset);
    return this.has(offset, size) ? size : 0;
  }

  /**
   * Field of type T at `fieldOffset` in the table at `table` whose size
   * (from `tableSize`) is `size`: its value when the field is present
   * (`fieldOffset + sizeof<T> <= size`), else T's default.
   */
  // @ts-ignore: decorator
  @inline
  field<T>(table: u32, size: u32, fieldOffset: u32): T {
    return fieldPresent(fieldOffset, <u32>sizeof<T>(), size)
      ? this.readUnchecked<T>(table + fieldOffset)
      : <T>0;
  }

  /**
   * Offset in the message of a field of `fieldSize` bytes (an inline struct,
   * a fixed array, a slice header, a table pointer) of the table at `table`
   * whose size is `size`, or ABSENT when the field is not present.
   */
  // @ts-ignore: decorator
  @inline
  fieldAt(table: u32, size: u32, fieldOffset: u32, fieldSize: u32): u32 {
    return fieldPresent(fieldOffset, fieldSize, size) ? table + fieldOffset : ABSENT;
  }

  /**
   * The slice whose header is at `header` (`{u32 offset, u32 size}`; the
   * third word of non-packed headers is not read). Empty when the header or
   * the `offset + size` bytes it points to are outside the message. The
   * length is `floor(size / elementSize)`, then clamped to `limit` elements
   * (for `[<N]T`; `[<N]char` clamps to N bytes). Check once, then read the
   * elements with `readUnchecked` or raw loads from `address(sliceOffset(s))`.
   */
  // @ts-ignore: decorator
  @inline
  slice(header: u32, elementSize: u32, limit: u32 = u32.MAX_VALUE): Slice {
    if (!this.has(header, 8)) return EMPTY_SLICE;
    const at = this.ptr + <usize>header;
    const offset = load<u32>(at);
    const size = load<u32>(at, 4);
    if (!this.has(offset, size)) return EMPTY_SLICE;
    return (<u64>elementCount(size, elementSize, limit) << 32) | <u64>offset;
  }

  /**
   * The string (`[]char`, or `[<N]char` with `limit` N) whose header is at
   * `header`, decoded to a new AssemblyScript string. Allocates: off the hot
   * path only. For in-place access use `slice(header, 1, limit)`.
   */
  string(header: u32, limit: u32 = u32.MAX_VALUE): string {
    const s = this.slice(header, 1, limit);
    return decodeUTF8(this.ptr + <usize>sliceOffset(s), sliceLength(s));
  }
}
