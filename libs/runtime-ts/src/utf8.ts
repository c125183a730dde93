// UTF-8 for the runtime: a plain JS loop for short strings (no call into the
// engine's encoder, which costs more than the work itself for a few dozen bytes) and
// one cached TextEncoder / TextDecoder for long ones. Both paths give the same
// bytes and the same strings: the loops follow the WHATWG Encoding Standard,
// which is what TextEncoder and TextDecoder (non-fatal) implement.

// Crossovers measured with libs/runtime-ts/bench/utf8-crossover.ts (see docs/runtime-ts.md).
/** Strings up to this many UTF-16 units are encoded by the JS loop. */
export const ENCODE_LOOP_MAX = 32;
/** Byte ranges up to this size are decoded by the JS loop. */
export const DECODE_LOOP_MAX = 32;

// Created on first use, so a module that never touches long strings never
// instantiates them (and an engine without them still loads this module).
let encoder: InstanceType<typeof TextEncoder> | undefined;
let decoder: InstanceType<typeof TextDecoder> | undefined;

/**
 * Exact UTF-8 size of `str` as TextEncoder would write it: a lone surrogate
 * becomes U+FFFD, 3 bytes.
 */
export function utf8Length(str: string): number {
  const n = str.length;
  let size = n;
  for (let i = 0; i < n; i++) {
    const c = str.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) {
      size += 1;
    } else if (c >= 0xd800 && c <= 0xdbff && i + 1 < n && isLowSurrogate(str.charCodeAt(i + 1))) {
      size += 2; // 2 units -> 4 bytes
      i++;
    } else {
      size += 2; // BMP (or lone surrogate -> U+FFFD): 3 bytes
    }
  }
  return size;
}

/**
 * Writes `str` as UTF-8 into `out` at `pos` and returns the end position.
 * The caller guarantees room for the result (3 bytes per UTF-16 unit is always
 * enough). Byte for byte what TextEncoder.encodeInto writes.
 */
export function encodeUtf8(str: string, out: Uint8Array, pos: number): number {
  const n = str.length;
  if (n > ENCODE_LOOP_MAX) return encodeUtf8Long(str, out, pos);
  // ASCII in a loop that knows nothing else; from the first other unit, the
  // full loop. (A generated encoder calls it: inlined there, or written
  // into appendUtf8, the record's encode measured slower, 1.29x its floor
  // against 1.20x; docs/benchmarks.md, "Host encode".)
  for (let i = 0; i < n; i++) {
    const c = str.charCodeAt(i);
    if (c >= 0x80) return encodeUtf8Loop(str, out, pos + i, i);
    out[pos + i] = c;
  }
  return pos + n;
}

function encodeUtf8Long(str: string, out: Uint8Array, pos: number): number {
  encoder ??= new TextEncoder();
  return pos + encoder.encodeInto(str, out.subarray(pos)).written;
}

/** The JS loop behind encodeUtf8, for any length: `str` from unit `from` written at `pos`. */
export function encodeUtf8Loop(str: string, out: Uint8Array, pos: number, from = 0): number {
  const n = str.length;
  for (let i = from; i < n; i++) {
    let c = str.charCodeAt(i);
    if (c < 0x80) {
      out[pos++] = c;
    } else if (c < 0x800) {
      out[pos++] = 0xc0 | (c >> 6);
      out[pos++] = 0x80 | (c & 0x3f);
    } else {
      if (c >= 0xd800 && c <= 0xdfff) {
        const d = i + 1 < n ? str.charCodeAt(i + 1) : 0;
        if (c <= 0xdbff && isLowSurrogate(d)) {
          c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
          out[pos++] = 0xf0 | (c >> 18);
          out[pos++] = 0x80 | ((c >> 12) & 0x3f);
          out[pos++] = 0x80 | ((c >> 6) & 0x3f);
          out[pos++] = 0x80 | (c & 0x3f);
          i++;
          continue;
        }
        c = 0xfffd; // lone surrogate, as TextEncoder does
      }
      out[pos++] = 0xe0 | (c >> 12);
      out[pos++] = 0x80 | ((c >> 6) & 0x3f);
      out[pos++] = 0x80 | (c & 0x3f);
    }
  }
  return pos;
}

/**
 * Decodes `bytes[start, end)` (the caller has checked the range). Invalid
 * sequences become U+FFFD exactly as TextDecoder does by default (one U+FFFD
 * per maximal invalid subpart); it never throws. Unlike TextDecoder's default,
 * a leading U+FEFF is kept (`ignoreBOM: true`): it is part of the string the
 * writer was given, and dropping it would break round trips.
 */
export function decodeUtf8(bytes: Uint8Array, start: number, end: number): string {
  // Short: the JS loops. Long: TextDecoder, in a function of its own, so that
  // this one stays small enough for V8 to inline into a viewer's read.
  return end - start <= DECODE_LOOP_MAX ? decodeAsciiThenUtf8(bytes, start, end) : decodeUtf8Long(bytes, start, end);
}

/**
 * The ASCII start of `bytes[start, end)` in a loop that knows nothing else
 * (eight bytes per String.fromCharCode), then decodeUtf8Loop from the first
 * chunk or byte that is not ASCII. decodeUtf8Loop alone, whose loop carries
 * the UTF-8 state machine, took 75 ns for the bench's 18-character name
 * against 69 ns this way (one process each), and the bench's record decode
 * measured 1.18x against 1.23x the floor with its views in fields (medians
 * of five processes each, 2026-12-06).
 */
function decodeAsciiThenUtf8(bytes: Uint8Array, start: number, end: number): string {
  let out = '';
  let i = start;
  for (; i + 8 <= end; i += 8) {
    const b0 = bytes[i]!, b1 = bytes[i + 1]!, b2 = bytes[i + 2]!, b3 = bytes[i + 3]!;
    const b4 = bytes[i + 4]!, b5 = bytes[i + 5]!, b6 = bytes[i + 6]!, b7 = bytes[i + 7]!;
    if ((b0 | b1 | b2 | b3 | b4 | b5 | b6 | b7) >= 0x80) return out + decodeUtf8Loop(bytes, i, end);
    out += String.fromCharCode(b0, b1, b2, b3, b4, b5, b6, b7);
  }
  for (; i < end; i++) {
    const b = bytes[i]!;
    if (b >= 0x80) return out + decodeUtf8Loop(bytes, i, end);
    out += String.fromCharCode(b);
  }
  return out;
}

function decodeUtf8Long(bytes: Uint8Array, start: number, end: number): string {
  decoder ??= new TextDecoder('utf-8', { ignoreBOM: true });
  // TextDecoder refuses views of shared memory in some engines: copy those.
  const view = isShared(bytes) ? bytes.slice(start, end) : bytes.subarray(start, end);
  return decoder.decode(view);
}

/** The JS loop behind decodeUtf8, for any length. */
export function decodeUtf8Loop(bytes: Uint8Array, start: number, end: number): string {
  let out = '';
  let i = start;
  while (i < end) {
    // Eight ASCII bytes per fromCharCode call: far fewer string concatenations.
    if (bytes[i] < 0x80 && i + 8 <= end) {
      const b0 = bytes[i], b1 = bytes[i + 1], b2 = bytes[i + 2], b3 = bytes[i + 3];
      const b4 = bytes[i + 4], b5 = bytes[i + 5], b6 = bytes[i + 6], b7 = bytes[i + 7];
      if ((b0 | b1 | b2 | b3 | b4 | b5 | b6 | b7) < 0x80) {
        out += String.fromCharCode(b0, b1, b2, b3, b4, b5, b6, b7);
        i += 8;
        continue;
      }
    }
    const b = bytes[i++];
    if (b < 0x80) {
      out += String.fromCharCode(b);
      continue;
    }
    const info = leadByte(b);
    if (info === 0) {
      out += '\ufffd';
      continue;
    }
    let need = info & 3;
    let lower = (info >> 8) & 0xff;
    let upper = info >>> 16;
    let cp = b & (0x3f >> need);
    while (need > 0) {
      const c = i < end ? bytes[i] : -1;
      if (c < lower || c > upper) break; // not consumed: it starts the next sequence
      lower = 0x80;
      upper = 0xbf;
      cp = (cp << 6) | (c & 0x3f);
      i++;
      need--;
    }
    if (need > 0) {
      out += '\ufffd';
    } else if (cp < 0x10000) {
      out += String.fromCharCode(cp);
    } else {
      cp -= 0x10000;
      out += String.fromCharCode(0xd800 | (cp >> 10), 0xdc00 | (cp & 0x3ff));
    }
  }
  return out;
}

/** Strict check: true only for well-formed UTF-8 (no overlongs, surrogates, or values above U+10FFFF). */
export function isValidUtf8(bytes: Uint8Array, start: number, end: number): boolean {
  return firstInvalidUtf8(bytes, start, end) === end;
}

/**
 * Where well-formed UTF-8 stops in `bytes[start, end)`: the offset of the
 * first byte that begins no sequence, or begins one that is cut short or
 * ill-formed (as isValidUtf8 judges); `end` when all of it is well formed.
 */
export function firstInvalidUtf8(bytes: Uint8Array, start: number, end: number): number {
  let i = start;
  while (i < end) {
    const at = i;
    const b = bytes[i++];
    if (b < 0x80) continue;
    const info = leadByte(b);
    if (info === 0) return at;
    let need = info & 3;
    let lower = (info >> 8) & 0xff;
    let upper = info >>> 16;
    if (end - i < need) return at;
    for (; need > 0; need--) {
      const c = bytes[i++];
      if (c < lower || c > upper) return at;
      lower = 0x80;
      upper = 0xbf;
    }
  }
  return end;
}

/**
 * What a non-ASCII byte starts (WHATWG Encoding Standard): the number of
 * continuation bytes, and the range allowed for the first one (narrower after
 * E0, ED, F0, F4, which rules out overlongs, surrogates and values above
 * U+10FFFF), packed as `need | lower << 8 | upper << 16`; 0 if it starts nothing.
 */
function leadByte(b: number): number {
  if (b >= 0xc2 && b <= 0xdf) return 1 | (0x80 << 8) | (0xbf << 16);
  if (b >= 0xe0 && b <= 0xef) return 2 | ((b === 0xe0 ? 0xa0 : 0x80) << 8) | ((b === 0xed ? 0x9f : 0xbf) << 16);
  if (b >= 0xf0 && b <= 0xf4) return 3 | ((b === 0xf0 ? 0x90 : 0x80) << 8) | ((b === 0xf4 ? 0x8f : 0xbf) << 16);
  return 0;
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

function isShared(bytes: Uint8Array): boolean {
  return typeof SharedArrayBuffer === 'function' && bytes.buffer instanceof SharedArrayBuffer;
}
