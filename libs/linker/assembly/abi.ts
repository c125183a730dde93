// The guest half of the karmem host <-> guest ABI, version 1 (docs/abi.md).
//
// A guest entry file re-exports the three ABI functions:
//
//   export { karmem_abi_version, karmem_frame, karmem_reserve } from "@karmem-ts/linker/assembly";
//
// and exports one function per interface function it implements, named
// `<Interface>_<Function>`, of type (argPtr: usize, argLen: u32) => i32.
// Generated glue (libs/codegen-glue) writes all of this; the helpers below
// are what it (or a hand-written guest) calls.

import { Reader, Writer } from "@karmem-ts/runtime-as/assembly";

/** Version of the ABI this file implements. The host refuses other versions. */
export const ABI_VERSION: i32 = 1;

// The frame: 16 bytes the host and the guest both read and write.
/** Address of the result of the export call that just returned (written by the guest). */
export const FRAME_OUT: usize = 0;
/** Address of the result of the import call that just returned (written by the host). */
export const FRAME_RET: usize = 4;
/** First byte of the module's static data (`--memoryBase`). */
export const FRAME_MEMORY_BASE: usize = 8;
/** First byte after the module's static data and stack: where its heap may start. */
export const FRAME_HEAP_BASE: usize = 12;
export const FRAME_SIZE: usize = 16;

/** Region ids of `karmem_reserve`. */
export const REGION_IN: i32 = 0;
export const REGION_RET: i32 = 1;

// Status codes. A call returns a length (>= 0) or `-code`. Codes 1-15 belong
// to runtime-as (errors.ts: 1 OUT_OF_SPACE, 2 TOO_LARGE, 3 OUT_OF_MEMORY);
// 16-63 to the linker; 64 and up to applications (`fail`). Never renumbered.
/** The callee trapped (it was reset by the host). */
export const ERR_CALLEE_TRAPPED: i32 = 16;
/** The callee returned an error status, or the host implementation threw. */
export const ERR_CALLEE_FAILED: i32 = 17;
/** The callee is already running (a call cycle): refused. */
export const ERR_REENTRANT: i32 = 18;
/** The callee ran past its time limit (worker mode) and was stopped. */
export const ERR_TIMEOUT: i32 = 19;
/** The callee (or copying its answer) hit a memory cap. */
export const ERR_MEMORY_CAP: i32 = 20;
/** First application-defined code. */
export const ERR_APPLICATION: i32 = 64;

const FRAME: usize = memory.data(<i32>FRAME_SIZE, 16);

let inPtr: usize = 0;
let inCap: u32 = 0;
let retPtr: usize = 0;
let retCap: u32 = 0;

/** ABI export: the version this guest speaks. */
export function karmem_abi_version(): i32 {
  return ABI_VERSION;
}

/** ABI export: the frame's address (and fills in the static layout). */
export function karmem_frame(): usize {
  store<u32>(FRAME + FRAME_MEMORY_BASE, <u32>ASC_MEMORY_BASE);
  store<u32>(FRAME + FRAME_HEAP_BASE, <u32>__heap_base);
  return FRAME;
}

/**
 * ABI export: a region of at least `size` bytes in this guest's heap, for the
 * host to write into: REGION_IN for the arguments of calls into this guest
 * (copy mode), REGION_RET for the answers of this guest's imports (copy
 * mode). The same region is returned until a larger one is asked for.
 */
export function karmem_reserve(region: i32, size: u32): usize {
  if (region == REGION_IN) {
    if (size > inCap || inPtr == 0) {
      if (inPtr != 0) heap.free(inPtr);
      inCap = max<u32>(size, 256);
      inPtr = heap.alloc(<usize>inCap);
    }
    return inPtr;
  }
  if (region == REGION_RET) {
    if (size > retCap || retPtr == 0) {
      if (retPtr != 0) heap.free(retPtr);
      retCap = max<u32>(size, 256);
      retPtr = heap.alloc(<usize>retCap);
    }
    return retPtr;
  }
  return 0;
}

// ---- Exports: what generated glue calls around the user's function. ----

const argReader = new Reader(0, 0);
const resultWriter = Writer.growable(1024);
let failure: i32 = 0;

/** A reader over the argument of the export being called, in place. */
export function argument(ptr: usize, len: u32): Reader {
  failure = 0;
  return argReader.reset(ptr, len);
}

/** The writer for the answer of the export being called: empty, reused across calls. */
export function result(): Writer {
  resultWriter.reset();
  return resultWriter;
}

/**
 * Marks the current call as failed with an application code (>= 64): the
 * export returns `-code` and the host raises a GuestError with that code.
 */
export function fail(code: i32): void {
  failure = code < ERR_APPLICATION ? ERR_APPLICATION : code;
}

/** What an export with an answer returns: publishes the answer's address, returns its length or `-code`. */
export function finish(w: Writer): i32 {
  if (failure != 0) return -failure;
  store<u32>(FRAME + FRAME_OUT, <u32>w.ptr);
  return w.result();
}

/** What an export without an answer returns: 0, or `-code`. */
export function finishEmpty(): i32 {
  if (failure != 0) return -failure;
  store<u32>(FRAME + FRAME_OUT, 0);
  return 0;
}

// ---- Imports: calling out to the host or another module. ----

const callWriter = Writer.growable(1024);
const importReader = new Reader(0, 0);
let lastStatus: i32 = 0;

/**
 * The writer for the argument of the next import call: empty, reused. Write
 * one message into it, then pass it to the generated import wrapper.
 */
export function argumentWriter(): Writer {
  callWriter.reset();
  return callWriter;
}

/** The argument writer as it is (not reset): what the next import call sends. */
export function pendingArgument(): Writer {
  return callWriter;
}

/**
 * The low-level form of `importAnswer` / `importChecked`, for hand-written
 * guests: a reader over the answer, in place (in this guest's memory, or in
 * the callee's when they share one), valid until the next import call.
 * Empty when the call failed or has no answer; see `lastCallStatus`. After a
 * failed plain (`karmem:`) import the linker refuses this guest's answer
 * anyway (ImportFailedError), so an empty reader is never read as data.
 */
export function importResult(status: i32): Reader {
  lastStatus = status;
  if (status <= 0) return importReader.reset(0, 0);
  return importReader.reset(<usize>load<u32>(FRAME + FRAME_RET), <u32>status);
}

/**
 * Called by the generated wrappers of plain (`karmem:`) imports with the
 * import's status: the reader of `importResult`, or, when the call failed,
 * an abort with `failure` (e.g. "import Scoring.Score failed"): the guest's
 * call ends there, so a failed call's empty answer is never read as data.
 * The host then gets an ImportFailedError whose cause is the callee's error.
 */
export function importAnswer(status: i32, failure: string): Reader {
  if (status < 0) {
    lastStatus = status;
    abort(failure);
  }
  return importResult(status);
}

/** `importAnswer` for a function without an answer. */
export function importDone(status: i32, failure: string): void {
  lastStatus = status;
  if (status < 0) abort(failure);
}

/**
 * Called by the generated wrappers of checked (`karmem-checked:`) imports:
 * a reader over the answer, or null when the call failed (the status is
 * `lastCallStatus()`). The linker does not end the guest's call for a
 * failure of a checked import: the guest handles it.
 */
export function importChecked(status: i32): Reader | null {
  if (status < 0) {
    lastStatus = status;
    return null;
  }
  return importResult(status);
}

/** `importChecked` for a function without an answer: the status, 0 or `-code`. */
export function importStatus(status: i32): i32 {
  lastStatus = status;
  return status;
}

/** Status of the last import call: its answer's length (>= 0), or `-code` (ERR_*). */
export function lastCallStatus(): i32 {
  return lastStatus;
}

/** Address of the last answer this guest published (for tests and diagnostics). */
export function lastResultAddress(): usize {
  return <usize>load<u32>(FRAME + FRAME_OUT);
}
