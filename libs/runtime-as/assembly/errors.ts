// Error codes of the guest runtime.
//
// The runtime never traps on bad input or on a full buffer: a Writer records
// the first failure in `Writer.error` and `Writer.result()` returns
// `-error`. Guest exports that produce a message follow one convention so the
// host can tell a length from a failure (see docs/assemblyscript.md):
//
//   return writer.result();   // >= 0: message length in bytes; < 0: -(ERR_* code)
//
// The codes are part of the host <-> guest ABI: never renumber them. The
// first two match the host writer's KarmemWriteError codes (libs/runtime-ts):
// 1 is 'OUT_OF_SPACE', 2 is 'TOO_LARGE'.

/** No error. */
export const ERR_NONE: i32 = 0;
/** A fixed region (`Writer.fixed`) has no room left for the next allocation. */
export const ERR_OUT_OF_SPACE: i32 = 1;
/** The message would grow past `MAX_MESSAGE_SIZE` (2^31 - 1 bytes). */
export const ERR_TOO_LARGE: i32 = 2;
/** A growable writer's buffer cannot grow further (AssemblyScript heap block limit). */
export const ERR_OUT_OF_MEMORY: i32 = 3;

/**
 * An object-API decode stopped: slices through which a struct reaches itself
 * nest deeper than 64 (docs/format.md, "Limits"). The generated module's
 * `decodeStatus()` gives it; as a guest export's result, `-ERR_DECODE_DEPTH`.
 */
export const ERR_DECODE_DEPTH: i32 = 4;
/** An object-API decode stopped: it would spend more than its budget (docs/format.md, "Limits"). */
export const ERR_DECODE_BUDGET: i32 = 5;

/**
 * An object-API encode refused a value that does not fit its field: a
 * `[<N]T` slice or a fixed `[N]T` array given more than N elements, a
 * `[<N]char` string of more than N bytes of UTF-8. Nothing is written from
 * there on; as a guest export's result, `-ERR_VALUE_TOO_LONG`.
 */
export const ERR_VALUE_TOO_LONG: i32 = 6;

/** Largest message, in bytes, a Writer produces: offsets are u32, the format caps messages at 2^31 - 1. */
export const MAX_MESSAGE_SIZE: u32 = 0x7FFF_FFFF;

/** Returned by `Writer.alloc` (and helpers built on it) when nothing was allocated. */
export const ALLOC_FAILED: u32 = u32.MAX_VALUE;

/** A short English description of an error code (for logs; allocates a string). */
export function errorMessage(code: i32): string {
  if (code < 0) code = -code;
  switch (code) {
    case ERR_NONE: return "ok";
    case ERR_OUT_OF_SPACE: return "karmem: the fixed output region is full";
    case ERR_TOO_LARGE: return "karmem: message larger than 2^31 - 1 bytes";
    case ERR_OUT_OF_MEMORY: return "karmem: the writer's buffer cannot grow";
    case ERR_DECODE_DEPTH: return "karmem: slices through which a struct reaches itself nest deeper than 64";
    case ERR_DECODE_BUDGET: return "karmem: decoding needs more than its budget";
    case ERR_VALUE_TOO_LONG: return "karmem: a value is longer than its field holds";
    default: return "karmem: unknown error";
  }
}
