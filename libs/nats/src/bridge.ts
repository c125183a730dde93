/**
 * A remote module as the provider of a guest's import. Guest calls are
 * synchronous: the guest waits inside its import while the linker serves it,
 * so the answer must come back before the host implementation returns. The
 * NATS client is asynchronous, so it runs in a worker thread of its own
 * (./bridge-worker.ts) with its own connection, and each call crosses to it
 * through a control block and a shared data area:
 *
 *   calling thread                              bridge worker
 *   argument bytes -> data area, REQUEST  ───►  (Atomics.waitAsync wakes)
 *   Atomics.wait (time limit + margin)          nc.request(subject, copy)
 *   reads the answer in the data area     ◄───  reply -> data area, REPLY
 *
 *   const bridge = await remoteImports({ servers: '127.0.0.1:4222', schema, module: 'scorer', timeoutMs: 500 });
 *   const linked = await link({ schema, modules: { engine }, host: { Scoring: bridge.host(Scoring) }, bind: { engine: { Scoring: 'host' } } });
 *   ...
 *   await linked.close();
 *   await bridge.close();
 *
 * Errors are the async client's (./client.ts): the server linker's classes
 * flagged remote, NoResponderError, RequestTimeoutError, TransportError,
 * with the same retries; plus BridgeTimeoutError when the worker itself does
 * not answer (it is replaced on the next call) and MessageTooLargeError.
 * docs/scale-out.md, "Guests calling remote modules".
 */
import { Worker } from 'node:worker_threads';
import { ClosedError, type FunctionSpec, type HostOf, type InterfaceSpec, type KarmemLinkerError, LinkError, type SchemaSpec } from '@karmem-ts/linker';
import { KarmemWriteError, Writer } from '@karmem-ts/runtime';
import { BRIDGE_WORKER_SOURCE, type BridgeInit, CTL, KIND, STATE } from './bridge-worker';
import { type RemoteOptions, type RetrySettings, backoffMs, classifyRequestError, notBytes, positive, retrySettings, retryable } from './client';
import { BridgeStartError, BridgeTimeoutError, MessageTooLargeError } from './errors';
import { DEFAULT_PREFIX, checkPrefix, errorFromReply, subjectOf } from './wire';

const PAGE = 65536;
const EMPTY = new Uint8Array(0);

export interface RemoteImportsOptions extends RemoteOptions {
  /** NATS server(s), as `connect({ servers })` takes them. */
  readonly servers: string | readonly string[];
  readonly schema: SchemaSpec;
  /** The module served over NATS (it must implement the interfaces you ask `host()` for). */
  readonly module: string;
  /**
   * More `connect()` options for the worker's connection (`name`, `user`,
   * `pass`, `token`, `maxReconnectAttempts`...): plain data, they cross to
   * the worker by structured clone (no functions, no authenticators).
   * Default: reconnect forever, every 250 ms.
   */
  readonly connect?: Readonly<Record<string, unknown>>;
  /**
   * How much longer than `timeoutMs` the calling thread waits for the
   * worker's word on each attempt, in ms (default 1000). Past it the call
   * throws BridgeTimeoutError and the worker is replaced.
   */
  readonly marginMs?: number;
  /** Size the shared data area starts with, in bytes (default 64 KiB); it grows for larger messages. */
  readonly areaBytes?: number;
  /** Largest argument or answer, in bytes (default 64 MiB, NATS's own ceiling); past it: MessageTooLargeError. */
  readonly maxMessageBytes?: number;
  /** Longest the worker may take to connect, in ms (default 10000). */
  readonly startTimeoutMs?: number;
  /**
   * Where the worker thread loads `@nats-io/transport-node` from. Default:
   * where this library resolves it (from the CommonJS build), else the
   * package name, resolved from the process's working directory.
   */
  readonly natsModule?: string;
}

/** Counters of a bridge. */
export interface BridgeStats {
  /** Calls made, answered, failed (any error). */
  calls: number;
  answered: number;
  failed: number;
  /** Requests sent to NATS (calls plus their retries). */
  attempts: number;
  /** Worker threads started (1, plus one per replacement). */
  starts: number;
  /** Argument bytes copied into the data area; answer bytes read from it. */
  bytesOut: number;
  bytesIn: number;
  /** Size of the data area now, in bytes. */
  areaBytes: number;
}

/** Test-only knobs (not part of the public door). */
export interface BridgeFaults {
  /** The first worker sits on each request this long before sending it (a worker that does not answer in time); its replacements do not. */
  readonly stallMs?: number;
}

interface Settings extends RetrySettings {
  readonly marginMs: number;
  readonly areaPages: number;
  readonly maxPages: number;
  readonly maxMessageBytes: number;
  readonly startTimeoutMs: number;
}

/** One worker thread and its channel. */
class Link {
  readonly ctl = new Int32Array(new SharedArrayBuffer(CTL.SIZE * 4));
  readonly data: WebAssembly.Memory;
  readonly worker: Worker;
  exited = false;
  private u8 = EMPTY;

  constructor(init: Omit<BridgeInit, 'ctl' | 'data'>, settings: Settings) {
    this.data = new WebAssembly.Memory({ initial: settings.areaPages, maximum: settings.maxPages, shared: true });
    const workerData: BridgeInit = { ...init, ctl: this.ctl.buffer as SharedArrayBuffer, data: this.data };
    this.worker = new Worker(BRIDGE_WORKER_SOURCE, { eval: true, workerData });
    this.worker.once('exit', () => (this.exited = true));
    // A thread that fails to load lands here; the calling thread sees it by the timeout of its wait.
    this.worker.on('error', () => undefined);
  }

  get state(): number {
    return Atomics.load(this.ctl, CTL.STATE);
  }

  /** The data area (its current size: either thread may have grown it). */
  bytes(): Uint8Array {
    const buffer = this.data.buffer;
    if (this.u8.buffer !== buffer || this.u8.byteLength !== buffer.byteLength) this.u8 = new Uint8Array(buffer);
    return this.u8;
  }

  /** The data area, at least `min` bytes (grown if needed); false when it cannot grow that far. */
  reserve(min: number): boolean {
    const have = this.data.buffer.byteLength;
    if (have >= min) return true;
    try {
      this.data.grow(Math.ceil((min - have) / PAGE));
      return true;
    } catch {
      return false;
    }
  }

  /** JSON the worker left in the data area. */
  json<T>(len: number): T {
    return JSON.parse(new TextDecoder().decode(this.bytes().slice(0, len))) as T;
  }

  /** The worker's error chain (`{ name, message }[]`), as Errors linked by `cause`. */
  errorChain(len: number): Error | undefined {
    let error: Error | undefined;
    for (const { name, message } of this.json<{ name: string; message: string }[]>(len).reverse()) {
      const e: Error = new Error(message, error === undefined ? undefined : { cause: error });
      e.name = name;
      error = e;
    }
    return error;
  }

  stop(): void {
    void this.worker.terminate();
  }
}

/** Each subject the bridge may call, with its function. */
interface Target {
  readonly index: number;
  readonly qualified: string;
  readonly subject: string;
  readonly spec: FunctionSpec;
}

/** A remote module whose functions answer synchronously, for `link({ host })`. */
export class RemoteImports {
  readonly stats: BridgeStats = { calls: 0, answered: 0, failed: 0, attempts: 0, starts: 0, bytesOut: 0, bytesIn: 0, areaBytes: 0 };
  private readonly targets = new Map<string, Target>();
  private readonly init: Omit<BridgeInit, 'ctl' | 'data'>;
  private link: Link | undefined;
  private closed = false;
  private readonly sleeper = new Int32Array(new SharedArrayBuffer(4));

  /** Use `remoteImports()`, which also waits for the worker to connect. */
  private constructor(
    readonly schema: SchemaSpec,
    private readonly settings: Settings,
    natsModule: string,
    connect: Readonly<Record<string, unknown>>,
    prefix: string,
    faults: BridgeFaults,
  ) {
    const subjects: string[] = [];
    const module = settings.module;
    for (const iface of schema.modules[module]!.implements) {
      for (const spec of schema.interfaces[iface]?.functions ?? []) {
        const qualified = `${iface}.${spec.name}`;
        const subject = subjectOf(prefix, module, iface, spec.name);
        this.targets.set(qualified, { index: subjects.length, qualified, subject, spec });
        subjects.push(subject);
      }
    }
    this.init = { natsModule, connect, subjects, timeoutMs: settings.timeoutMs, stallMs: faults.stallMs ?? 0 };
  }

  /** @internal Starts the bridge: `remoteImports()`. */
  static async start(options: RemoteImportsOptions, faults: BridgeFaults = {}): Promise<RemoteImports> {
    const { schema, module } = options;
    if (schema.modules[module] === undefined) throw new LinkError([{ module, problem: `the schema "${schema.name}" declares no module "${module}"` }]);
    const maxMessageBytes = positiveBytes('maxMessageBytes', options.maxMessageBytes ?? 64 * 1024 * 1024);
    const areaBytes = Math.min(positiveBytes('areaBytes', options.areaBytes ?? 64 * 1024), maxMessageBytes);
    const settings: Settings = {
      ...retrySettings(module, options),
      marginMs: positive('marginMs', options.marginMs ?? 1000),
      areaPages: Math.ceil(areaBytes / PAGE),
      maxPages: Math.ceil(maxMessageBytes / PAGE),
      maxMessageBytes,
      startTimeoutMs: positive('startTimeoutMs', options.startTimeoutMs ?? 10_000),
    };
    const prefix = checkPrefix(options.subjectPrefix ?? DEFAULT_PREFIX);
    const connect = { maxReconnectAttempts: -1, reconnectTimeWait: 250, ...options.connect, servers: options.servers };
    const bridge = new RemoteImports(schema, settings, options.natsModule ?? natsClientModule(), connect, prefix, faults);
    await bridge.startAsync();
    return bridge;
  }

  get module(): string {
    return this.settings.module;
  }

  /**
   * A host implementation of `iface` for `link({ host: { [iface.name]: ... } })`:
   * each function sends its argument's bytes to the remote module and
   * answers its reply's bytes (the linker copies them into the caller's
   * answer region). Failures are thrown as typed errors; the linker
   * records them (HostFunctionError, its cause) and the guest gets its
   * failure status.
   */
  host<S extends InterfaceSpec>(iface: S): HostOf<S> {
    const out: Record<string, (arg?: unknown) => Uint8Array | undefined> = {};
    for (const spec of iface.functions) {
      const target = this.target(`${iface.name}.${spec.name}`);
      out[spec.name] = (arg?: unknown) => {
        const answer = this.send(target, spec.param === undefined ? EMPTY : argumentBytes(arg, target.qualified, spec));
        return spec.result === undefined ? undefined : answer;
      };
    }
    return out as HostOf<S>;
  }

  /**
   * Calls `Interface.Function` with an encoded argument and waits for the
   * answer's bytes: a view of the data area, valid until the next call.
   */
  callBytes(qualified: string, message: Uint8Array): Uint8Array {
    return this.send(this.target(qualified), message);
  }

  /** Stops the worker thread and its connection. Calls after it throw ClosedError. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const link = this.link;
    this.link = undefined;
    if (link === undefined || link.exited) return;
    const exited = new Promise<void>((resolve) => (link.exited ? resolve() : link.worker.once('exit', () => resolve())));
    Atomics.store(link.ctl, CTL.STATE, STATE.STOP);
    Atomics.notify(link.ctl, CTL.STATE);
    // The worker closes its connection and ends; terminated if it takes too long.
    const timer = setTimeout(() => link.stop(), 2000);
    link.worker.ref();
    await exited;
    clearTimeout(timer);
  }

  private target(qualified: string): Target {
    const target = this.targets.get(qualified);
    if (target === undefined) throw new LinkError([{ module: this.settings.module, function: qualified, problem: `the module does not implement ${qualified}` }]);
    return target;
  }

  private send(target: Target, message: Uint8Array): Uint8Array {
    const s = this.settings;
    const fn = target.qualified;
    if (this.closed) throw new ClosedError(s.module, fn);
    this.stats.calls++;
    try {
      // Anything else would be sent as whatever its `length` and elements make of it (a string: zeros).
      if (!ArrayBuffer.isView(message) || !(message instanceof Uint8Array)) throw notBytes(fn, message);
      if (message.length > s.maxMessageBytes) throw new MessageTooLargeError(s.module, fn, 'argument', message.length, s.maxMessageBytes);
      for (let attempt = 1; ; attempt++) {
        const failure = this.attempt(target, message, attempt);
        if (failure instanceof Uint8Array) {
          this.stats.answered++;
          return failure;
        }
        if (attempt > s.retries || !retryable(failure, s.idempotent)) throw failure;
        Atomics.wait(this.sleeper, 0, 0, backoffMs(s, attempt)); // the guest waits anyway
      }
    } catch (error) {
      this.stats.failed++;
      throw error;
    }
  }

  /** One request: the answer, or the typed error it came to. */
  private attempt(target: Target, message: Uint8Array, attempt: number): Uint8Array | KarmemLinkerError {
    const s = this.settings;
    const link = this.ready();
    if (!link.reserve(message.length)) throw new MessageTooLargeError(s.module, target.qualified, 'argument', message.length, s.maxMessageBytes);
    link.bytes().set(message, 0);
    this.stats.bytesOut += message.length;
    this.stats.attempts++;
    const ctl = link.ctl;
    Atomics.store(ctl, CTL.SUBJECT, target.index);
    Atomics.store(ctl, CTL.LEN, message.length);
    Atomics.store(ctl, CTL.STATE, STATE.REQUEST);
    Atomics.notify(ctl, CTL.STATE);
    const waited = s.timeoutMs + s.marginMs;
    const deadline = performance.now() + waited;
    for (let state = link.state; state === STATE.REQUEST || state === STATE.BUSY; state = link.state) {
      const remaining = deadline - performance.now();
      if (remaining <= 0) {
        // The worker is stuck or gone: drop it, the next call starts a fresh one.
        this.link = undefined;
        link.stop();
        throw new BridgeTimeoutError(s.module, target.qualified, s.timeoutMs, waited);
      }
      Atomics.wait(ctl, CTL.STATE, state, remaining);
    }
    const state = link.state;
    const len = Atomics.load(ctl, CTL.LEN);
    if (state !== STATE.REPLY) {
      this.link = undefined;
      link.stop();
      throw new BridgeStartError(s.module, `its worker failed during a call to ${target.qualified}`, state === STATE.FAILED ? link.errorChain(len) : undefined);
    }
    const kind = Atomics.load(ctl, CTL.KIND);
    this.stats.areaBytes = link.data.buffer.byteLength;
    if (kind === KIND.ANSWER) {
      this.stats.bytesIn += len;
      return len === 0 ? EMPTY : link.bytes().subarray(0, len);
    }
    if (kind === KIND.TOO_LARGE) return new MessageTooLargeError(s.module, target.qualified, 'answer', len, s.maxMessageBytes);
    if (kind === KIND.SERVICE_ERROR) {
      const reply = link.json<{ code: number; description: string; karmem: string; body: string }>(len);
      const body = new TextEncoder().encode(reply.body);
      return errorFromReply(s.module, target.qualified, { subject: target.subject }, reply.code, reply.description, reply.karmem === '' ? undefined : reply.karmem, body);
    }
    return classifyRequestError(link.errorChain(len), s.module, target.qualified, target.subject, s.timeoutMs, attempt);
  }

  /** The worker, started again (synchronously) if the last one was dropped. */
  private ready(): Link {
    const current = this.link;
    if (current !== undefined && !current.exited) return current;
    if (current !== undefined) current.stop();
    const link = this.spawn();
    const deadline = performance.now() + this.settings.startTimeoutMs;
    for (let state = link.state; state === STATE.STARTING; state = link.state) {
      const remaining = deadline - performance.now();
      if (remaining <= 0 || link.exited) break;
      Atomics.wait(link.ctl, CTL.STATE, STATE.STARTING, Math.min(remaining, 50));
    }
    return this.started(link);
  }

  private async startAsync(): Promise<void> {
    const link = this.spawn();
    const deadline = performance.now() + this.settings.startTimeoutMs;
    const waitAsync = (Atomics as unknown as { waitAsync(a: Int32Array, i: number, v: number, t: number): { async: boolean; value: Promise<string> | string } }).waitAsync;
    for (let state = link.state; state === STATE.STARTING && !link.exited; state = link.state) {
      const remaining = deadline - performance.now();
      if (remaining <= 0) break;
      // Short waits: a thread that dies while loading never writes its state.
      const wait = waitAsync(link.ctl, CTL.STATE, STATE.STARTING, Math.min(remaining, 50));
      if (wait.async) await wait.value;
    }
    this.started(link);
  }

  private spawn(): Link {
    // Faults are injected into the first worker only: its replacement starts clean.
    const link = new Link(this.stats.starts === 0 ? this.init : { ...this.init, stallMs: 0 }, this.settings);
    this.link = link;
    this.stats.starts++;
    return link;
  }

  /** The worker's word after starting: ready, or the typed reason it is not. */
  private started(link: Link): Link {
    const state = link.state;
    if (state === STATE.IDLE) {
      link.worker.unref(); // an idle bridge never keeps the process alive
      return link;
    }
    this.link = undefined;
    link.stop();
    const module = this.settings.module;
    if (state === STATE.FAILED) {
      const cause = link.errorChain(Atomics.load(link.ctl, CTL.LEN));
      throw new BridgeStartError(module, `its worker could not connect to NATS (${String(this.init.connect['servers'])}): ${cause?.message ?? '?'}`, cause);
    }
    if (link.exited) throw new BridgeStartError(module, `its worker thread ended while starting (could it load ${this.init.natsModule}?)`);
    throw new BridgeStartError(module, `its worker did not connect to NATS within ${this.settings.startTimeoutMs} ms`);
  }
}

/**
 * Starts a bridge to `module` served over NATS: one worker thread with its
 * own connection. Resolves once it is connected.
 */
export function remoteImports(options: RemoteImportsOptions): Promise<RemoteImports> {
  return RemoteImports.start(options);
}

/**
 * The bytes of a host implementation's argument: those its viewer reads
 * (generated viewers keep their reader: nothing is encoded), or, for a
 * codec whose viewer keeps no reader, the viewer encoded again.
 */
function argumentBytes(arg: unknown, qualified: string, spec: FunctionSpec): Uint8Array {
  const reader = (arg as { reader?: { bytes?: unknown; length?: unknown } } | undefined)?.reader;
  if (reader !== undefined && typeof reader.bytes === 'function' && typeof reader.length === 'number') {
    return (reader.bytes as (offset: number, size: number) => Uint8Array).call(reader, 0, reader.length);
  }
  const codec = spec.param!;
  let size = 256;
  for (;;) {
    const w = new Writer(size);
    try {
      codec.encode(arg, w);
      return w.bytes();
    } catch (error) {
      if (error instanceof KarmemWriteError && error.code === 'OUT_OF_SPACE') {
        size = Math.max(w.capacity * 2, w.length + error.requested);
        continue;
      }
      throw new TypeError(`karmem-nats: the argument of ${qualified} has no \`reader\` (generated viewers have one) and does not encode as a ${codec.name}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
  }
}

/** Where this library's copy of the NATS client is, for the worker to load the same one. */
function natsClientModule(): string {
  // The CommonJS build and Jest have `require`; the ES module build falls back to the package name.
  if (typeof require === 'function' && typeof require.resolve === 'function') {
    try {
      return require.resolve('@nats-io/transport-node');
    } catch {
      // not resolvable from here: by name
    }
  }
  return '@nats-io/transport-node';
}

function positiveBytes(name: string, value: number): number {
  if (!Number.isInteger(value) || value <= 0) throw new RangeError(`karmem-nats: ${name} must be a positive whole number of bytes, got ${value}`);
  return value;
}
