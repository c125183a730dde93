/**
 * The calling thread's half of a guest that runs in a worker, over the
 * channel of ./protocol.ts. Calls stay synchronous: the argument is written
 * into the shared data area and the thread waits (Atomics.wait) for the
 * worker's answer, serving the guest's imports meanwhile; past the time limit
 * the call throws TimeoutError and the worker is replaced.
 *
 * Shared by the Node runner (./index.ts, worker_threads) and the browser
 * runner (../browser, Web Workers), which add how a worker is started,
 * stopped and replaced. Uses no host API but Atomics and WebAssembly.
 */
import { Reader, Writer } from '@karmem-ts/runtime';
import type { CallerSide, Endpoint } from '../endpoint';
import { checkRegion, notAStatus, outside } from '../boundary';
import { STATUS } from '../abi';
import { ClosedError, FuelExhaustedError, GuestProtocolError, GuestTrapError, KarmemLinkerError, LinkError, MemoryCapError, ReentrancyError, type ResetOutcome, TimeoutError, describe } from '../errors';
import { UNLIMITED } from '../fuel';
import type { RunnerSetup } from '../options';
import { CTL, DATA_MAX_PAGES, KIND, TURN_MAIN, TURN_WORKER } from './protocol';

const PAGE = 65536;

/** `Atomics.waitAsync` (Node 16+, Chromium 87+; in the ES2024 lib, which this project's TypeScript settings predate). */
const waitAsync = (Atomics as unknown as {
  waitAsync(array: Int32Array, index: number, value: number, timeout: number): { async: boolean; value: Promise<string> | string };
}).waitAsync;

/** What the guest side needs to start (./guest-source.ts reads it; it crosses to the worker by structured clone). */
export interface GuestInit {
  readonly name: string;
  readonly ctl: SharedArrayBuffer;
  readonly data: WebAssembly.Memory;
  readonly module: WebAssembly.Module;
  readonly functionExports: readonly string[];
  readonly interfaceImports: readonly { readonly module: string; readonly name: string }[];
  readonly importedMemoryPages: number;
  readonly memoryLimit: number;
  /** Fuel units per call (UNLIMITED: once per start), or null when the module is not metered (../fuel.ts). */
  readonly fuel: bigint | null;
  readonly fuelPerCall: boolean;
}

/** One worker's channel: its control block and its data area. */
export class Channel {
  readonly ctl = new Int32Array(new SharedArrayBuffer(CTL.SIZE * 4));
  readonly data = new WebAssembly.Memory({ initial: 16, maximum: DATA_MAX_PAGES, shared: true });

  constructor() {
    Atomics.store(this.ctl, CTL.STATE, TURN_WORKER);
  }

  init(setup: RunnerSetup): GuestInit {
    return {
      name: setup.name,
      ctl: this.ctl.buffer as SharedArrayBuffer,
      data: this.data,
      module: setup.module,
      functionExports: setup.functionExports,
      interfaceImports: setup.interfaceImports,
      importedMemoryPages: setup.importedMemoryPages,
      memoryLimit: setup.memoryLimit,
      fuel: setup.fuel === undefined ? null : Number.isFinite(setup.fuel) ? BigInt(setup.fuel) : UNLIMITED,
      fuelPerCall: setup.fuel !== undefined && Number.isFinite(setup.fuel),
    };
  }

  /** The worker has had its say (ready, or failed to start): its turn is over. */
  get answered(): boolean {
    return Atomics.load(this.ctl, CTL.STATE) === TURN_MAIN;
  }

  /** The worker's code is running (it may still be instantiating the guest). */
  get alive(): boolean {
    return Atomics.load(this.ctl, CTL.ALIVE) === 1;
  }

  /** Waits without blocking the thread until the worker has answered or `deadline` (performance.now()) passes. */
  async answer(deadline: number): Promise<void> {
    while (!this.answered) {
      const remaining = deadline - performance.now();
      if (remaining <= 0) return;
      const wait = waitAsync(this.ctl, CTL.STATE, TURN_WORKER, remaining);
      if (wait.async) await wait.value;
    }
  }
}

/** A guest in a worker, seen from the thread that calls it. */
export abstract class ChannelGuest implements Endpoint, CallerSide {
  readonly name: string;
  readonly functionNames: readonly string[];
  busy = false;
  calls = 0;
  resets = 0;
  /** Workers started (the first ones, then one per timeout). */
  starts = 0;
  argU8: Uint8Array = new Uint8Array(0);
  /** Where the next argument goes in the data area: after the last answer, which stays readable meanwhile. */
  argOffset = 0;
  /** The last call's answer, at the start of the data area (0: none, or its call has been followed by another). */
  private answerLength = 0;
  resultU8: Uint8Array = new Uint8Array(0);
  readonly resultPtr = 0;

  /** The channel of the worker that runs the guest now. */
  protected channel!: Channel;
  protected broken: Error | undefined;
  /** close() was called: calls and resets throw ClosedError, no worker is started again. */
  protected closed = false;
  /** The guest broke the ABI while asking for an import: its call ends with this error. */
  private poisoned: KarmemLinkerError | undefined;
  private ctl!: Int32Array;
  private data!: WebAssembly.Memory;
  private u8 = new Uint8Array(0);
  private argW: Writer | undefined;
  private answerW: Writer | undefined;
  private answerAt = 0;
  private readonly reader = new Reader();

  constructor(
    readonly setup: RunnerSetup,
    readonly timeoutMs: number,
    readonly startTimeoutMs: number,
  ) {
    this.name = setup.name;
    this.functionNames = setup.functionNames;
  }

  /** Starts the worker(s); resolves when the guest is instantiated. */
  abstract start(): Promise<void>;
  abstract close(): Promise<void>;

  /**
   * After a timeout (the running worker is stuck in the guest): stop that
   * worker and put a fresh one in its place (`use`), ready or broken
   * (`afterStart`) when this returns.
   */
  protected abstract replaceAfterTimeout(): void;

  /** Called when the current worker reports that the guest is ready. */
  protected onReady(): void {}

  /** Why the current worker has not started (it did not answer in time). */
  protected notStarted(): string {
    return `the worker did not start within ${this.startTimeoutMs} ms`;
  }

  /** Makes `channel` the current one. */
  protected use(channel: Channel): void {
    this.channel = channel;
    this.ctl = channel.ctl;
    this.data = channel.data;
    this.u8 = new Uint8Array(channel.data.buffer);
    this.argW = this.answerW = undefined;
    this.answerLength = 0;
  }

  /** The end of `start()`: waits for the current worker, then throws a LinkError if it failed. */
  protected async finishStart(where: string, also: readonly Channel[] = []): Promise<void> {
    const deadline = performance.now() + this.startTimeoutMs;
    for (const channel of [this.channel, ...also]) await channel.answer(deadline);
    this.afterStart();
    if (this.broken) {
      await this.close();
      throw new LinkError([{ module: this.name, problem: `could not start in ${where}: ${this.broken.message}` }]);
    }
  }

  // ---- Endpoint ----

  argWriter(min: number): Writer {
    // The last answer stays whole while the next argument is written: that argument may be read from it
    // (`world = step(world)`, with viewers), so it goes after it.
    const at = this.nextArgAt();
    const u8 = this.bytesFor(at + min);
    let w = this.argW;
    if (w === undefined || this.argOffset !== at || w.capacity < min || w.buffer !== u8.buffer) {
      w = Writer.over(u8.buffer, at, u8.byteLength - at);
      this.argW = w;
      this.argOffset = at;
    }
    this.argU8 = u8;
    w.reset();
    return w;
  }

  private nextArgAt(): number {
    return (this.answerLength + 15) & ~15;
  }

  /** The data area after the last answer, as last seen (it only grows; a larger one is seen at the next `argWriter`). */
  get argCapacity(): number {
    return Math.max(0, this.u8.length - this.nextArgAt());
  }

  invoke(index: number, len: number): number {
    const fn = this.functionNames[index];
    if (this.closed) throw new ClosedError(this.name, fn);
    if (this.broken) throw new GuestTrapError(this.name, fn, `the worker could not be restarted: ${this.broken.message}`, { resetFailed: this.broken.message });
    if (this.busy) throw new ReentrancyError(this.name, fn);
    this.busy = true;
    this.calls++;
    this.answerLength = 0; // the last answer is read no more: this call's answer replaces it
    const ctl = this.ctl;
    Atomics.store(ctl, CTL.A, index);
    Atomics.store(ctl, CTL.B, len);
    Atomics.store(ctl, CTL.C, this.argOffset);
    this.hand(KIND.CALL);
    const deadline = performance.now() + this.timeoutMs;
    for (;;) {
      const remaining = deadline - performance.now();
      if (remaining > 0) Atomics.wait(ctl, CTL.STATE, TURN_WORKER, remaining);
      if (Atomics.load(ctl, CTL.STATE) === TURN_WORKER) {
        // Still running past the limit: stop it and start a fresh one.
        this.busy = false;
        this.resets++;
        this.replaceAfterTimeout();
        throw new TimeoutError(this.name, fn, this.timeoutMs);
      }
      const kind = Atomics.load(ctl, CTL.KIND);
      if (kind === KIND.DONE) {
        this.busy = false;
        const status = Atomics.load(ctl, CTL.A);
        if (this.poisoned) throw this.restartAfter(this.poisoned, fn);
        if (status > 0) {
          // The guest side checked the answer against the guest's memory; the data area holds it.
          checkRegion(this.name, fn, 'its answer', 0, status, this.data.buffer.byteLength);
          this.resultU8 = this.bytesFor(status);
          this.answerLength = status;
        }
        return status;
      }
      if (kind === KIND.IMPORT) {
        const importIndex = Atomics.load(ctl, CTL.A);
        const argLen = Atomics.load(ctl, CTL.B) >>> 0;
        let status: number;
        try {
          checkRegion(this.name, fn, 'the argument it passed to an import', 0, argLen, this.data.buffer.byteLength);
          this.answerAt = (argLen + 15) & ~15;
          this.answerW = undefined;
          status = this.setup.serveImport(importIndex, this, 0, argLen);
        } catch (error) {
          // The worker waits for a reply whatever happened here: it gets a failure status, and the call
          // ends with the error once the guest has returned (the module restarted, as a trap in-thread).
          this.fail(error instanceof KarmemLinkerError ? error : new GuestTrapError(this.name, fn, `serving one of its imports threw: ${describe(error)}`, { cause: error }));
          status = -STATUS.CALLEE_FAILED;
        }
        Atomics.store(ctl, CTL.A, status);
        this.hand(KIND.IMPORT_REPLY);
        continue;
      }
      this.busy = false;
      const report = this.readReport();
      this.resets++;
      if (report.restartFailed) this.broken = new Error(report.restartFailed);
      throw reportedError(this.name, fn, kind, report, this.setup.fuel);
    }
  }

  /** Restarts the guest after it broke the ABI during its call; returns `error` naming the function and the outcome. */
  private restartAfter(error: KarmemLinkerError, fn: string | undefined): KarmemLinkerError {
    this.poisoned = undefined;
    let outcome: ResetOutcome = {};
    try {
      this.reset();
    } catch (failure) {
      outcome = { resetFailed: failure instanceof Error ? failure.message : String(failure) };
    }
    return error instanceof GuestProtocolError ? error.during(fn, outcome) : error;
  }

  resultReader(len: number): Reader {
    return this.reader.resetAt(this.data.buffer, 0, len);
  }

  reset(): void {
    if (this.closed) throw new ClosedError(this.name, undefined);
    if (this.busy) throw new ReentrancyError(this.name, undefined);
    this.resets++;
    this.hand(KIND.RESET);
    this.awaitStart();
    if (this.broken) throw new GuestTrapError(this.name, undefined, 'its restart failed', { resetFailed: this.broken.message, cause: this.broken });
  }

  // ---- CallerSide (the guest's imports are served from the data area) ----

  bytes(): Uint8Array {
    return this.bytesFor(0);
  }

  answerRegion(min: number): number {
    this.bytesFor(this.answerAt + min);
    return this.answerAt;
  }

  answerWriter(min: number): Writer {
    const u8 = this.bytesFor(this.answerAt + min);
    let w = this.answerW;
    if (w === undefined || w.buffer !== u8.buffer || w.capacity < min) {
      w = Writer.over(u8.buffer, this.answerAt, u8.byteLength - this.answerAt);
      this.answerW = w;
    }
    w.reset();
    return w;
  }

  publish(address: number): void {
    Atomics.store(this.ctl, CTL.C, address);
  }

  fail(error: KarmemLinkerError): void {
    this.poisoned ??= error;
  }

  // ---- internals ----

  /**
   * Waits (blocking) for the current worker to be ready after a start or
   * reset. Only for a worker whose code runs already or can start while this
   * thread blocks (Node; not a browser Worker just created).
   */
  protected awaitStart(): void {
    const deadline = performance.now() + this.startTimeoutMs;
    while (!this.channel.answered) {
      const remaining = deadline - performance.now();
      if (remaining <= 0) break;
      Atomics.wait(this.ctl, CTL.STATE, TURN_WORKER, remaining);
    }
    this.afterStart();
  }

  /** Takes the current worker's answer to a start or reset: ready, or `broken` says why not. */
  protected afterStart(): void {
    if (!this.channel.answered) {
      this.broken = new Error(this.notStarted());
      return;
    }
    const kind = Atomics.load(this.ctl, CTL.KIND);
    if (kind === KIND.READY) {
      this.broken = undefined;
      this.onReady();
      return;
    }
    this.broken = new Error(this.readReport().reason ?? 'the worker failed to start');
  }

  private hand(kind: number): void {
    const ctl = this.ctl;
    Atomics.store(ctl, CTL.KIND, kind);
    Atomics.store(ctl, CTL.STATE, TURN_WORKER);
    Atomics.notify(ctl, CTL.STATE);
  }

  /** The data area, at least `min` bytes long. */
  private bytesFor(min: number): Uint8Array {
    const data = this.data;
    if (data.buffer.byteLength < min) data.grow(Math.ceil((min - data.buffer.byteLength) / PAGE));
    if (this.u8.buffer !== data.buffer || this.u8.byteLength !== data.buffer.byteLength) this.u8 = new Uint8Array(data.buffer);
    return this.u8;
  }

  private readReport(): GuestReport {
    return readReport(this.ctl, this.bytesFor(Atomics.load(this.ctl, CTL.B)));
  }
}

/** What the guest side reports when a call traps or a start fails (./guest-source.ts, `describe`). */
export interface GuestReport {
  kind?: string;
  reason?: string;
  limit?: number;
  used?: number;
  requested?: number;
  restartFailed?: string;
  what?: string;
  ptr?: number;
  len?: number;
  size?: number;
  status?: string;
}

/** Reads the report the guest side left in the data area (`data`, at least CTL.B bytes long). */
export function readReport(ctl: Int32Array, data: Uint8Array): GuestReport {
  const len = Atomics.load(ctl, CTL.B);
  const text = new TextDecoder().decode(data.slice(0, len));
  try {
    return JSON.parse(text);
  } catch {
    return { reason: text };
  }
}

/**
 * The typed error for a call of `fn` that ended with `kind` (TRAP...) and
 * `report`: the same error the guest would raise in-thread (./boundary.ts).
 */
export function reportedError(module: string, fn: string | undefined, kind: number, report: GuestReport, fuel: number | undefined): KarmemLinkerError {
  const outcome: ResetOutcome = report.restartFailed ? { resetFailed: report.restartFailed } : {};
  if (kind === KIND.TRAP && report.kind === 'memcap') {
    return new MemoryCapError(module, fn, report.limit ?? 0, report.used ?? 0, report.requested ?? 0, outcome);
  }
  if (kind === KIND.TRAP && report.kind === 'fuel') return new FuelExhaustedError(module, fn, fuel ?? Infinity, outcome);
  if (kind === KIND.TRAP && report.kind === 'protocol') {
    // The guest side found a bad pointer or status: the same error as in-thread (./boundary.ts).
    const error =
      report.what !== undefined
        ? outside(module, fn, report.what, report.ptr ?? 0, report.len ?? 0, report.size ?? 0)
        : report.status !== undefined
          ? notAStatus(module, fn, report.status)
          : new GuestProtocolError(module, fn, report.reason ?? 'broke the ABI');
    return error.during(fn, outcome);
  }
  return new GuestTrapError(module, fn, report.reason ?? 'the worker failed', outcome);
}
