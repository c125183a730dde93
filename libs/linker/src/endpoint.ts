/**
 * The two faces a linked module shows the linker: an Endpoint (something
 * the host or another module calls) and a CallerSide (a module whose import
 * is being served). In-thread guests are both; worker guests implement them
 * over a shared channel (./worker).
 */
import type { Reader, Writer } from '@karmem-ts/runtime';
import type { KarmemLinkerError } from './errors';

export interface Endpoint {
  readonly name: string;
  /** `Interface.Function` of each implemented function, by index. */
  readonly functionNames: readonly string[];
  /** True while a call into this module is running. */
  readonly busy: boolean;
  /**
   * Makes the argument region hold at least `min` bytes and returns a writer
   * over it, reset (cached: the same object until the region moves).
   * `argU8` / `argOffset` then locate the region, for copies.
   */
  argWriter(min: number): Writer;
  /**
   * Bytes the argument region holds as it is (0 before it is made). Making
   * it larger may grow the module's memory, detaching the views of its old
   * buffer, so the linker encodes an argument that does not fit elsewhere
   * first.
   */
  readonly argCapacity: number;
  readonly argU8: Uint8Array;
  readonly argOffset: number;
  /**
   * Runs function `index` on the `len` argument bytes at the start of the
   * argument region. Returns the guest's status: the answer's length (>= 0),
   * then in `resultU8` at `resultPtr`, or `-code`. A trap, a timeout or a
   * memory cap is thrown as a typed error, after the module was reset.
   */
  invoke(index: number, len: number): number;
  readonly resultU8: Uint8Array;
  readonly resultPtr: number;
  /** A reader over the answer of the last call (cached). */
  resultReader(len: number): Reader;
  /** Restarts the module: fresh instance, fresh memory (or heap, when shared). */
  reset(): void;
  /** Releases what the module holds (a worker thread...). */
  close(): Promise<void>;
  /** Calls made, resets done. */
  readonly calls: number;
  readonly resets: number;
}

/** The calling side of an import being served. */
export interface CallerSide {
  readonly name: string;
  /** The caller's memory, as it is now (refreshed after growth). */
  bytes(): Uint8Array;
  /**
   * `bytes().buffer`, from a field where the runner keeps it (a typed
   * array's `buffer` is a call into the engine). Optional: without it the
   * linker reads `bytes().buffer`.
   */
  buffer?(): ArrayBufferLike;
  /**
   * Address of a region of at least `min` bytes in the caller's memory for
   * an answer (may grow that memory: call `bytes()` again afterwards).
   */
  answerRegion(min: number): number;
  /** A writer over the answer region, holding at least `min` bytes, reset. */
  answerWriter(min: number): Writer;
  /** Tells the caller where the answer is (frame RET). */
  publish(address: number): void;
  /**
   * The caller broke the ABI while asking (e.g. an argument outside its
   * memory): its call ends with `error` and it is reset once its call has
   * returned (it is on the stack now). Optional for runners written before
   * it: without it the error is only recorded (`linked.faults`, `onFault`)
   * and the caller's import gets CALLEE_FAILED.
   */
  fail?(error: KarmemLinkerError): void;
  /**
   * Calls `refresh` whenever the caller's memory has grown and detached its
   * old buffer while the caller keeps running (in shared memory, another
   * module's growth does), so that a reader over the caller's bytes can be
   * moved to the new buffer. Optional: a runner whose memory growth detaches
   * nothing the host reads may leave it out.
   */
  onMemoryGrowth?(refresh: () => void): void;
}
