// Writing Karmem messages.
//
// A Writer appends to one message, either inside a fixed region that someone
// else owns (`Writer.fixed`: the guest's output region, a host-provided
// buffer) or inside a buffer it owns and grows (`Writer.growable`).
//
// `alloc` hands out offsets relative to the message start (a growable buffer
// may move, offsets stay valid) and zeroes what it reserves. Running out of
// room never writes anything: `alloc` returns ALLOC_FAILED, records the error
// in `error` (the first error sticks: later allocations fail too), and every
// store checks that it lands inside the bytes allocated so far, so a store at
// ALLOC_FAILED (or anywhere else outside the message) is dropped; after the
// first error no store happens at all. No byte outside `[ptr, ptr + capacity)`
// is ever written, before or after.
//
// Report the outcome to the host with `result()`: the length (>= 0) or
// `-error` (< 0). See errors.ts for the codes.

import { BLOCK_MAXSIZE } from "rt/common";
import {
  ALLOC_FAILED,
  ERR_OUT_OF_SPACE,
  ERR_NONE,
  ERR_OUT_OF_MEMORY,
  ERR_TOO_LARGE,
  ERR_VALUE_TOO_LONG,
  MAX_MESSAGE_SIZE,
} from "./errors";
import { encodeUTF8, utf8Length } from "./utf8";

/** Smallest buffer a growable writer starts with. */
const MIN_GROWABLE_CAPACITY: u32 = 64;

@final @unmanaged
export class Writer {
  /** Address of the message's first byte. Moves when a growable writer grows. */
  ptr: usize;
  /** Bytes available at `ptr`. */
  capacity: u32;
  /** Bytes allocated so far: the message's length. */
  length: u32;
  /** First error (an ERR_* code), or ERR_NONE. */
  error: i32;
  /** Whether the writer owns `ptr` and may grow it. */
  growable: bool;

  constructor(ptr: usize, capacity: u32, growable: bool) {
    this.ptr = ptr;
    this.capacity = capacity;
    this.length = 0;
    this.error = ERR_NONE;
    this.growable = growable;
  }

  /** A writer over `capacity` bytes at `ptr`, which it never grows and never writes outside of. */
  static fixed(ptr: usize, capacity: u32): Writer {
    return new Writer(ptr, capacity, false);
  }

  /** A writer over a buffer of its own (raw heap memory, not GC-managed), grown as needed. */
  static growable(initialCapacity: u32 = 1024): Writer {
    const capacity = max(initialCapacity, MIN_GROWABLE_CAPACITY);
    return new Writer(heap.alloc(<usize>capacity), capacity, true);
  }

  /** Starts a new message in the same buffer (length and error back to zero). */
  // @ts-ignore: decorator
  @inline
  reset(): void {
    this.length = 0;
    this.error = ERR_NONE;
  }

  /** Points a fixed writer at another region and starts a new message there. */
  // @ts-ignore: decorator
  @inline
  resetFixed(ptr: usize, capacity: u32): void {
    assert(!this.growable, "resetFixed on a growable writer");
    this.ptr = ptr;
    this.capacity = capacity;
    this.reset();
  }

  /** Frees the writer (and its buffer when growable). Do not use it afterwards. */
  dispose(): void {
    if (this.growable) heap.free(this.ptr);
    heap.free(changetype<usize>(this));
  }

  /** Whether no error happened so far. */
  // @ts-ignore: decorator
  @inline
  get ok(): bool {
    return this.error == ERR_NONE;
  }

  /** What a guest export returns to the host: the message length, or `-error` when writing failed. */
  // @ts-ignore: decorator
  @inline
  result(): i32 {
    return this.error != ERR_NONE ? -this.error : <i32>this.length;
  }

  /**
   * Reserves `size` zeroed bytes at the end of the message; returns their
   * offset from the message start. On failure returns ALLOC_FAILED, sets
   * `error` and writes nothing. `alloc(0)` returns the current end (what an
   * empty slice records as its offset). `zero` false leaves the bytes as
   * they are: only for callers that then write every one of them.
   */
  // @ts-ignore: decorator
  @inline
  alloc(size: u32, zero: bool = true): u32 {
    // The common case inline where it is called (no error, room enough),
    // the rest in allocSlow: the game's encode makes nine per monster, and
    // inlined they took it from 1.48x to 1.36x its floor (paired, four
    // alternating processes each, 2026-12-07).
    const start = this.length;
    const end = <u64>start + <u64>size;
    if (this.error != ERR_NONE || end > <u64>this.capacity || end > <u64>MAX_MESSAGE_SIZE) return this.allocSlow(size, zero);
    if (zero) memory.fill(this.ptr + <usize>start, 0, <usize>size);
    this.length = <u32>end;
    return start;
  }

  /** alloc after an error, or past the room the writer has: grows, or fails. */
  private allocSlow(size: u32, zero: bool): u32 {
    if (this.error != ERR_NONE) return ALLOC_FAILED;
    const start = this.length;
    const end = <u64>start + <u64>size;
    if (end > <u64>MAX_MESSAGE_SIZE) return this.fail(ERR_TOO_LARGE);
    if (end > <u64>this.capacity) {
      if (!this.growable) return this.fail(ERR_OUT_OF_SPACE);
      if (!this.grow(end)) return this.fail(ERR_OUT_OF_MEMORY);
    }
    if (zero) memory.fill(this.ptr + <usize>start, 0, <usize>size);
    this.length = <u32>end;
    return start;
  }

  /**
   * Reserves a table of `size` bytes (header included) and writes its size
   * header; returns its offset, or ALLOC_FAILED.
   */
  allocTable(size: u32): u32 {
    const at = this.alloc(size);
    this.write<u32>(at, size);
    return at;
  }

  /**
   * Reserves `count` zeroed elements of `elementSize` bytes and writes the
   * slice header at `header` (`{offset, size}`, plus `elementSize` when not
   * packed). Returns the offset of the first element, or ALLOC_FAILED (then
   * the header is left as it was). `count == 0` writes an empty slice.
   * `zero` false: the elements are not zeroed (the caller writes every byte).
   */
  allocSlice(header: u32, count: u32, elementSize: u32, packed: bool, zero: bool = true): u32 {
    const size = <u64>count * <u64>elementSize;
    if (size > <u64>MAX_MESSAGE_SIZE) {
      if (this.error == ERR_NONE) this.error = ERR_TOO_LARGE;
      return ALLOC_FAILED;
    }
    const at = this.alloc(<u32>size, zero);
    if (at != ALLOC_FAILED) this.writeSliceHeader(header, at, <u32>size, elementSize, packed);
    return at;
  }

  /**
   * Appends `byteLength` bytes copied from `src` as the contents of the slice
   * whose header is at `header` (elements already in wire layout, e.g. the
   * data of a StaticArray<u16>). Returns their offset, or ALLOC_FAILED.
   */
  writeSliceBytes(header: u32, src: usize, byteLength: u32, elementSize: u32, packed: bool): u32 {
    const at = this.alloc(byteLength, false); // every byte is copied over
    if (at == ALLOC_FAILED) return at;
    memory.copy(this.ptr + <usize>at, src, <usize>byteLength);
    this.writeSliceHeader(header, at, byteLength, elementSize, packed);
    return at;
  }

  /**
   * Appends `s` as UTF-8 and writes the string header (`[]char`) at
   * `header`. Returns the offset of the bytes, or ALLOC_FAILED.
   */
  writeString(header: u32, s: string, packed: bool, limit: u32 = u32.MAX_VALUE): u32 {
    const size = utf8Length(s);
    // `[<N]char`: N bytes of UTF-8 at most, or nothing is written from here on.
    if (size > limit) return this.refuse(ERR_VALUE_TOO_LONG);
    const at = this.alloc(size, false); // every byte is encoded over
    if (at == ALLOC_FAILED) return at;
    encodeUTF8(s, this.ptr + <usize>at);
    this.writeSliceHeader(header, at, size, 1, packed);
    return at;
  }

  /**
   * Appends the `length` bytes at `src` as a string (`[]char`, or `[<N]char`
   * with `limit` N: more than N bytes are refused with ERR_VALUE_TOO_LONG)
   * and writes its header at `header`. Returns their offset, or ALLOC_FAILED.
   */
  writeStringBytes(header: u32, src: usize, length: u32, packed: bool, limit: u32 = u32.MAX_VALUE): u32 {
    if (length > limit) return this.refuse(ERR_VALUE_TOO_LONG);
    return this.writeSliceBytes(header, src, length, 1, packed);
  }

  /** Writes a slice header at `header`: `{offset, byteSize}`, plus `elementSize` when not packed. */
  // @ts-ignore: decorator
  @inline
  writeSliceHeader(header: u32, offset: u32, byteSize: u32, elementSize: u32, packed: bool): void {
    if (packed) {
      if (this.fits(header, 8)) {
        store<u32>(this.ptr + <usize>header, offset);
        store<u32>(this.ptr + <usize>header, byteSize, 4);
      }
    } else if (this.fits(header, 12)) {
      store<u32>(this.ptr + <usize>header, offset);
      store<u32>(this.ptr + <usize>header, byteSize, 4);
      store<u32>(this.ptr + <usize>header, elementSize, 8);
    }
  }

  /**
   * Stores `value` at `offset` if `[offset, offset + sizeof<T>)` lies inside
   * the bytes allocated so far and no error happened; otherwise (e.g. at
   * ALLOC_FAILED) does nothing. `bool` is stored as one byte, 0 or 1.
   */
  // @ts-ignore: decorator
  @inline
  write<T>(offset: u32, value: T): void {
    if (this.fits(offset, <u32>sizeof<T>())) {
      if (isBoolean<T>()) {
        store<u8>(this.ptr + <usize>offset, <u8>value);
      } else {
        store<T>(this.ptr + <usize>offset, value);
      }
    }
  }

  /** Copies `length` bytes from `src` to `offset`, if they land inside the bytes allocated so far. */
  // @ts-ignore: decorator
  @inline
  writeBytes(offset: u32, src: usize, length: u32): void {
    if (this.fits(offset, length)) memory.copy(this.ptr + <usize>offset, src, <usize>length);
  }

  /**
   * Whether a store to `[offset, offset + size)` may happen: no error so far
   * (after a failure, `failedOffset + fieldOffset` could wrap around to a
   * small offset, so nothing is written any more) and the bytes lie inside
   * the allocated ones (u64 arithmetic).
   */
  // @ts-ignore: decorator
  @inline
  fits(offset: u32, size: u32): bool {
    return this.error == ERR_NONE && <u64>offset + <u64>size <= <u64>this.length;
  }

  /**
   * Records that a value does not fit its field (`ERR_VALUE_TOO_LONG`, for
   * generated encoders), unless an error came first; nothing is written from
   * here on. Returns ALLOC_FAILED.
   */
  refuse(code: i32): u32 {
    if (this.error == ERR_NONE) this.error = code;
    return ALLOC_FAILED;
  }

  private fail(code: i32): u32 {
    this.error = code;
    return ALLOC_FAILED;
  }

  /** Grows the owned buffer to hold at least `needed` bytes (doubling). False when the heap cannot. */
  private grow(needed: u64): bool {
    if (needed > <u64>BLOCK_MAXSIZE) return false;
    let capacity = <u64>this.capacity << 1;
    if (capacity < needed) capacity = needed;
    if (capacity > <u64>BLOCK_MAXSIZE) capacity = <u64>BLOCK_MAXSIZE;
    this.ptr = heap.realloc(this.ptr, <usize>capacity);
    this.capacity = <u32>capacity;
    return true;
  }
}
