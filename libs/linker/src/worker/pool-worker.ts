/**
 * One thread of a worker pool (./pool.ts), seen from the main thread: a
 * worker running the guest side of ./guest-source.ts over its own channel
 * (./channel.ts: a control block and a data area). Unlike ChannelGuest (the
 * synchronous `inWorker` runner), the main thread never blocks here: it
 * hands a call over with Atomics.notify and learns of the answer with
 * Atomics.waitAsync, so every worker of a pool can run at once. The `*Sync`
 * methods are the blocking twins (Atomics.wait) for a call that must answer
 * synchronously: a guest's import served by the pool (Pool.hostImplementation).
 *
 * Two ways of moving bytes:
 * - in place: the guest imports a shared WebAssembly.Memory this side
 *   creates; the argument is written straight into the guest's argument
 *   region and the answer read where the guest wrote it (no copy);
 * - copy: through the data area, one copy each way on the guest side (as
 *   `inWorker`).
 */
import { Reader, Writer } from '@karmem-ts/runtime';
import { Worker } from 'node:worker_threads';
import { checkRegion, outside } from '../boundary';
import { ClosedError, type GuestProtocolError, type KarmemLinkerError, describe } from '../errors';
import { Channel, type GuestInit, readReport, reportedError } from './channel';
import { CTL, KIND, TURN_WORKER } from './protocol';
import { WORKER_SOURCE } from './worker-source';

const PAGE = 65536;

/** Longest one Atomics.waitAsync of an asynchronous call lasts before the control words are read again. */
const WAIT_SLICE_MS = 50;

/** `Atomics.waitAsync` (Node 16+; in the ES2024 lib, which this project's TypeScript settings predate). */
const waitAsync = (Atomics as unknown as {
  waitAsync(array: Int32Array, index: number, value: number, timeout: number): { async: boolean; value: Promise<string> | string };
}).waitAsync;

/** How a pool's workers get their guest memory. */
export interface PoolMemory {
  /** Arguments and answers in place, in a shared memory per worker. */
  readonly inPlace: boolean;
  /** A shared memory per worker ({initial, maximum} pages), when the guest imports a shared one; undefined otherwise. */
  readonly sharedPages: { readonly initial: number; readonly maximum: number } | undefined;
}

/** The worker ran past its time limit: still running, to be terminated by the pool. */
export class StillRunning {
  constructor(readonly elapsedMs: number) {}
}

/**
 * What an asynchronous exchange resolves with when a synchronous call took
 * its answer over (Pool.hostImplementation, waiting for a busy worker): the
 * answer was handled there, the worker is no longer this call's.
 */
export const TAKEN_OVER = Symbol('taken over');

export class PoolWorker {
  /** Calls answered or failed on this slot (across replacements). */
  calls = 0;
  /** Threads started for this slot (the first, then one per timeout). */
  starts = 0;
  /** Why the current thread could not start (the slot then takes no calls). */
  broken: Error | undefined;
  private worker: Worker | undefined;
  private channel!: Channel;
  private ctl!: Int32Array;
  private memory: WebAssembly.Memory | undefined;
  private dataU8 = new Uint8Array(0);
  private memU8 = new Uint8Array(0);
  private writer: Writer | undefined;
  /** Where `writer` starts in the guest's memory (in place). */
  private writerAt = -1;
  private readonly reader = new Reader();
  private answerAt = 0;
  private closed = false;
  /** Counts hand-overs: an asynchronous exchange whose hand-over is not the last one was taken over. */
  private generation = 0;
  /**
   * The asynchronous call this worker runs, from the hand-over of its CALL
   * until its answer is collected: a synchronous call may collect it
   * (`takeOver`) once the worker has answered. Set and read by the pool.
   */
  calling: { readonly fn: string; readonly len: number; readonly owner: unknown } | undefined;

  constructor(
    readonly index: number,
    private readonly init: Omit<GuestInit, 'ctl' | 'data'>,
    private readonly mode: PoolMemory,
    private readonly fuel: number | undefined,
    private readonly startTimeoutMs: number,
    /** Told +1 when a thread starts, -1 when it has exited. */
    private readonly onThread: (delta: number) => void,
  ) {}

  /** Starts a thread (a fresh one after a timeout) and waits until the guest is ready; `broken` says if not. */
  async start(): Promise<void> {
    const old = this.worker;
    this.worker = undefined;
    if (old) await old.terminate();
    if (this.closed) return;
    const channel = this.spawn();
    await channel.answer(performance.now() + this.startTimeoutMs);
    this.afterStart(channel);
  }

  /**
   * `start`, blocking: for a synchronous call that timed out. The old thread
   * is terminated without waiting for its exit; a Node worker starts while
   * this thread blocks (as `inWorker` restarts).
   */
  startSync(): void {
    const old = this.worker;
    this.worker = undefined;
    if (old) void old.terminate();
    if (this.closed) return;
    const channel = this.spawn();
    const deadline = performance.now() + this.startTimeoutMs;
    for (let remaining = this.startTimeoutMs; !channel.answered && remaining > 0; remaining = deadline - performance.now()) {
      Atomics.wait(channel.ctl, CTL.STATE, TURN_WORKER, remaining);
    }
    this.afterStart(channel);
  }

  private spawn(): Channel {
    const channel = new Channel();
    this.channel = channel;
    this.ctl = channel.ctl;
    this.writer = undefined;
    this.calling = undefined;
    this.generation++; // an exchange still pending on the old channel must not read the new one's words
    const shared = this.mode.sharedPages;
    this.memory = shared ? new WebAssembly.Memory({ initial: shared.initial, maximum: shared.maximum, shared: true }) : undefined;
    const workerData = { ...this.init, ctl: channel.ctl.buffer, data: channel.data, memory: this.memory, inPlace: this.mode.inPlace };
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData });
    worker.on('message', () => {
      // Log lines: the pool has no log (guests it runs are traced by their own means).
    });
    worker.on('error', () => {
      // Reported through the channel (START_FAILED, TRAP) or by a timeout.
    });
    this.onThread(1);
    worker.once('exit', () => this.onThread(-1));
    this.worker = worker;
    this.starts++;
    return channel;
  }

  /** Takes the new thread's answer to its start: ready, or `broken` says why not. */
  private afterStart(channel: Channel): void {
    if (!channel.answered) {
      this.broken = new Error(`the worker did not start within ${this.startTimeoutMs} ms`);
    } else if (Atomics.load(this.ctl, CTL.KIND) === KIND.READY) {
      this.broken = undefined;
    } else {
      this.broken = new Error(readReport(this.ctl, this.data(Atomics.load(this.ctl, CTL.B))).reason ?? 'the worker failed to start');
    }
    if (!this.closed) this.worker?.unref(); // an idle pool never keeps the process alive
  }

  /** A writer over the argument region, holding at least `min` bytes, reset. */
  async argWriter(min: number, fn: string): Promise<Writer> {
    if (this.mode.inPlace && (Atomics.load(this.ctl, CTL.IN_CAP) >>> 0) < min) {
      // The guest reserves a larger region in its own heap: one round trip, then never again for this size.
      Atomics.store(this.ctl, CTL.B, min);
      const status = await this.exchange(KIND.RESERVE, fn, this.startTimeoutMs);
      if (status instanceof StillRunning) throw this.notReserved(min);
    }
    const region = this.argRegion(min, fn);
    if (region instanceof Writer) return region;
    // The guest published a region outside its memory: it broke the ABI, restart it (as in-thread).
    let resetFailed: string | undefined;
    await this.reset(fn).catch((failure: unknown) => (resetFailed = describe(failure)));
    throw region.during(fn, resetFailed === undefined ? {} : { resetFailed });
  }

  /** `argWriter`, blocking. */
  argWriterSync(min: number, fn: string): Writer {
    if (this.mode.inPlace && (Atomics.load(this.ctl, CTL.IN_CAP) >>> 0) < min) {
      Atomics.store(this.ctl, CTL.B, min);
      if (this.exchangeSync(KIND.RESERVE, fn, this.startTimeoutMs) instanceof StillRunning) throw this.notReserved(min);
    }
    const region = this.argRegion(min, fn);
    if (region instanceof Writer) return region;
    let resetFailed: string | undefined;
    try {
      this.resetSync(fn);
    } catch (failure) {
      resetFailed = describe(failure);
    }
    throw region.during(fn, resetFailed === undefined ? {} : { resetFailed });
  }

  private notReserved(min: number): Error {
    return new Error(`karmem: the pool's worker did not reserve ${min} argument bytes within ${this.startTimeoutMs} ms`);
  }

  /** The writer over the argument region (it holds `min` bytes), or the error of a guest that published a region outside its memory. */
  private argRegion(min: number, fn: string): Writer | GuestProtocolError {
    if (!this.mode.inPlace) {
      const u8 = this.data(min);
      let w = this.writer;
      if (w === undefined || w.buffer !== u8.buffer || w.capacity < min || this.writerAt !== 0) {
        w = this.writer = Writer.over(u8.buffer, 0, u8.byteLength);
        this.writerAt = 0;
      }
      w.reset();
      return w;
    }
    const at = Atomics.load(this.ctl, CTL.IN_PTR) >>> 0;
    const cap = Atomics.load(this.ctl, CTL.IN_CAP) >>> 0;
    const u8 = this.guestBytes();
    if (at + cap > u8.byteLength) return outside(this.init.name, fn, 'its argument region (karmem_reserve)', at, cap, u8.byteLength);
    let w = this.writer;
    if (w === undefined || w.buffer !== u8.buffer || w.capacity !== cap || this.writerAt !== at) {
      w = this.writer = Writer.over(u8.buffer, at, cap);
      this.writerAt = at;
    }
    w.reset();
    return w;
  }

  /**
   * Runs function `index` on the `len` bytes written through `argWriter`
   * (for `owner`, the pool's job: `calling` says it while it runs).
   * Resolves with the status, or a StillRunning past `timeoutMs`, or
   * TAKEN_OVER when a synchronous call collected the answer first
   * (`takeOver`); rejects with the typed error of a trap (the guest side has
   * already restarted the instance) or ClosedError.
   */
  async invoke(index: number, len: number, fn: string, timeoutMs: number, owner?: unknown): Promise<number | StillRunning | typeof TAKEN_OVER> {
    Atomics.store(this.ctl, CTL.A, index);
    Atomics.store(this.ctl, CTL.B, len);
    Atomics.store(this.ctl, CTL.C, 0); // the argument's address in the data area (argRegion writes it there)
    const call = { fn, len, owner };
    this.calling = call;
    return this.exchange(KIND.CALL, fn, timeoutMs, call);
  }

  /** `invoke`, blocking. */
  invokeSync(index: number, len: number, fn: string, timeoutMs: number): number | StillRunning {
    Atomics.store(this.ctl, CTL.A, index);
    Atomics.store(this.ctl, CTL.B, len);
    Atomics.store(this.ctl, CTL.C, 0);
    return this.exchangeSync(KIND.CALL, fn, timeoutMs);
  }

  /** The asynchronous call's worker has answered (it is the main thread's turn): `takeOver` would not block. */
  get answered(): boolean {
    return Atomics.load(this.ctl, CTL.STATE) !== TURN_WORKER;
  }

  /** Blocks until this worker answers or `ms` pass. */
  waitAnswer(ms: number): void {
    if (ms > 0) Atomics.wait(this.ctl, CTL.STATE, TURN_WORKER, ms);
  }

  /**
   * Collects the answer of the asynchronous call this worker ran (it has
   * `answered`): its status, or throws its typed error. Its pending
   * `invoke` then resolves with TAKEN_OVER, and the worker is free for the
   * caller of this method.
   */
  takeOver(): number {
    const call = this.calling!;
    this.calling = undefined;
    this.generation++;
    return this.collect(call.fn);
  }

  /** A reader over the answer of the last call (valid until the next call on this worker). */
  answer(status: number, fn: string): Reader {
    if (this.mode.inPlace) {
      const u8 = this.guestBytes();
      checkRegion(this.init.name, fn, 'its answer', this.answerAt, status, u8.byteLength);
      return this.reader.resetAt(u8.buffer, this.answerAt, status);
    }
    const u8 = this.data(status);
    return this.reader.resetAt(u8.buffer, 0, status);
  }

  /** Restarts the guest in its thread (after it broke the ABI); rejects with why it could not. */
  async reset(fn: string): Promise<void> {
    const status = await this.exchange(KIND.RESET, fn, this.startTimeoutMs);
    if (status instanceof StillRunning) throw this.notRestarted();
  }

  /** `reset`, blocking. */
  resetSync(fn: string): void {
    if (this.exchangeSync(KIND.RESET, fn, this.startTimeoutMs) instanceof StillRunning) throw this.notRestarted();
  }

  private notRestarted(): Error {
    return new Error(`its restart did not finish within ${this.startTimeoutMs} ms`);
  }

  /** Terminates the thread (after a timeout, or at close). */
  async stop(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    if (worker) await worker.terminate();
  }

  /** Wakes a pending wait (close() during a call) and stops the thread; no thread is started again. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.ctl) Atomics.notify(this.ctl, CTL.STATE);
    await this.stop();
  }

  /** Keeps the process alive while a call runs (a pending waitAsync does not). */
  hold(on: boolean): void {
    if (on) this.worker?.ref();
    else this.worker?.unref();
  }

  /** Hands the worker `kind`: its turn. Returns the hand-over's generation. */
  private hand(kind: number): number {
    const ctl = this.ctl;
    Atomics.store(ctl, CTL.KIND, kind);
    Atomics.store(ctl, CTL.STATE, TURN_WORKER);
    Atomics.notify(ctl, CTL.STATE);
    return ++this.generation;
  }

  /**
   * Hands the worker `kind` and waits, without blocking, for its answer: the
   * status (A), StillRunning, or TAKEN_OVER when another hand-over followed
   * (a synchronous call collected this answer).
   */
  private async exchange(kind: number, fn: string, timeoutMs: number, call?: PoolWorker['calling']): Promise<number | StillRunning | typeof TAKEN_OVER> {
    const ctl = this.ctl;
    const generation = this.hand(kind);
    const started = performance.now();
    const deadline = started + timeoutMs;
    try {
      for (;;) {
        if (Atomics.load(ctl, CTL.STATE) === TURN_WORKER) {
          const remaining = deadline - performance.now();
          if (remaining > 0 && !this.closed) {
            // In slices: the answer's notify is what wakes this wait; a slice bounds what one
            // lost wake-up could cost (a stall of seconds was seen once under load, not reproduced).
            const wait = waitAsync(ctl, CTL.STATE, TURN_WORKER, Math.min(remaining, WAIT_SLICE_MS));
            if (wait.async) await wait.value;
          }
        }
        if (this.generation !== generation) return TAKEN_OVER;
        if (this.closed) throw new ClosedError(this.init.name, fn);
        if (Atomics.load(ctl, CTL.STATE) === TURN_WORKER) {
          if (performance.now() < deadline) continue;
          return new StillRunning(performance.now() - started);
        }
        return this.collect(fn);
      }
    } finally {
      // Collected, timed out or failed, in the same turn as the control words were read: no synchronous call may take it over any more.
      if (call !== undefined && this.calling === call) this.calling = undefined;
    }
  }

  /** `exchange`, blocking (Atomics.wait): the status (A), or StillRunning. */
  private exchangeSync(kind: number, fn: string, timeoutMs: number): number | StillRunning {
    const ctl = this.ctl;
    this.hand(kind);
    const started = performance.now();
    const deadline = started + timeoutMs;
    for (let remaining = timeoutMs; Atomics.load(ctl, CTL.STATE) === TURN_WORKER; remaining = deadline - performance.now()) {
      if (remaining <= 0) return new StillRunning(performance.now() - started);
      Atomics.wait(ctl, CTL.STATE, TURN_WORKER, remaining);
    }
    return this.collect(fn);
  }

  /** The worker's answer, now that it is the main thread's turn: the status (A), or throws the typed error it reported. */
  private collect(fn: string): number {
    const ctl = this.ctl;
    const answered = Atomics.load(ctl, CTL.KIND);
    if (answered === KIND.DONE) {
      if (this.mode.inPlace) this.answerAt = Atomics.load(ctl, CTL.C) >>> 0;
      return Atomics.load(ctl, CTL.A);
    }
    if (answered === KIND.READY) return 0; // after RESET
    const report = readReport(ctl, this.data(Atomics.load(ctl, CTL.B)));
    if (report.restartFailed) this.broken = new Error(report.restartFailed);
    if (answered === KIND.START_FAILED) throw new Error(report.reason ?? 'the guest failed to restart');
    throw reportedError(this.init.name, fn, answered, report, this.fuel) as KarmemLinkerError;
  }

  /** The data area, at least `min` bytes long. */
  private data(min: number): Uint8Array {
    const data = this.channel.data;
    if (data.buffer.byteLength < min) data.grow(Math.ceil((min - data.buffer.byteLength) / PAGE));
    if (this.dataU8.buffer !== data.buffer || this.dataU8.byteLength !== data.buffer.byteLength) this.dataU8 = new Uint8Array(data.buffer);
    return this.dataU8;
  }

  /** The guest's shared memory as it is now (the guest grows it from its thread). */
  private guestBytes(): Uint8Array {
    const buffer = this.memory!.buffer;
    if (this.memU8.buffer !== buffer || this.memU8.byteLength !== buffer.byteLength) this.memU8 = new Uint8Array(buffer);
    return this.memU8;
  }
}


