/**
 * @karmem-ts/linker/worker: runs a guest in a worker thread with a time
 * limit, so that a runaway guest is stopped, not the host. The only part of
 * the linker that uses a Node-only API (node:worker_threads).
 *
 *   import { inWorker } from '@karmem-ts/linker/worker';
 *   await link({ schema, modules: { engine: { source, runner: inWorker({ timeoutMs: 200 }) } } });
 *
 * Calls stay synchronous: the main thread writes the argument into a shared
 * data area and waits (Atomics.wait) for the worker's answer, serving the
 * guest's imports meanwhile. Past the time limit the worker is terminated,
 * a fresh one started, and the call throws TimeoutError. A message crosses
 * with one copy each way (between the data area and the guest's memory).
 */
import { Worker } from 'node:worker_threads';
import { Reader, Writer } from '@karmem-ts/runtime';
import type { CallerSide, Endpoint } from '../endpoint';
import { GuestTrapError, LinkError, MemoryCapError, ReentrancyError, TimeoutError } from '../errors';
import type { Runner, RunnerSetup } from '../link';
import { CTL, DATA_MAX_PAGES, KIND, TURN_MAIN, TURN_WORKER } from './protocol';
import { WORKER_SOURCE } from './worker-source';

const PAGE = 65536;

/** `Atomics.waitAsync` (Node 16+; in the ES2024 lib, which this project's TypeScript settings predate). */
const waitAsync = (Atomics as unknown as {
  waitAsync(array: Int32Array, index: number, value: number, timeout: number): { async: boolean; value: Promise<string> | string };
}).waitAsync;

export interface WorkerOptions {
  /** Longest a call may run, in milliseconds (imports it makes included). Default 1000. */
  readonly timeoutMs?: number;
  /** Longest a (re)start of the worker may take. Default 10000. */
  readonly startTimeoutMs?: number;
}

/** A runner that hosts each guest in its own worker thread. */
export function inWorker(options: WorkerOptions = {}): Runner {
  const timeoutMs = options.timeoutMs ?? 1000;
  const startTimeoutMs = options.startTimeoutMs ?? 10_000;
  if (!(timeoutMs > 0)) throw new RangeError(`karmem: timeoutMs must be positive, not ${timeoutMs}`);
  return {
    kind: 'worker',
    create: (setup) => new WorkerGuest(setup, timeoutMs, startTimeoutMs),
  };
}

/** A guest in a worker thread, seen from the main thread. */
export class WorkerGuest implements Endpoint, CallerSide {
  readonly name: string;
  readonly functionNames: readonly string[];
  busy = false;
  calls = 0;
  resets = 0;
  /** Workers started (1 + restarts after timeouts). */
  starts = 0;
  argU8: Uint8Array = new Uint8Array(0);
  readonly argOffset = 0;
  resultU8: Uint8Array = new Uint8Array(0);
  readonly resultPtr = 0;

  private worker: Worker | undefined;
  private ctl = new Int32Array(new SharedArrayBuffer(CTL.SIZE * 4));
  private data!: WebAssembly.Memory;
  private u8 = new Uint8Array(0);
  private argW: Writer | undefined;
  private answerW: Writer | undefined;
  private answerAt = 0;
  private readonly reader = new Reader();
  private broken: Error | undefined;

  constructor(
    readonly setup: RunnerSetup,
    readonly timeoutMs: number,
    readonly startTimeoutMs: number,
  ) {
    this.name = setup.name;
    this.functionNames = setup.functionNames;
  }

  /** Starts the worker; resolves when the guest is instantiated. */
  async start(): Promise<void> {
    this.spawn();
    const deadline = Date.now() + this.startTimeoutMs;
    while (Atomics.load(this.ctl, CTL.STATE) !== TURN_MAIN) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) break;
      const wait = waitAsync(this.ctl, CTL.STATE, TURN_WORKER, remaining);
      if (wait.async) await wait.value;
    }
    this.afterStart();
    if (this.broken) {
      await this.close();
      throw new LinkError([{ module: this.name, problem: `could not start in a worker: ${this.broken.message}` }]);
    }
  }

  // ---- Endpoint ----

  argWriter(min: number): Writer {
    const u8 = this.bytesFor(min);
    let w = this.argW;
    if (w === undefined || w.capacity < min) {
      w = Writer.over(u8.buffer, 0, u8.byteLength);
      this.argW = w;
    } else if (w.buffer !== u8.buffer) {
      w = Writer.over(u8.buffer, 0, u8.byteLength);
      this.argW = w;
    }
    this.argU8 = u8;
    w.reset();
    return w;
  }

  invoke(index: number, len: number): number {
    const fn = this.functionNames[index];
    if (this.broken) throw new GuestTrapError(this.name, fn, `the worker could not be restarted: ${this.broken.message}`);
    if (this.busy) throw new ReentrancyError(this.name, fn);
    this.busy = true;
    this.calls++;
    const ctl = this.ctl;
    Atomics.store(ctl, CTL.A, index);
    Atomics.store(ctl, CTL.B, len);
    this.hand(KIND.CALL);
    const deadline = performance.now() + this.timeoutMs;
    for (;;) {
      const remaining = deadline - performance.now();
      if (remaining > 0) Atomics.wait(ctl, CTL.STATE, TURN_WORKER, remaining);
      if (Atomics.load(ctl, CTL.STATE) === TURN_WORKER) {
        // Still running past the limit: stop it and start a fresh one.
        this.busy = false;
        this.restart();
        throw new TimeoutError(this.name, fn, this.timeoutMs);
      }
      const kind = Atomics.load(ctl, CTL.KIND);
      if (kind === KIND.DONE) {
        this.busy = false;
        const status = Atomics.load(ctl, CTL.A);
        if (status > 0) this.resultU8 = this.bytesFor(status);
        return status;
      }
      if (kind === KIND.IMPORT) {
        const importIndex = Atomics.load(ctl, CTL.A);
        const argLen = Atomics.load(ctl, CTL.B);
        this.answerAt = (argLen + 15) & ~15;
        this.answerW = undefined;
        const status = this.setup.serveImport(importIndex, this, 0, argLen);
        Atomics.store(ctl, CTL.A, status);
        this.hand(KIND.IMPORT_REPLY);
        continue;
      }
      this.busy = false;
      const report = this.readReport();
      this.resets++;
      if (report.restartFailed) this.broken = new Error(report.restartFailed);
      if (kind === KIND.TRAP && report.kind === 'memcap') {
        throw new MemoryCapError(this.name, fn, report.limit ?? 0, report.used ?? 0, report.requested ?? 0);
      }
      throw new GuestTrapError(this.name, fn, report.reason ?? 'the worker failed');
    }
  }

  resultReader(len: number): Reader {
    return this.reader.resetAt(this.data.buffer, 0, len);
  }

  reset(): void {
    if (this.busy) throw new ReentrancyError(this.name, undefined);
    this.resets++;
    this.hand(KIND.RESET);
    this.awaitStart();
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    if (worker) await worker.terminate();
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

  // ---- internals ----

  private spawn(): void {
    this.ctl = new Int32Array(new SharedArrayBuffer(CTL.SIZE * 4));
    Atomics.store(this.ctl, CTL.STATE, TURN_WORKER);
    this.data = new WebAssembly.Memory({ initial: 16, maximum: DATA_MAX_PAGES, shared: true });
    this.u8 = new Uint8Array(this.data.buffer);
    this.argW = this.answerW = undefined;
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        name: this.name,
        ctl: this.ctl.buffer,
        data: this.data,
        module: this.setup.module,
        functionExports: this.setup.functionExports,
        interfaceImports: this.setup.interfaceImports,
        importedMemoryPages: this.setup.importedMemoryPages,
        memoryLimit: this.setup.memoryLimit,
      },
    });
    worker.on('message', (message: { log?: string }) => {
      if (message.log !== undefined) this.setup.log(message.log);
    });
    worker.on('error', () => {
      // Reported through the channel (START_FAILED, TRAP) or by a timeout.
    });
    // Referenced while it starts (a pending Atomics.waitAsync does not keep
    // Node's event loop alive); unreferenced once ready, so that an idle
    // worker never keeps the process alive.
    this.worker = worker;
    this.starts++;
  }

  /** Waits (blocking) for the worker to be ready after a start or reset. */
  private awaitStart(): void {
    const deadline = performance.now() + this.startTimeoutMs;
    while (Atomics.load(this.ctl, CTL.STATE) !== TURN_MAIN) {
      const remaining = deadline - performance.now();
      if (remaining <= 0) break;
      Atomics.wait(this.ctl, CTL.STATE, TURN_WORKER, remaining);
    }
    this.afterStart();
  }

  private afterStart(): void {
    if (Atomics.load(this.ctl, CTL.STATE) !== TURN_MAIN) {
      this.broken = new Error(`the worker did not start within ${this.startTimeoutMs} ms`);
      return;
    }
    const kind = Atomics.load(this.ctl, CTL.KIND);
    if (kind === KIND.READY) {
      this.broken = undefined;
      this.worker?.unref();
      return;
    }
    this.broken = new Error(this.readReport().reason ?? 'the worker failed to start');
  }

  private restart(): void {
    const old = this.worker;
    this.worker = undefined;
    void old?.terminate();
    this.resets++;
    this.spawn();
    this.awaitStart();
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

  private readReport(): { kind?: string; reason?: string; limit?: number; used?: number; requested?: number; restartFailed?: string } {
    const len = Atomics.load(this.ctl, CTL.B);
    const text = new TextDecoder().decode(this.bytesFor(len).slice(0, len));
    try {
      return JSON.parse(text);
    } catch {
      return { reason: text };
    }
  }
}
