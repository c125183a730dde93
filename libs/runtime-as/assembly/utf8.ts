// UTF-8 <-> AssemblyScript string (UTF-16).
//
// Decoding follows the WHATWG UTF-8 decoder (what `TextDecoder` does on the
// host): an invalid or truncated sequence becomes one U+FFFD per maximal
// subpart, so a guest and a host decode the same bytes to the same string.
// Encoding turns lone surrogates into U+FFFD, as `TextEncoder` does.
//
// Strings are managed objects: decode only off the hot path. To look at text
// without allocating, read the bytes in place (`Reader.slice` gives their
// offset and byte length; `Reader.ptr + offset` is their address).

/**
 * Decodes `len` bytes of UTF-8 at `ptr` into a new string. Reads only
 * `[ptr, ptr + len)`; never traps on invalid input.
 */
export function decodeUTF8(ptr: usize, len: u32): string {
  if (len == 0) return "";
  // Each input byte yields at most one UTF-16 unit (four bytes yield two).
  const str = changetype<string>(__new(<usize>len << 1, idof<string>()));
  let out = changetype<usize>(str);
  let i = ptr;
  const end = ptr + <usize>len;
  while (i < end) {
    let cp = <u32>load<u8>(i++);
    if (cp < 0x80) {
      store<u16>(out, cp);
      out += 2;
      continue;
    }
    let need: u32 = 0;
    let lo: u32 = 0x80;
    let hi: u32 = 0xBF;
    if (cp >= 0xC2 && cp <= 0xDF) {
      need = 1;
      cp &= 0x1F;
    } else if (cp >= 0xE0 && cp <= 0xEF) {
      need = 2;
      if (cp == 0xE0) lo = 0xA0;
      else if (cp == 0xED) hi = 0x9F; // no surrogates
      cp &= 0x0F;
    } else if (cp >= 0xF0 && cp <= 0xF4) {
      need = 3;
      if (cp == 0xF0) lo = 0x90;
      else if (cp == 0xF4) hi = 0x8F; // nothing past U+10FFFF
      cp &= 0x07;
    } else {
      store<u16>(out, 0xFFFD);
      out += 2;
      continue;
    }
    while (need != 0 && i < end) {
      const b = <u32>load<u8>(i);
      if (b < lo || b > hi) break; // the byte starts the next sequence: do not consume it
      cp = (cp << 6) | (b & 0x3F);
      lo = 0x80;
      hi = 0xBF;
      i++;
      need--;
    }
    if (need != 0) {
      store<u16>(out, 0xFFFD);
      out += 2;
    } else if (cp < 0x10000) {
      store<u16>(out, cp);
      out += 2;
    } else {
      cp -= 0x10000;
      store<u32>(out, (0xD800 | (cp >>> 10)) | ((0xDC00 | (cp & 0x3FF)) << 16));
      out += 4;
    }
  }
  // Shrinks in place: never allocates.
  return changetype<string>(__renew(changetype<usize>(str), out - changetype<usize>(str)));
}

/** How many bytes `s` takes in UTF-8 (a lone surrogate counts as U+FFFD: 3 bytes). */
// @ts-ignore: decorator
@inline
export function utf8Length(s: string): u32 {
  return <u32>String.UTF8.byteLength(s, false);
}

/**
 * Writes `s` as UTF-8 at `dst`, which must have room for `utf8Length(s)`
 * bytes. Returns the number of bytes written. Lone surrogates become U+FFFD.
 */
// @ts-ignore: decorator
@inline
export function encodeUTF8(s: string, dst: usize): u32 {
  return <u32>String.UTF8.encodeUnsafe(
    changetype<usize>(s),
    s.length,
    dst,
    false,
    String.UTF8.ErrorMode.REPLACE,
  );
}
