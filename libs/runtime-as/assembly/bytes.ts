// Text without strings: what a `[]char` field of the object API is when the
// module is generated with `strings: 'bytes'` (docs/assemblyscript.md,
// "String fields as bytes"). Decoding allocates nothing: the field is pointed
// at the UTF-8 bytes in the message.

import { decodeUTF8, encodeUTF8, utf8Length } from "./utf8";

/**
 * `length` bytes at address `ptr` in linear memory, not copied. After a
 * decode they are the field's bytes inside the message: valid while the
 * message stays where it is (and is not overwritten). Encoding copies them.
 */
export class Bytes {
  /** Address of the first byte. */
  ptr: usize = 0;
  /** Number of bytes. */
  length: u32 = 0;
  /** A buffer that holds the bytes (fromString), kept alive with them; null when they live elsewhere. */
  private owner: ArrayBuffer | null = null;

  /** Points at `length` bytes at `ptr` (no copy); returns `this`. */
  // @ts-ignore: decorator
  @inline
  set(ptr: usize, length: u32): Bytes {
    this.ptr = ptr;
    this.length = length;
    // Only when there is one: a store of a reference costs a write barrier.
    if (this.owner !== null) this.owner = null;
    return this;
  }

  /** The UTF-8 of `s` in a buffer of its own (lone surrogates become U+FFFD). Allocates. */
  static fromString(s: string): Bytes {
    const length = utf8Length(s);
    const buffer = new ArrayBuffer(<i32>length);
    const bytes = new Bytes();
    bytes.set(changetype<usize>(buffer), length);
    bytes.owner = buffer;
    encodeUTF8(s, changetype<usize>(buffer));
    return bytes;
  }

  /** The bytes decoded as UTF-8 (as a host's TextDecoder would). Allocates. */
  toString(): string {
    return decodeUTF8(this.ptr, this.length);
  }
}
