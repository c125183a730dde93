/**
 * The one door for guest data. Every pointer, length and status a guest
 * hands the linker (its frame, the regions `karmem_reserve` returns, an
 * export's status and answer, the argument it passes to an import, the
 * layout it reports) is checked here against the memory it lies in, before
 * any byte is read or copied, and converted (u32 addresses, i32 statuses).
 * A bad value is a GuestProtocolError naming the module that gave it and the
 * function; nothing is clamped and nothing reads as a default.
 *
 * The worker runner's guest side (./worker/guest-source.ts, plain JavaScript
 * text) checks the same regions with the same arithmetic and reports the
 * facts (what, ptr, len, size); the calling thread rebuilds the error here
 * with `outside`, so a guest gets the same error in-thread and in a worker.
 */
import { STATUS, statusName } from './abi';
import { GuestProtocolError } from './errors';

/** The frame's size in bytes (four u32, docs/abi.md). */
export const FRAME_BYTES = 16;
/** The linker's status codes: 16-63 (docs/abi.md). A guest may return one only to pass on what the linker gave it. */
export const LINKER_CODES_FIRST = STATUS.CALLEE_TRAPPED;
export const LINKER_CODES_END = STATUS.APPLICATION;

/** The error for `[ptr, ptr + len)` not inside a memory of `size` bytes. */
export function outside(module: string, fn: string | undefined, what: string, ptr: number, len: number, size: number): GuestProtocolError {
  return new GuestProtocolError(module, fn, `${what} [${ptr}, +${len}) lies outside its memory (${size} bytes)`);
}

/**
 * Checks that `[ptr, ptr + len)` lies inside a memory of `size` bytes.
 * `ptr` and `len` are u32 (callers convert with `>>> 0`), so their sum does
 * not wrap in a JavaScript number.
 */
export function checkRegion(module: string, fn: string | undefined, what: string, ptr: number, len: number, size: number): void {
  if (ptr + len > size) throw outside(module, fn, what, ptr, len, size);
}

/** The address `karmem_frame()` returned, checked: 4-byte aligned, 16 bytes inside the memory. */
export function frameAddress(module: string, raw: unknown, size: number): number {
  if (typeof raw !== 'number') throw new GuestProtocolError(module, undefined, `karmem_frame returned a ${typeof raw}, not an i32 address`);
  const at = raw >>> 0;
  if (at % 4 !== 0) throw new GuestProtocolError(module, undefined, `its frame address ${at} (karmem_frame) is not 4-byte aligned`);
  checkRegion(module, undefined, 'its frame (karmem_frame)', at, FRAME_BYTES, size);
  return at;
}

/** The address `karmem_reserve(region, bytes)` returned, checked: `bytes` bytes inside the memory. */
export function reservedRegion(module: string, region: number, bytes: number, raw: unknown, size: number): number {
  if (typeof raw !== 'number') throw new GuestProtocolError(module, undefined, `karmem_reserve(${region}, ${bytes}) returned a ${typeof raw}, not an i32 address`);
  const at = raw >>> 0;
  checkRegion(module, undefined, `the region karmem_reserve(${region}, ${bytes}) returned`, at, bytes, size);
  return at;
}

/**
 * An export's raw status, checked to be an i32. A compiled
 * `WebAssembly.Module`'s export types cannot be read at link time (the
 * engine does not reflect them), so an export of the wrong type is caught
 * here, at its first call.
 */
export function statusValue(module: string, fn: string | undefined, raw: unknown): number {
  if (typeof raw === 'number' && (raw | 0) === raw) return raw;
  throw notAStatus(module, fn, typeof raw === 'number' ? String(raw) : `a ${typeof raw}`);
}

/** The error for an export that returned `shown` (`1.5`, `a bigint`) where an i32 status belongs. */
export function notAStatus(module: string, fn: string | undefined, shown: string): GuestProtocolError {
  return new GuestProtocolError(
    module,
    fn,
    `returned ${shown}, not an i32 status: the export has the wrong type (the types of a compiled WebAssembly.Module's exports are checked at link time only when the linker is given its bytes)`,
  );
}

/** The bit that records "the linker returned `-code` to this module during its call", or 0 outside 16-47. */
export function linkerCodeBit(code: number): number {
  return code >= LINKER_CODES_FIRST && code < LINKER_CODES_FIRST + 32 ? 1 << (code - LINKER_CODES_FIRST) : 0;
}

/**
 * A status a guest returned, checked against impersonation: a code in the
 * linker's range (16-63) is accepted only when the linker returned it to
 * this module during this call (bit set in `given`, see `linkerCodeBit`):
 * the guest is passing its callee's failure on.
 */
export function checkStatusCode(module: string, fn: string | undefined, status: number, given: number): void {
  if (status >= 0) return;
  const code = -status;
  if (code < LINKER_CODES_FIRST || code >= LINKER_CODES_END) return;
  if ((given & linkerCodeBit(code)) !== 0) return;
  throw new GuestProtocolError(module, fn, `returned status -${code} (${statusName(code)}), a code only the linker gives, and no import of this call failed with it`);
}

/** A function with a result answered nothing (status 0): there is no message to read. */
export function emptyAnswer(module: string, fn: string | undefined, result: string): GuestProtocolError {
  return new GuestProtocolError(module, fn, `answered nothing (status 0), but the function answers a ${result}`);
}

/** The static data range a guest reports in its frame, checked: `memoryBase <= heapBase <= size`. */
export function checkLayout(module: string, memoryBase: number, heapBase: number, size: number): void {
  if (memoryBase > heapBase || heapBase > size) {
    throw new GuestProtocolError(module, undefined, `its frame reports static data [${memoryBase}, ${heapBase}), which is not a range inside its memory (${size} bytes)`);
  }
}

/** Where instantiation writes a module's static data: the extent of its active data segments, read from its bytes. */
export interface DataExtent {
  readonly start: number;
  readonly end: number;
}

/**
 * A shared-memory guest's static range, checked against what the linker
 * knows instead of trusted: its frame (which the host writes into) and,
 * when the linker has the module's bytes, the data segments instantiation
 * (and every reset) writes into the shared memory must lie inside the range
 * `[memoryBase, heapBase)` its frame reports. What stays trusted: the part
 * of the range past the data (its stack), which only the guest knows.
 */
export function checkStaticRange(module: string, memoryBase: number, heapBase: number, frame: number, data: DataExtent | undefined): void {
  if (frame < memoryBase || frame + FRAME_BYTES > heapBase) {
    throw new GuestProtocolError(module, undefined, `its frame [${frame}, +${FRAME_BYTES}) lies outside the static data [${memoryBase}, ${heapBase}) its frame reports`);
  }
  if (data !== undefined && (data.start < memoryBase || data.end > heapBase)) {
    throw new GuestProtocolError(module, undefined, `its data segments [${data.start}, ${data.end}) (read from its bytes) lie outside the static data [${memoryBase}, ${heapBase}) its frame reports`);
  }
}
