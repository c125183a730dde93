/**
 * A worker pool: N instances of one module on N worker threads, calls
 * spread over them, a time limit per call. Calls are asynchronous (a
 * Promise each): the main thread hands a call to an idle worker and learns
 * of its answer with Atomics.waitAsync (./pool-worker.ts), so all N workers
 * run at once. Calls wait in a bounded queue while every worker is busy.
 *
 *   const pool = await linkPool({ schema, module: 'scorer', source, workers: 4, timeoutMs: 200 });
 *   const score = pool.function('Scoring', 'Score');
 *   const total = await score.callWith((w) => encodeX(x, w), (r) => viewCount(r).Value);
 *   await pool.close();
 *
 * The pool also serves a guest's import, synchronously (the guest waits):
 * `link({ ..., host: { Scoring: pool.hostImplementation('Scoring') } })`.
 * The main thread then blocks (Atomics.wait) until a worker answers, as with
 * `inWorker`; see `hostImplementation` for when no worker is idle.
 *
 * docs/linker.md, "Worker pools".
 */
import { KarmemWriteError, type Reader, type Writer, describeValue } from '@karmem-ts/runtime';
import { checkStatusCode, emptyAnswer } from '../boundary';
import { ClosedError, GuestError, GuestProtocolError, GuestTrapError, KarmemLinkerError, LinkError, type LinkProblem, MemoryCapError, TimeoutError, describe } from '../errors';
import { fuelBudget, isMetered } from '../fuel';
import type { ModuleSource } from '../options';
import { compile, prepare } from '../prepare';
import type { FunctionSpec, HostOf, InterfaceSpec, SchemaSpec } from '../spec';
import { type PoolMemory, PoolWorker, StillRunning, TAKEN_OVER } from './pool-worker';

export interface PoolOptions {
  readonly schema: SchemaSpec;
  /** The module of the schema the pool runs. */
  readonly module: string;
  /** Its wasm: bytes, or a compiled module. */
  readonly source: ModuleSource;
  /** Worker threads, each with its own instance (a positive integer). Default 2. */
  readonly workers?: number;
  /** Longest a call may run once a worker took it, in milliseconds. Default 1000. */
  readonly timeoutMs?: number;
  /** Calls that may wait for a worker; past it a call rejects with PoolQueueFullError. Default 1000. */
  readonly maxQueue?: number;
  /**
   * `shared`: arguments and answers in place, in a shared memory per worker
   * (a guest built with `--enable threads --importMemory --sharedMemory
   * --maximumMemory N` and the host-arena allocator). `copy`: one copy each
   * way through the worker's data area. Default: `shared` when the guest
   * imports a shared memory, else `copy`.
   */
  readonly memory?: 'shared' | 'copy';
  /** Cap on each instance's memory, in bytes (a guest that imports its memory: exact; see GuestOptions.memoryLimit). */
  readonly memoryLimit?: number;
  /** Fuel budget per call for a guest built with fuel (see GuestOptions.fuel). */
  readonly fuel?: number;
  /** Longest a worker's (re)start may take. Default 10000. */
  readonly startTimeoutMs?: number;
}

/** Counters of a pool. */
export interface PoolStats {
  /** How bytes move: `shared` (in place, nothing copied) or `copy` (through each worker's data area). */
  readonly mode: 'shared' | 'copy';
  /** Calls taken (queued or running). */
  calls: number;
  /** Calls answered, and calls that failed (any error). */
  answered: number;
  failed: number;
  /** Calls each worker slot ran (answered or failed). */
  readonly perWorker: number[];
  /** Calls stopped at their time limit (each replaced its worker). */
  timeouts: number;
  /** Calls that trapped (the instance was reset in its thread). */
  traps: number;
  /** Instances restarted: after a trap, a broken ABI, or a timeout (a fresh thread). */
  restarts: number;
  /** Bytes copied between a worker's data area and its guest's memory (arguments and answers); 0 in shared mode. */
  bytesCopied: number;
  /** Calls waiting for a worker now, and the most that ever waited. */
  queued: number;
  maxQueued: number;
  /** Worker threads alive now (0 after close()). */
  threads: number;
  /** Calls served synchronously (a guest's import: hostImplementation), and asynchronous answers such a call collected to take their worker. */
  syncCalls: number;
  takenOver: number;
}

/** A call refused because `maxQueue` calls already wait for a worker. */
export class PoolQueueFullError extends KarmemLinkerError {
  override readonly name = 'PoolQueueFullError';
  constructor(
    module: string,
    fn: string,
    readonly maxQueue: number,
  ) {
    super(`karmem: module "${module}", ${fn}: the pool's queue is full (${maxQueue} calls wait for a worker)`, module, fn);
  }
}

/**
 * A synchronous call (a guest's import served by the pool) found no worker
 * it could use: none idle, and none of the busy ones answered within the
 * time limit, or every busy one is in a step only the event loop finishes.
 */
export class PoolBusyError extends KarmemLinkerError {
  override readonly name = 'PoolBusyError';
  constructor(module: string, fn: string, why: string) {
    super(`karmem: module "${module}", ${fn}: no worker of the pool is free for a synchronous call: ${why}`, module, fn);
  }
}

/** A host implementation of an interface (for `link({ host })`): each function answers its argument viewer with the answer's bytes. */
export type PoolHostImplementation = Record<string, (viewer?: unknown) => Uint8Array | undefined>;

interface Job {
  readonly index: number;
  readonly fn: string;
  readonly spec: FunctionSpec;
  readonly write: ((writer: Writer) => void) | undefined;
  readonly read: (reader: Reader) => unknown;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
  settled: boolean;
}

/** Links one module into a pool of worker threads. Rejects with a LinkError naming every problem. */
export async function linkPool(options: PoolOptions): Promise<Pool> {
  const name = options.module;
  const problems: LinkProblem[] = [];
  const workers = options.workers ?? 2;
  const timeoutMs = options.timeoutMs ?? 1000;
  const maxQueue = options.maxQueue ?? 1000;
  const startTimeoutMs = options.startTimeoutMs ?? 10_000;
  const positiveInteger = (what: string, value: number) => {
    if (!(Number.isSafeInteger(value) && value > 0)) problems.push({ module: name, problem: `${what} must be a positive integer, not ${String(value)}` });
  };
  positiveInteger('workers', workers);
  positiveInteger('maxQueue', maxQueue);
  for (const [what, value] of [['timeoutMs', timeoutMs], ['startTimeoutMs', startTimeoutMs]] as const) {
    if (!(typeof value === 'number' && value > 0)) problems.push({ module: name, problem: `${what} must be a positive number of milliseconds, not ${String(value)}` });
  }
  if (options.memory !== undefined && options.memory !== 'shared' && options.memory !== 'copy') {
    problems.push({ module: name, problem: `memory must be 'shared' or 'copy', not ${String(options.memory)}` });
  }
  if (!options.schema.modules[name]) {
    problems.push({ module: name, problem: `not a module of schema "${options.schema.name}" (its modules: ${Object.keys(options.schema.modules).join(', ') || 'none'})` });
    throw new LinkError(problems);
  }
  const guestOptions = { source: options.source, ...(options.memoryLimit !== undefined ? { memoryLimit: options.memoryLimit } : {}) };
  let compiled: Awaited<ReturnType<typeof compile>>;
  try {
    compiled = await compile(guestOptions);
  } catch (error) {
    problems.push({ module: name, problem: `not a valid WebAssembly module: ${describe(error)}` });
    throw new LinkError(problems);
  }
  const p = prepare(name, compiled.module, compiled.info, guestOptions, options.schema, undefined, problems);
  const fuel = fuelBudget(name, isMetered(compiled.module), options.fuel, undefined, problems);
  if (p.interfaceImports.length > 0) {
    const ifaces = [...new Set(p.interfaceImports.map((i) => i.iface))].join(', ');
    problems.push({ module: name, problem: `imports ${ifaces}: a pooled module cannot import interfaces yet (link it with link() and inWorker instead)` });
  }
  const memoryImport = compiled.info?.imports.find((i) => i.kind === 'memory');
  const sharedImport = memoryImport?.limits?.shared === true;
  const mode = options.memory ?? (sharedImport ? 'shared' : 'copy');
  if (mode === 'shared' && compiled.info !== undefined && !sharedImport) {
    problems.push({
      module: name,
      problem: 'memory: shared needs a guest that imports a shared memory: build it with asc --enable threads --importMemory --sharedMemory --maximumMemory N and the host-arena allocator (asbuild --allocator libs/linker/assembly/allocator.ts)',
    });
  }
  if (mode === 'shared' && !p.usesArena && p.importsMemory) {
    problems.push({ module: name, problem: 'memory: shared needs the host-arena allocator: build it with asbuild --allocator libs/linker/assembly/allocator.ts' });
  }
  if (problems.length > 0) throw new LinkError(problems);

  const memoryLimit = options.memoryLimit ?? Infinity;
  // A guest that imports a shared memory gets one per worker, in either mode; its maximum is the module's, under the cap.
  const needsShared = sharedImport || (mode === 'shared' && compiled.info === undefined);
  const declaredMax = memoryImport?.limits?.max ?? 65536;
  const capPages = Number.isFinite(memoryLimit) ? Math.floor(memoryLimit / 65536) : 65536;
  const sharedPages = needsShared ? { initial: p.importedMemoryPages, maximum: Math.min(declaredMax, capPages) } : undefined;
  if (sharedPages && sharedPages.maximum < sharedPages.initial) {
    throw new LinkError([{ module: name, problem: `memoryLimit ${memoryLimit} bytes is below the ${sharedPages.initial} pages its memory starts with` }]);
  }
  const memory: PoolMemory = { inPlace: mode === 'shared', sharedPages };
  const pool = new Pool(options.schema, name, p.functionNames, p.functionSpecs, mode, timeoutMs, maxQueue, workers);
  const init = {
    name,
    module: p.module,
    functionExports: p.functionExports,
    interfaceImports: [],
    importedMemoryPages: p.importsMemory ? p.importedMemoryPages : 0,
    memoryLimit,
    fuel: fuel === undefined ? null : Number.isFinite(fuel) ? BigInt(fuel) : 2n ** 63n - 1n,
    fuelPerCall: fuel !== undefined && Number.isFinite(fuel),
  };
  await pool.start((index, onThread) => new PoolWorker(index, init, memory, fuel, startTimeoutMs, onThread));
  return pool;
}

/** A function of the pooled module, bound: calls resolve with the answer, read while it is in place. */
export class PoolFunction<T = unknown> {
  constructor(
    private readonly pool: Pool,
    readonly index: number,
    readonly spec: FunctionSpec,
    /** `Interface.Function`. */
    readonly qualifiedName: string,
  ) {}

  /** Encodes `arg` with the schema's codec into the worker's argument region; resolves with the answer as plain data. */
  call(arg?: unknown): Promise<T> {
    const param = this.spec.param;
    const result = this.spec.result;
    return this.callWith(
      param === undefined ? undefined : (w) => param.encode(arg, w),
      (r) => (result === undefined ? undefined : result.decode(r)) as T,
    );
  }

  /** Calls with an encoded argument; resolves with the answer's bytes (a copy), or what `read` makes of them in place. */
  callBytes<R = Uint8Array>(message: Uint8Array, read?: (reader: Reader) => R): Promise<R> {
    return this.callWith(
      (w) => {
        w.reset();
        w.appendBytes(message);
      },
      read ?? ((r) => r.bytes(0, r.length).slice() as R),
    );
  }

  /**
   * `write` writes the argument into the worker's argument region (in shared
   * mode: the guest's memory; retried with more room when it runs out);
   * `read` reads the answer where it is, before the worker takes another
   * call. Resolves with what `read` returns.
   */
  callWith<R>(write: ((writer: Writer) => void) | undefined, read: (reader: Reader) => R): Promise<R> {
    // Checked before anything is queued: a bad `read` would otherwise be found only after the guest ran.
    if (write !== undefined && typeof write !== 'function') return Promise.reject(this.notAFunction('write', write));
    if (typeof read !== 'function') return Promise.reject(this.notAFunction('read', read));
    return this.pool.enqueue(this.index, this.qualifiedName, this.spec, write, read) as Promise<R>;
  }

  private notAFunction(what: string, value: unknown): TypeError {
    return new TypeError(`karmem: module "${this.pool.module}", ${this.qualifiedName}: callWith's ${what} is a function, not ${describeValue(value)}`);
  }
}

export class Pool {
  readonly stats: PoolStats;
  private readonly slots: PoolWorker[] = [];
  private readonly idle: PoolWorker[] = [];
  private readonly queue: Job[] = [];
  private readonly running = new Set<Job>();
  private readonly functions = new Map<string, PoolFunction>();
  private closed = false;
  /** The first close(): every close() resolves with it, once no thread is left. */
  private closing: Promise<void> | undefined;
  /** Argument size hint per function index (grows with the largest argument seen). */
  private readonly sizeHints: number[];

  constructor(
    readonly schema: SchemaSpec,
    /** The pooled module. */
    readonly module: string,
    /** `Interface.Function` of each implemented function, by index. */
    readonly functionNames: readonly string[],
    private readonly specs: readonly FunctionSpec[],
    mode: 'shared' | 'copy',
    readonly timeoutMs: number,
    readonly maxQueue: number,
    workers: number,
  ) {
    this.stats = { mode, calls: 0, answered: 0, failed: 0, perWorker: new Array<number>(workers).fill(0), timeouts: 0, traps: 0, restarts: 0, bytesCopied: 0, queued: 0, maxQueued: 0, threads: 0, syncCalls: 0, takenOver: 0 };
    this.sizeHints = specs.map(() => 1024);
  }

  /** @internal Starts every worker; a LinkError when one cannot start. */
  async start(create: (index: number, onThread: (delta: number) => void) => PoolWorker): Promise<void> {
    const count = this.stats.perWorker.length;
    const onThread = (delta: number) => (this.stats.threads += delta);
    for (let i = 0; i < count; i++) this.slots.push(create(i, onThread));
    await Promise.all(this.slots.map((w) => this.startThread(w)));
    const broken = this.slots.find((w) => w.broken);
    if (broken) {
      await this.close();
      throw new LinkError([{ module: this.module, problem: `could not start in a worker: ${broken.broken!.message}` }]);
    }
    this.idle.push(...this.slots);
  }

  /** A bound function: `pool.function('Scoring', 'Score')`. LinkError when the module does not implement it. */
  function<T = unknown>(iface: string, fn: string): PoolFunction<T> {
    const qualified = `${iface}.${fn}`;
    if (this.closed) throw new ClosedError(this.module, qualified);
    let bound = this.functions.get(qualified);
    if (!bound) {
      const index = this.functionNames.indexOf(qualified);
      if (index < 0) throw new LinkError([{ module: this.module, function: qualified, problem: `the module does not implement ${qualified}` }]);
      bound = new PoolFunction(this, index, this.specs[index]!, qualified);
      this.functions.set(qualified, bound);
    }
    return bound as PoolFunction<T>;
  }

  /**
   * Calls `Interface.Function` with an encoded argument (none: `undefined`);
   * resolves with what `read` makes of the answer in place, or a copy of its
   * bytes. A shortcut for `function(...).callBytes(...)`.
   */
  call<R = Uint8Array>(qualified: string, arg?: Uint8Array, read?: (reader: Reader) => R): Promise<R> {
    if (typeof qualified !== 'string') {
      return Promise.reject(new TypeError(`karmem: module "${this.module}": call takes the function as "Interface.Function", not ${describeValue(qualified)}`));
    }
    const dot = qualified.indexOf('.');
    let bound: PoolFunction;
    try {
      bound = this.function(qualified.slice(0, dot < 0 ? qualified.length : dot), dot < 0 ? '' : qualified.slice(dot + 1));
    } catch (error) {
      return Promise.reject(error);
    }
    const readAnswer = read ?? ((r: Reader) => r.bytes(0, r.length).slice() as R);
    return arg === undefined ? bound.callWith(undefined, readAnswer) : bound.callBytes(arg, readAnswer);
  }

  /**
   * A host implementation of `iface` for `link({ host: { [iface]: ... } })`:
   * a guest's import served by this pool, synchronously. Each function takes
   * the argument viewer the linker gives (a generated viewer: its `reader`
   * holds the message), hands the bytes to an idle worker, blocks until the
   * worker answers (Atomics.wait) and returns the answer's bytes: a view of
   * the worker's data area (or, in shared mode, of its guest's memory),
   * valid until the next call, which the linker copies into the caller's
   * memory before anything else runs.
   *
   * A call past the pool's time limit throws TimeoutError (its worker is
   * replaced before the call returns); a trap, an application error or a
   * broken ABI throws the typed error an asynchronous call rejects with.
   * The linker turns what a host implementation throws into the calling
   * guest's failure status and records it in `linked.faults`.
   *
   * When every worker is busy with asynchronous calls, the call waits (up
   * to the time limit) for one of them to answer, collects that answer
   * itself (its Promise settles as usual) and takes the worker: the workers
   * never need the blocked main thread to finish. A worker in a step that
   * needs the event loop (starting, restarting, reserving room) cannot be
   * waited for: with no other, the call throws PoolBusyError at once.
   */
  hostImplementation<S extends InterfaceSpec>(iface: S): HostOf<S>;
  hostImplementation(iface: string): PoolHostImplementation;
  hostImplementation(ifaceOrSpec: string | InterfaceSpec): PoolHostImplementation {
    // The generated InterfaceSpec (typed: its Host type) or its name; either way the schema's interface is the one served.
    const iface = typeof ifaceOrSpec === 'string' ? ifaceOrSpec : ifaceOrSpec.name;
    const spec = this.schema.interfaces[iface];
    if (this.closed) throw new ClosedError(this.module, iface);
    if (!spec) throw new LinkError([{ module: this.module, problem: `${iface} is not an interface of schema "${this.schema.name}"` }]);
    const impl: PoolHostImplementation = {};
    for (const fnSpec of spec.functions) {
      const qualified = `${iface}.${fnSpec.name}`;
      const index = this.functionNames.indexOf(qualified);
      if (index < 0) throw new LinkError([{ module: this.module, function: qualified, problem: `the module does not implement ${qualified}` }]);
      const poolSpec = this.specs[index]!;
      impl[fnSpec.name] = (viewer?: unknown) => this.callSync(index, qualified, poolSpec, poolSpec.param === undefined ? undefined : messageOf(viewer, this.module, qualified));
    }
    return impl;
  }

  /** @internal Queues a call (PoolFunction). */
  enqueue(index: number, fn: string, spec: FunctionSpec, write: Job['write'], read: Job['read']): Promise<unknown> {
    if (this.closed) return Promise.reject(new ClosedError(this.module, fn));
    if (this.queue.length >= this.maxQueue && this.idle.length === 0) return Promise.reject(new PoolQueueFullError(this.module, fn, this.maxQueue));
    return new Promise((resolve, reject) => {
      this.stats.calls++;
      this.queue.push({ index, fn, spec, write, read, resolve, reject, settled: false });
      this.pump();
    });
  }

  /**
   * Stops every worker thread. Calls still queued or running reject with
   * ClosedError; resolves once no thread is left.
   */
  close(): Promise<void> {
    if (this.closing !== undefined) return this.closing;
    this.closed = true;
    for (const job of [...this.queue, ...this.running]) this.settle(job, new ClosedError(this.module, job.fn));
    this.queue.length = 0;
    this.stats.queued = 0;
    this.closing = Promise.all(this.slots.map((w) => w.close())).then(() => undefined);
    return this.closing;
  }

  private async startThread(worker: PoolWorker): Promise<void> {
    await worker.start();
  }

  /** Hands queued calls to idle workers. */
  private pump(): void {
    while (this.queue.length > 0 && this.idle.length > 0 && !this.closed) {
      const job = this.queue.shift()!;
      const worker = this.idle.pop()!;
      void this.run(worker, job);
    }
    this.stats.queued = this.queue.length;
    if (this.queue.length > this.stats.maxQueued) this.stats.maxQueued = this.queue.length;
    if (this.queue.length > 0 && this.idle.length === 0 && this.slots.every((w) => w.broken) && !this.closed) {
      // No worker can take calls any more: fail what waits rather than leave it pending.
      const why = this.slots[0]!.broken!.message;
      for (const job of this.queue.splice(0)) this.settle(job, new GuestTrapError(this.module, job.fn, `no worker of the pool could be restarted: ${why}`, { resetFailed: why }));
      this.stats.queued = 0;
    }
  }

  /** Runs one call on `worker`; the worker goes back to the idle list (or is replaced) afterwards. */
  private async run(worker: PoolWorker, job: Job): Promise<void> {
    this.running.add(job);
    this.stats.perWorker[worker.index]!++;
    worker.calls++;
    worker.hold(true);
    let replace = false;
    let takenOver = false;
    try {
      const len = await this.writeArgument(worker, job);
      const status = await worker.invoke(job.index, len, job.fn, this.timeoutMs, job);
      if (status === TAKEN_OVER) {
        // A synchronous call collected the answer and settled the job (takeOver): the worker is its now.
        takenOver = true;
        return;
      }
      if (status instanceof StillRunning) {
        replace = true;
        this.stats.timeouts++;
        throw new TimeoutError(this.module, job.fn, this.timeoutMs);
      }
      await this.checkStatus(worker, job, status);
      this.deliver(worker, job, len, status);
    } catch (error) {
      this.fail(job, error);
    } finally {
      if (!takenOver) {
        this.running.delete(job);
        worker.hold(false);
      }
    }
    if (this.closed) return;
    if (replace || worker.broken) {
      // Past its time limit the thread is stuck in the guest (or its instance could not restart): a fresh thread takes its place.
      this.stats.restarts++;
      await this.startThread(worker);
      if (this.closed) return;
    }
    if (!worker.broken) this.idle.push(worker);
    this.pump();
  }

  /** Writes the call's argument into the worker's argument region; its length. */
  private async writeArgument(worker: PoolWorker, job: Job): Promise<number> {
    if (job.write === undefined) return 0;
    let hint = this.sizeHints[job.index]!;
    for (;;) {
      const w = await worker.argWriter(hint, job.fn);
      try {
        job.write(w);
        // Kept only once a region of that size was had and held the argument: a larger ask that failed
        // (past the guest's memory) would otherwise fail every later call of the function.
        this.sizeHints[job.index] = hint;
        return w.length;
      } catch (error) {
        if (!(error instanceof KarmemWriteError) || error.code !== 'OUT_OF_SPACE') throw error;
        hint = Math.max(w.capacity * 2, w.length + error.requested);
      }
    }
  }

  /**
   * The status, checked as the in-thread linker checks it (./calls.ts): a
   * code only the linker gives, or an empty answer where one is due, is a
   * GuestProtocolError and the instance is reset; `-code` is a GuestError
   * (the instance is kept).
   */
  private async checkStatus(worker: PoolWorker, job: Job, status: number): Promise<void> {
    if (status > 0) return;
    const violation = this.violation(job.fn, job.spec, status);
    if (violation) {
      let resetFailed: string | undefined;
      try {
        await worker.reset(job.fn);
      } catch (failure) {
        if (failure instanceof ClosedError) throw failure;
        resetFailed = describe(failure);
      }
      throw violation.during(job.fn, resetFailed === undefined ? {} : { resetFailed });
    }
    if (status < 0) throw new GuestError(this.module, job.fn, -status);
  }

  /** `checkStatus`, blocking. */
  private checkStatusSync(worker: PoolWorker, fn: string, spec: FunctionSpec, status: number): void {
    if (status > 0) return;
    const violation = this.violation(fn, spec, status);
    if (violation) {
      let resetFailed: string | undefined;
      try {
        worker.resetSync(fn);
      } catch (failure) {
        resetFailed = describe(failure);
      }
      throw violation.during(fn, resetFailed === undefined ? {} : { resetFailed });
    }
    if (status < 0) throw new GuestError(this.module, fn, -status);
  }

  /** The ABI violation a status (<= 0) is, if any. */
  private violation(fn: string, spec: FunctionSpec, status: number): GuestProtocolError | undefined {
    try {
      checkStatusCode(this.module, fn, status, 0);
      if (status === 0 && spec.result) throw emptyAnswer(this.module, fn, spec.result.name);
    } catch (error) {
      return error as GuestProtocolError;
    }
    return undefined;
  }

  /** Counts a failed call's restarts: a trap, a memory cap or a broken ABI restarted the instance (in its thread). */
  private countFailure(error: unknown): void {
    if (error instanceof GuestTrapError) this.stats.traps++;
    if (error instanceof GuestTrapError || error instanceof GuestProtocolError || error instanceof MemoryCapError) this.stats.restarts++;
  }

  // ---- The synchronous path: a guest's import served by the pool (hostImplementation) ----

  /** Runs one call on a worker and blocks until it answers: the answer's bytes in place (valid until the worker's next call), or none. */
  private callSync(index: number, fn: string, spec: FunctionSpec, message: Uint8Array | undefined): Uint8Array | undefined {
    if (this.closed) throw new ClosedError(this.module, fn);
    const worker = this.acquireSync(fn);
    this.stats.calls++;
    this.stats.syncCalls++;
    this.stats.perWorker[worker.index]!++;
    worker.calls++;
    let replace = false;
    try {
      let len = 0;
      if (message !== undefined) {
        const w = worker.argWriterSync(message.length, fn);
        w.appendBytes(message);
        len = w.length;
      }
      const status = worker.invokeSync(index, len, fn, this.timeoutMs);
      if (status instanceof StillRunning) {
        replace = true;
        this.stats.timeouts++;
        throw new TimeoutError(this.module, fn, this.timeoutMs);
      }
      this.checkStatusSync(worker, fn, spec, status);
      const answer = status > 0 ? worker.answer(status, fn).bytes(0, status) : undefined;
      if (this.stats.mode === 'copy') this.stats.bytesCopied += len + status;
      this.stats.answered++;
      return answer;
    } catch (error) {
      this.stats.failed++;
      this.countFailure(error);
      throw error;
    } finally {
      this.releaseSync(worker, replace);
    }
  }

  /**
   * An idle worker; else waits (blocking, up to the time limit) for a worker
   * running an asynchronous call to answer, and takes that answer over
   * (`takeOverSync`). Only workers that finish without the event loop are
   * waited for: the main thread is blocked, so nothing else can free one.
   */
  private acquireSync(fn: string): PoolWorker {
    const deadline = performance.now() + this.timeoutMs;
    for (;;) {
      const idle = this.idle.pop();
      if (idle) return idle;
      if (this.slots.every((w) => w.broken)) {
        const why = this.slots[0]!.broken!.message;
        throw new GuestTrapError(this.module, fn, `no worker of the pool could be restarted: ${why}`, { resetFailed: why });
      }
      const calling = this.slots.filter((w) => w.calling !== undefined);
      if (calling.length === 0) {
        throw new PoolBusyError(this.module, fn, `its ${this.slots.length} workers are starting or between the steps of asynchronous calls, which only the event loop can finish`);
      }
      const done = calling.find((w) => w.answered);
      if (done) {
        this.takeOverSync(done);
        continue; // it went back to the idle list (unless it could not restart)
      }
      const remaining = deadline - performance.now();
      if (remaining <= 0) throw new PoolBusyError(this.module, fn, `none of its ${calling.length} workers running asynchronous calls answered within ${this.timeoutMs} ms`);
      // One control word at a time: wait on the first briefly when others may answer sooner.
      calling[0]!.waitAnswer(calling.length === 1 ? remaining : Math.min(remaining, 1));
    }
  }

  /**
   * Finishes, on this thread, the asynchronous call `worker` has answered:
   * checks and reads its answer, settles its Promise, and returns the worker
   * to the idle list (its pending `run` sees TAKEN_OVER and does nothing).
   */
  private takeOverSync(worker: PoolWorker): void {
    const { owner, len } = worker.calling!;
    const job = owner as Job;
    this.running.delete(job);
    this.stats.takenOver++;
    worker.hold(false);
    try {
      const status = worker.takeOver();
      this.checkStatusSync(worker, job.fn, job.spec, status);
      this.deliver(worker, job, len, status);
    } catch (error) {
      this.fail(job, error);
    }
    this.releaseSync(worker, false);
  }

  /** A checked status: the bytes counted, the answer read while it is in place, the job's Promise resolved. */
  private deliver(worker: PoolWorker, job: Job, len: number, status: number): void {
    if (this.stats.mode === 'copy') this.stats.bytesCopied += len + Math.max(status, 0);
    if (job.settled) return;
    const value = job.read(worker.answer(status, job.fn));
    this.stats.answered++;
    this.settle(job, undefined, value);
  }

  /** The job failed: counted by kind, its Promise rejected. */
  private fail(job: Job, error: unknown): void {
    this.countFailure(error);
    this.settle(job, error);
  }

  /** After a synchronous call: a fresh thread after a timeout (or a failed restart), then back to the idle list; queued calls go on from the event loop. */
  private releaseSync(worker: PoolWorker, replace: boolean): void {
    if (this.closed) return;
    if (replace || worker.broken) {
      this.stats.restarts++;
      worker.startSync();
    }
    if (!worker.broken) this.idle.push(worker);
    // Not now: the answer this call returns is still in the worker's memory, until the linker has copied it.
    if (this.queue.length > 0) queueMicrotask(() => this.pump());
  }

  private settle(job: Job, error: unknown, value?: unknown): void {
    if (job.settled) return;
    job.settled = true;
    if (error === undefined) {
      job.resolve(value);
    } else {
      this.stats.failed++;
      job.reject(error);
    }
  }
}

/** The bytes of the argument a host implementation got: those of a generated viewer's reader (or bytes as they are). */
function messageOf(viewer: unknown, module: string, fn: string): Uint8Array {
  if (viewer instanceof Uint8Array) return viewer;
  const reader = (viewer as { reader?: Partial<Reader> } | null | undefined)?.reader;
  if (reader !== undefined && typeof reader.bytes === 'function' && typeof reader.length === 'number') return reader.bytes(0, reader.length);
  throw new TypeError(
    `karmem: module "${module}", ${fn}: the pool's host implementation needs the argument's viewer as generated code makes it (with its reader), not ${viewer === null ? 'null' : typeof viewer === 'object' ? 'an object without a reader' : typeof viewer}`,
  );
}
