/**
 * The channel between the main thread and a guest's worker: a control block
 * of Int32 words (SharedArrayBuffer, Atomics.wait / notify) and a data area
 * (a shared WebAssembly.Memory, so either side can grow it) where arguments
 * and answers travel. One side runs at a time: STATE says whose turn it is.
 */

/** Control words. */
export const CTL = {
  /** Whose turn: TURN_MAIN or TURN_WORKER. */
  STATE: 0,
  /** What the message is (KIND). */
  KIND: 1,
  /** Function or import index; status. */
  A: 2,
  /** Argument length. */
  B: 3,
  /** Address of an import's answer in the data area; a CALL's argument's (not in place); an in-place call's answer's. */
  C: 4,
  /** Set to 1 by the guest side as soon as its code runs (before instantiating). */
  ALIVE: 5,
  /** In-place mode (a worker pool on a shared guest memory): the guest's argument region, where the calling thread writes. */
  IN_PTR: 6,
  IN_CAP: 7,
  SIZE: 8,
} as const;

export const TURN_MAIN = 0;
export const TURN_WORKER = 1;

export const KIND = {
  // main -> worker
  CALL: 1,
  IMPORT_REPLY: 2,
  RESET: 3,
  /** In-place mode: make the argument region hold at least B bytes (answered DONE, or TRAP). */
  RESERVE: 4,
  // worker -> main
  READY: 10,
  DONE: 11,
  IMPORT: 12,
  TRAP: 13,
  START_FAILED: 14,
} as const;

/** Largest data area, in pages: the largest message (2^31 - 1 bytes) and its answer fit. */
export const DATA_MAX_PAGES = 32768;
