/**
 * The client side: a module served over NATS (./server.ts), called by
 * interface function with async calls. Answers are Readers over the reply's
 * bytes as they arrived (nothing decoded or copied), or viewers / plain data
 * through the schema's codecs. Every failure is a typed error (./errors.ts,
 * and the linker's classes, rebuilt and flagged `remote`, for what the
 * server's linker raised).
 */
import { ClosedError, type ClientOf, type Codec, type FunctionSpec, type InterfaceSpec, KarmemLinkerError, LinkError, type ObjectClientOf, type SchemaSpec } from '@karmem-ts/linker';
import { KarmemEncodeError, KarmemWriteError, Reader, Writer, describeValue } from '@karmem-ts/runtime';
import type { NatsConnection, NatsMsg } from './nats';
import { NoResponderError, RequestTimeoutError, TransportError, isRemote } from './errors';
import { DEFAULT_PREFIX, ERROR_HEADER, SERVICE_CODE_HEADER, SERVICE_ERROR_HEADER, checkPrefix, errorFromReply, subjectOf } from './wire';

export interface RemoteOptions {
  /** As the servers were given (default `karmem`). */
  readonly subjectPrefix?: string;
  /** Time limit of each attempt, in ms (default 5000). */
  readonly timeoutMs?: number;
  /**
   * Attempts after the first, for failures where the call did not run:
   * nobody serving the subject, the connection down, a server shutting down
   * (its linker closed). Timeouts only with `idempotent`. Default 0.
   */
  readonly retries?: number;
  /** First wait between attempts, in ms (default 50); doubles each time, up to `maxBackoffMs` (default 2000); +-20% jitter. */
  readonly backoffMs?: number;
  readonly maxBackoffMs?: number;
  /** The functions may run twice: retry timeouts too (a server gone mid-call). Default false. */
  readonly idempotent?: boolean;
}

/** A typed client's functions, answering asynchronously. */
export type AsyncClient<C> = { [K in keyof C]: C[K] extends (...args: infer A) => infer R ? (...args: A) => Promise<R> : never };

/** How a remote call is attempted: RemoteOptions checked, with their defaults (the async client and the bridge share them). */
export interface RetrySettings {
  readonly module: string;
  readonly timeoutMs: number;
  readonly retries: number;
  readonly backoffMs: number;
  readonly maxBackoffMs: number;
  readonly idempotent: boolean;
}

/** Checks the options every remote caller takes; a wrong one is a RangeError naming it. */
export function retrySettings(module: string, options: RemoteOptions): RetrySettings {
  return {
    module,
    timeoutMs: positive('timeoutMs', options.timeoutMs ?? 5000),
    retries: count('retries', options.retries ?? 0),
    backoffMs: positive('backoffMs', options.backoffMs ?? 50),
    maxBackoffMs: positive('maxBackoffMs', options.maxBackoffMs ?? 2000),
    idempotent: options.idempotent ?? false,
  };
}

interface Settings extends RetrySettings {
  readonly nc: NatsConnection;
}

/** One function of a remote module. */
export class RemoteFunction<T = unknown, V = unknown> {
  /** Size the next argument's writer starts with: the largest argument seen. */
  private sizeHint = 256;

  constructor(
    private readonly settings: Settings,
    readonly spec: FunctionSpec,
    /** `Interface.Function`. */
    readonly qualifiedName: string,
    readonly subject: string,
  ) {}

  /**
   * Sends an encoded argument as it is (do not change `message` before the
   * promise settles: the NATS client sends it from there) and resolves with a
   * Reader over the answer (empty for a function without one).
   */
  callBytes(message: Uint8Array): Promise<Reader> {
    if (!ArrayBuffer.isView(message) || !(message instanceof Uint8Array)) return Promise.reject(notBytes(this.qualifiedName, message));
    return this.request(message);
  }

  /** Sends what `write` wrote into a fresh writer. */
  callWith(write: (writer: Writer) => void): Promise<Reader> {
    if (typeof write !== 'function') return Promise.reject(notAWriter(this.qualifiedName, write));
    let bytes: Uint8Array;
    try {
      bytes = this.encode(undefined, undefined, write);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.request(bytes);
  }

  /** Encodes `arg` with the function's argument codec and calls. */
  call(arg?: unknown): Promise<Reader> {
    const param = this.spec.param;
    if (param === undefined) return this.request(new Uint8Array(0));
    let bytes: Uint8Array;
    try {
      bytes = this.encode(param, arg, undefined);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.request(bytes);
  }

  /** The answer as a zero-copy viewer over the reply (it stays valid: the reply is its own buffer). */
  async view(arg?: unknown): Promise<V> {
    const reader = await this.call(arg);
    return (this.spec.result === undefined ? undefined : this.spec.result.view(reader)) as V;
  }

  /** The answer as plain data. */
  async decode(arg?: unknown): Promise<T> {
    const reader = await this.call(arg);
    return (this.spec.result === undefined ? undefined : this.spec.result.decode(reader)) as T;
  }

  /** A fresh writer per call: the NATS client holds the bytes until it flushes, after this returns. */
  private encode(codec: Codec | undefined, arg: unknown, write: ((writer: Writer) => void) | undefined): Uint8Array {
    let size = this.sizeHint;
    for (;;) {
      const w = new Writer(size);
      try {
        if (codec !== undefined) codec.encode(arg, w);
        else write!(w);
        this.sizeHint = Math.max(this.sizeHint, w.length);
        return w.bytes();
      } catch (error) {
        // A growable writer grows by itself; this is for a codec that asks for room up front.
        if (!(error instanceof KarmemWriteError) || error.code !== 'OUT_OF_SPACE') throw error;
        size = Math.max(w.capacity * 2, w.length + error.requested);
      }
    }
  }

  private async request(payload: Uint8Array): Promise<Reader> {
    const s = this.settings;
    for (let attempt = 1; ; attempt++) {
      let failure: KarmemLinkerError;
      try {
        const msg = await s.nc.request(this.subject, payload, { timeout: s.timeoutMs });
        const answer = this.answer(msg);
        if (answer instanceof Reader) return answer;
        failure = answer;
      } catch (error) {
        failure = classifyRequestError(error, s.module, this.qualifiedName, this.subject, s.timeoutMs, attempt, s.nc.isClosed());
      }
      if (attempt > s.retries || !retryable(failure, s.idempotent)) throw failure;
      await new Promise((resolve) => setTimeout(resolve, backoffMs(s, attempt)));
    }
  }

  /** A reply: the answer, or the error the server sent back. */
  private answer(msg: NatsMsg): Reader | KarmemLinkerError {
    const h = msg.headers;
    const code = h?.get(SERVICE_CODE_HEADER) ?? '';
    if (h === undefined || code === '') return new Reader(msg.data);
    const karmem = h.get(ERROR_HEADER);
    return errorFromReply(this.settings.module, this.qualifiedName, { subject: this.subject }, Number(code), h.get(SERVICE_ERROR_HEADER), karmem === '' ? undefined : karmem, msg.data);
  }
}

/**
 * What the NATS client threw for a request, as a typed error (also used by
 * the synchronous bridge, ./bridge.ts, with the error rebuilt from its worker).
 */
export function classifyRequestError(
  error: unknown,
  module: string,
  fn: string,
  subject: string,
  timeoutMs: number,
  attempts: number,
  /** The connection is closed now (a call in flight when it closed fails with a plain RequestError): not retried. */
  connectionClosed = false,
): KarmemLinkerError {
  if (error instanceof KarmemLinkerError) return error;
  if (connectionClosed) return new TransportError(module, fn, subject, false, attempts, error);
  // By name: the NATS client's error classes (`@nats-io/nats-core` 3.x), whichever copy threw them.
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    if (e.name === 'NoResponders' || e.name === 'NoRespondersError') return new NoResponderError(module, fn, subject, attempts);
    if (e.name === 'TimeoutError') return new RequestTimeoutError(module, fn, subject, timeoutMs, attempts);
    if (e.name === 'ClosedConnectionError' || e.name === 'DrainingConnectionError' || e.name === 'PermissionViolationError') {
      return new TransportError(module, fn, subject, false, attempts, error);
    }
  }
  // `connection disconnected` and the like: the client reconnects by itself.
  return new TransportError(module, fn, subject, error instanceof Error && error.name === 'RequestError', attempts, error);
}

/** Whether a failed attempt may be made again: the call did not run (or may run twice, for `idempotent` functions). */
export function retryable(error: KarmemLinkerError, idempotent: boolean): boolean {
  if (error instanceof NoResponderError) return true;
  if (error instanceof TransportError) return error.retryable;
  if (error instanceof RequestTimeoutError) return idempotent;
  // A server whose linker was closed (shutting down) did not run the call: another server may.
  return error instanceof ClosedError && isRemote(error);
}

/** The wait before attempt `attempt + 1`, in ms: doubling from `backoffMs` up to `maxBackoffMs`, +-20% jitter. */
export function backoffMs(settings: { readonly backoffMs: number; readonly maxBackoffMs: number }, attempt: number): number {
  return Math.min(settings.maxBackoffMs, settings.backoffMs * 2 ** (attempt - 1)) * (0.8 + 0.4 * Math.random());
}

/** A module served over NATS, called through its schema. */
export class RemoteModule {
  private readonly functions = new Map<string, RemoteFunction>();
  private readonly settings: Settings;
  private readonly prefix: string;

  constructor(
    nc: NatsConnection,
    readonly schema: SchemaSpec,
    readonly module: string,
    options: RemoteOptions = {},
  ) {
    if (schema.modules[module] === undefined) throw new LinkError([{ module, problem: `the schema "${schema.name}" declares no module "${module}"` }]);
    this.prefix = checkPrefix(options.subjectPrefix ?? DEFAULT_PREFIX);
    this.settings = { nc, ...retrySettings(module, options) };
  }

  /** One function, by interface and function name (LinkError when the module does not implement it). */
  function<T = unknown, V = unknown>(iface: string, fn: string): RemoteFunction<T, V> {
    const qualified = `${iface}.${fn}`;
    let remote = this.functions.get(qualified);
    if (remote === undefined) {
      const spec = this.schema.interfaces[iface]?.functions.find((f) => f.name === fn);
      if (spec === undefined || !this.schema.modules[this.module]!.implements.includes(iface)) {
        throw new LinkError([{ module: this.module, function: qualified, problem: `the module does not implement ${qualified}` }]);
      }
      remote = new RemoteFunction(this.settings, spec, qualified, subjectOf(this.prefix, this.module, iface, fn));
      this.functions.set(qualified, remote);
    }
    return remote as RemoteFunction<T, V>;
  }

  /** `call('Scoring.Score', bytes)` or `call('Scoring.Score', (w) => ...)`: a Reader over the answer. */
  call(qualified: string, arg: Uint8Array | ((writer: Writer) => void)): Promise<Reader> {
    const dot = qualified.indexOf('.');
    let remote: RemoteFunction;
    try {
      remote = this.function(qualified.slice(0, dot), qualified.slice(dot + 1));
    } catch (error) {
      return Promise.reject(error);
    }
    return typeof arg === 'function' ? remote.callWith(arg) : remote.callBytes(arg);
  }

  /** A typed client of `iface`: its functions take plain data and resolve with viewers, or plain data with `'object'`. */
  client<S extends InterfaceSpec>(iface: S): AsyncClient<ClientOf<S>>;
  client<S extends InterfaceSpec>(iface: S, results: 'viewer'): AsyncClient<ClientOf<S>>;
  client<S extends InterfaceSpec>(iface: S, results: 'object'): AsyncClient<ObjectClientOf<S>>;
  client<S extends InterfaceSpec>(iface: S, results: 'viewer' | 'object' = 'viewer'): unknown {
    const out: Record<string, (arg?: unknown) => Promise<unknown>> = {};
    for (const fn of iface.functions) {
      const remote = this.function(iface.name, fn.name);
      out[fn.name] = results === 'viewer' ? (arg) => remote.view(arg) : (arg) => remote.decode(arg);
    }
    return out;
  }
}

/** A client of `module` as served over NATS on `nc` (nothing is sent until a call). */
export function remoteModule(nc: NatsConnection, schema: SchemaSpec, module: string, options?: RemoteOptions): RemoteModule {
  return new RemoteModule(nc, schema, module, options);
}

/** The longest wait a timer takes (2^31 - 1 ms, about 24.8 days): a longer one fires at once. */
const MAX_TIMER_MS = 2_147_483_647;

export function positive(name: string, value: number): number {
  // At least 1: the NATS client refuses a request timeout that rounds to 0.
  if (!(value >= 1 && value <= MAX_TIMER_MS)) throw new RangeError(`karmem-nats: ${name} must be a number of ms from 1 to ${MAX_TIMER_MS}, got ${value}`);
  return value;
}

/** An argument that is not the encoded message a call sends (also for ./bridge.ts). */
export function notBytes(fn: string, message: unknown): KarmemEncodeError {
  return new KarmemEncodeError('', `${fn}: the encoded argument is a Uint8Array, not ${describeValue(message)}`, message);
}

function notAWriter(fn: string, write: unknown): TypeError {
  return new TypeError(`karmem-nats: ${fn}: callWith takes a function that writes the argument, not ${describeValue(write)}`);
}

export function count(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 0) throw new RangeError(`karmem-nats: ${name} must be a whole number of at least 0, got ${value}`);
  return value;
}
