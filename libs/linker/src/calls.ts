/**
 * Calls: the host calling a guest (BoundFunction, the allocation-free path)
 * and a guest's import served by another guest or by a host implementation
 * (the bridges). Every status and pointer a guest gives goes through
 * ./boundary.ts; a guest that breaks the ABI is blamed and reset, and its
 * caller gets a failure status whose recorded cause names it.
 */
import { KarmemEncodeError, KarmemWriteError, Reader, Writer, describeValue } from '@karmem-ts/runtime';
import { STATUS } from './abi';
import { checkStatusCode, emptyAnswer, linkerCodeBit, outside } from './boundary';
import type { CallerSide, Endpoint } from './endpoint';
import {
  ClosedError,
  FuelExhaustedError,
  GuestError,
  GuestProtocolError,
  GuestTrapError,
  HostFunctionError,
  ImportFailedError,
  KarmemLinkerError,
  MemoryCapError,
  ReentrancyError,
  describe,
} from './errors';
import { type FaultLog, codeOf } from './faults';
import type { GuestInstance } from './guest';
import type { LinkStats } from './options';
import type { Codec, FunctionSpec } from './spec';

/** Per module, during its current call. */
export interface ModuleState {
  /** The linker codes (16-47, as bits) the linker returned to it. */
  given: number;
  /** The first of its plain (unchecked) imports that failed: which, the status it got, and why. */
  failed: KarmemLinkerError | undefined;
  failedCode: number;
  failedImport: string;
  /**
   * The host is writing an argument into the module's argument region (its
   * encoding may run the caller's code: getters, a `callWith` callback):
   * until the call starts, the module counts as busy, so nothing else writes
   * there or resets it meanwhile.
   */
  writing: boolean;
}

/** A call into the module begins. */
function begin(state: ModuleState): void {
  state.given = 0;
  state.failed = undefined;
}

/** What calls need from the linked set (implemented by Linked). */
export interface CallContext {
  readonly faultLog: FaultLog;
  readonly stats: LinkStats;
  readonly closed: boolean;
  /** After close(): releases the modules once no call into them runs (a call that ends after close() calls it). */
  releaseWhenIdle(): void;
  state(module: string): ModuleState;
  endpointOf(module: string): Endpoint;
}

/** copyBytes' bounce buffer for short copies. */
const SHORT = new Uint8Array(64);

/**
 * Copies `len` bytes: short messages through a small bounce buffer (no view
 * is made); `copyWithin` inside one memory's view (`set` from a view of its
 * own buffer first clones the source: twice the work); `set` between two
 * memories. Both ranges were checked by the caller (./boundary.ts). The
 * ranges may overlap (a message the host cut from a guest's memory, copied
 * into that memory): the bounce buffer, `copyWithin` and `set` are all
 * correct then. The same view is told by identity, not by comparing
 * buffers: a typed array's `buffer` and `byteOffset` are calls into the
 * engine (12-30 ns each on Node 20).
 */
export function copyBytes(src: Uint8Array, from: number, len: number, dst: Uint8Array, to: number): void {
  if (len <= SHORT.length) {
    for (let i = 0; i < len; i++) SHORT[i] = src[from + i]!;
    for (let i = 0; i < len; i++) dst[to + i] = SHORT[i]!;
  } else if (src === dst) {
    dst.copyWithin(to, from, from + len);
  } else {
    dst.set(src.subarray(from, from + len), to);
  }
}

/**
 * The status `endpoint` returned for `fn`, checked: no linker code it was
 * not given, no empty answer where the function has a result. A violation
 * resets the module and throws the GuestProtocolError.
 */
function checkedStatus(endpoint: Endpoint, fn: string, spec: FunctionSpec | undefined, status: number, given: number): number {
  if (status > 0) return status;
  try {
    checkStatusCode(endpoint.name, fn, status, given);
    if (status === 0 && spec?.result) throw emptyAnswer(endpoint.name, fn, spec.result.name);
    return status;
  } catch (error) {
    let resetFailed: string | undefined;
    try {
      endpoint.reset();
    } catch (failure) {
      resetFailed = failure instanceof GuestTrapError && failure.resetFailed !== undefined ? failure.resetFailed : describe(failure);
    }
    throw (error as GuestProtocolError).during(fn, resetFailed === undefined ? {} : { resetFailed });
  }
}

/** A guest function bound to its module: the allocation-free call path. */
export class BoundFunction<T = unknown, V = unknown> {
  private readonly state: ModuleState;
  private readonly faultLog: FaultLog;
  // The spec's codecs, held here: one load each on the call path instead of two.
  private readonly param: Codec | undefined;
  /** Also: an empty answer (status 0) is a protocol error when there is a result. */
  private readonly result: Codec | undefined;

  constructor(
    private readonly linked: CallContext,
    readonly endpoint: Endpoint,
    readonly index: number,
    readonly spec: FunctionSpec,
    /** `Interface.Function`. */
    readonly qualifiedName: string,
  ) {
    this.state = linked.state(endpoint.name);
    this.faultLog = linked.faultLog;
    this.param = spec.param;
    this.result = spec.result;
  }

  /**
   * Encodes `arg` straight into the guest's memory, calls, and returns a
   * reader over the answer in place (the linker's cached reader: valid until
   * the next call into this module; empty when there is no answer).
   */
  call(arg?: unknown): Reader {
    return this.endpoint.resultReader(this.send(arg));
  }

  /** Encodes `arg` and calls: the status (the answer's length). */
  private send(arg: unknown): number {
    this.open();
    const param = this.param;
    return this.invoke(param === undefined ? 0 : this.write(param, arg));
  }

  /** Calls with an already encoded argument: one copy into the guest's memory. */
  callBytes(message: Uint8Array): Reader {
    this.open();
    if (!ArrayBuffer.isView(message) || !(message instanceof Uint8Array)) throw this.notBytes(message);
    const endpoint = this.endpoint;
    const length = message.length;
    // A region too small grows, and may grow the memory `message` is a view of (see fillGrowing): copied out first.
    if (length > endpoint.argCapacity) message = message.slice();
    try {
      endpoint.argWriter(length);
    } catch (error) {
      throw this.named(error);
    }
    copyBytes(message, 0, length, endpoint.argU8, endpoint.argOffset);
    return endpoint.resultReader(this.invoke(length));
  }

  private notBytes(message: unknown): KarmemEncodeError {
    return new KarmemEncodeError('', `${this.qualifiedName}: callBytes takes the encoded message as a Uint8Array, not ${describeValue(message)}`, message);
  }

  /** Calls after `write` wrote the argument into the region's writer (retried with more room when it runs out). */
  callWith(write: (writer: Writer) => void): Reader {
    this.open();
    if (typeof write !== 'function') throw new TypeError(`karmem: ${this.qualifiedName}: callWith takes a function that writes the argument, not ${describeValue(write)}`);
    return this.endpoint.resultReader(this.invoke(this.fill(undefined, undefined, write)));
  }

  /** The answer as a zero-copy viewer (valid until the next call into this module). */
  view(arg?: unknown): V {
    const result = this.result;
    if (result === undefined) {
      this.send(arg); // no answer to read: no reader either
      return undefined as V;
    }
    return result.view(this.call(arg)) as V;
  }

  /** The answer as plain data. */
  decode(arg?: unknown): T {
    const result = this.result;
    if (result === undefined) {
      this.send(arg);
      return undefined as T;
    }
    return result.decode(this.call(arg)) as T;
  }

  /**
   * Before the argument is written: the linked set is open, and the module
   * runs no call now, nor has an argument being written for one. (A host
   * implementation calling back into the module that called it, or a getter
   * of an argument calling the module it is for, would otherwise overwrite,
   * or move, the argument region another call is reading or writing, before
   * being refused.)
   */
  private open(): void {
    // `=== true`: the flag's field holds any value as far as V8 knows, so plain truthiness costs a chain of tests.
    if (this.linked.closed === true || this.endpoint.busy === true || this.state.writing === true) throw this.refusal();
  }

  private refusal(): KarmemLinkerError {
    const module = this.endpoint.name;
    return this.linked.closed ? new ClosedError(module, this.qualifiedName) : new ReentrancyError(module, this.qualifiedName);
  }

  private write(codec: Codec, arg: unknown): number {
    return this.fill(codec, arg, undefined);
  }

  /**
   * Encodes `arg` with `codec` (or runs `write`) into the argument region's
   * writer, the region as it is; when it is too small, or not made yet, see
   * `fillGrowing`. Returns the length written. (No closure: this is the hot
   * path.)
   */
  private fill(codec: Codec | undefined, arg: unknown, write: ((writer: Writer) => void) | undefined): number {
    const endpoint = this.endpoint;
    const state = this.state;
    state.writing = true;
    try {
      if (endpoint.argCapacity !== 0) {
        const w = endpoint.argWriter(0);
        try {
          if (codec !== undefined) codec.encode(arg, w);
          else write!(w);
          return w.length;
        } catch (error) {
          // Out of room, or the memory grew under the writer (the argument's own code called a module that grew it).
          if (!(error instanceof KarmemWriteError) || (error.code !== 'OUT_OF_SPACE' && error.code !== 'DETACHED')) throw error;
        }
      }
      return this.fillGrowing(codec, arg, write);
    } catch (error) {
      throw this.named(error);
    } finally {
      state.writing = false;
    }
  }

  /** A module's memory cap, met making room for the argument of this function: the error names it. */
  private named(error: unknown): unknown {
    return error instanceof MemoryCapError && error.function === undefined && error.module === this.endpoint.name ? error.during(this.qualifiedName) : error;
  }

  /**
   * The argument does not fit the region as it is. Growing the region may
   * grow the module's memory, which detaches every view of its old buffer:
   * the argument's own, when it holds bytes of that memory (an answer, or a
   * host implementation's argument, passed on; in shared memory, of any
   * module). So it is encoded into host memory first, read while every view
   * is whole, then copied into a region made large enough: one more copy,
   * once per growth of the region.
   */
  private fillGrowing(codec: Codec | undefined, arg: unknown, write: ((writer: Writer) => void) | undefined): number {
    const message = new Writer();
    if (codec !== undefined) codec.encode(arg, message);
    else write!(message);
    const length = message.length;
    const endpoint = this.endpoint;
    endpoint.argWriter(length);
    copyBytes(message.bytes(), 0, length, endpoint.argU8, endpoint.argOffset);
    return length;
  }

  /**
   * Calls the guest on the `len` argument bytes; returns its status (the
   * answer's length). Every call checks: closed (before: `open`; the module
   * refuses a call while closed, broken or busy), the guest's status (no
   * linker code it was not given, an answer where one is due), an import
   * that failed during the call, a host callback that threw, a close()
   * during the call. The common outcome takes a handful of comparisons.
   */
  private invoke(len: number): number {
    const faultLog = this.faultLog;
    const faults = faultLog.count;
    const epoch = faultLog.epoch;
    let status: number;
    let unusual = false;
    try {
      begin(this.state);
      status = this.endpoint.invoke(this.index, len);
      // One test for the rare outcomes: a failure status, an empty answer where one is due, or
      // anything that moved the epoch during the call (a fault kept, a host callback's among
      // them; a plain import that failed; close()).
      if (faultLog.epoch !== epoch || (status <= 0 && (status < 0 || this.result !== undefined))) {
        unusual = true;
        status = this.settle(status);
      }
    } catch (error) {
      throw this.ended(error);
    }
    if (unusual) this.refuse(status, faults);
    return status;
  }

  // The rare outcomes of `invoke`, out of its way (it stays small enough for V8 to inline).

  /**
   * A failure status, an empty answer, or a call during which the epoch moved
   * (an import failed, a host callback threw, close()): the status checked,
   * and an answer refused when a plain import failed. Throws when refused.
   */
  private settle(status: number): number {
    const checked = checkedStatus(this.endpoint, this.qualifiedName, this.spec, status, this.state.given);
    if (checked >= 0) carriedOn(this.endpoint.name, this.qualifiedName, this.state);
    return checked;
  }

  /** What the call threw, as the error the host gets. */
  private ended(error: unknown): unknown {
    this.linked.releaseWhenIdle(); // close() during the call
    this.linked.faultLog.takeHostError(); // recorded in linked.faults; the guest's own error says more
    return endedByImport(this.endpoint.name, this.qualifiedName, this.state, error);
  }

  /** After a settled call: throws when it was closed during it, a host callback threw, or the status is a failure. */
  private refuse(status: number, faults: number): void {
    const linked = this.linked;
    // close() was called during the call: its memory is gone (released now, unless an outer call still runs), the answer with it.
    if (linked.closed) {
      linked.releaseWhenIdle();
      throw new ClosedError(this.endpoint.name, this.qualifiedName);
    }
    const hostError = linked.faultLog.takeHostError();
    if (hostError) throw hostError;
    if (status < 0) throw new GuestError(this.endpoint.name, this.qualifiedName, -status, { cause: linked.faultLog.since(faults) });
  }
}

/** What a guest's import returns, as a function of its caller, the argument's address and length. */
export type Bridge = (side: CallerSide, ptr: number, len: number) => number;

/** How a bridge returns a failure to its caller: the status, and why (for the caller's own call). */
type Give = (status: number, error?: KarmemLinkerError) => number;

/**
 * Returns statuses to `state`'s module through import `qualified`,
 * remembering a linker code (so that the caller may pass it on) and, for a
 * plain import (not `checked`), the first failure: that failure ends the
 * caller's call (`carriedOn`, `endedByImport`).
 */
function giver(faultLog: FaultLog, state: ModuleState, qualified: string, checked: boolean): Give {
  return (status, error) => {
    if (status < 0) {
      state.given |= linkerCodeBit(-status);
      if (!checked && error !== undefined && state.failed === undefined) {
        state.failed = error;
        state.failedCode = -status;
        state.failedImport = qualified;
        // The caller's call sees it when it returns (BoundFunction.invoke's one test), recorded fault or not.
        faultLog.interrupt();
      }
    }
    return status;
  };
}

/**
 * A module that answered although one of its plain imports failed during
 * the call (a guest that ignored the status) has its answer refused: an
 * ImportFailedError whose cause is the callee's (or host implementation's)
 * error. The module is not reset (it returned normally).
 */
function carriedOn(module: string, fn: string, state: ModuleState): void {
  if (state.failed !== undefined) throw new ImportFailedError(module, fn, state.failedImport, state.failedCode, state.failed, { reset: false });
}

/**
 * The error a call of `module` ends with: a trap after one of its plain
 * imports failed (the generated wrappers abort there, so that no default
 * is read as data) becomes an ImportFailedError whose cause is the import's
 * error (the module was reset by the trap). Anything else is left as is.
 */
function endedByImport(module: string, fn: string, state: ModuleState, error: unknown): unknown {
  if (state.failed === undefined || !(error instanceof GuestTrapError) || error instanceof FuelExhaustedError) return error;
  const outcome = error.resetFailed === undefined ? { reset: true } : { reset: true, resetFailed: error.resetFailed };
  return new ImportFailedError(module, fn, state.failedImport, state.failedCode, state.failed, outcome);
}

/**
 * Checks the argument a caller passed to an import: inside its memory.
 * Outside: the caller broke the ABI, its call ends with that error.
 */
function argumentOutside(ctx: CallContext, caller: string, qualified: string, side: CallerSide, ptr: number, len: number): boolean {
  // Anywhere in the caller's memory: the glue's argument writer, or a message it received and forwards as it is.
  const size = side.bytes().length;
  if (ptr + len <= size) return false;
  const error = outside(caller, undefined, `the argument it passed to import ${qualified}`, ptr, len, size);
  if (side.fail) side.fail(error);
  else ctx.faultLog.record(error);
  return true;
}

/**
 * Serves an import of `caller` with an export of module `callee`: copies
 * the argument in (or, in one shared memory, passes its address), calls,
 * copies the answer back into the caller's RET region. Never throws into the
 * guest: failures become status codes and recorded faults.
 */
export function moduleBridge(
  ctx: CallContext,
  caller: string,
  qualified: string,
  spec: FunctionSpec | undefined,
  callee: string,
  index: number,
  sameMemory: boolean,
  checked: boolean,
): Bridge {
  const stats = ctx.stats;
  const give = giver(ctx.faultLog, ctx.state(caller), qualified, checked);
  const calleeState = ctx.state(callee);
  /** The callee's endpoint, looked up at the first call (the bridge is built before the endpoints exist). */
  let calleeEndpoint: Endpoint | undefined;
  return (side, ptr, len) => {
    stats.importCalls++;
    if (argumentOutside(ctx, caller, qualified, side, ptr, len)) return give(-STATUS.CALLEE_FAILED);
    if (ctx.closed) {
      const error = new ClosedError(callee, qualified);
      ctx.faultLog.record(error);
      return give(-STATUS.CALLEE_FAILED, error);
    }
    const endpoint = (calleeEndpoint ??= ctx.endpointOf(callee));
    if (endpoint.busy || calleeState.writing) {
      const error = new ReentrancyError(callee, qualified);
      ctx.faultLog.record(error);
      return give(-STATUS.REENTRANT, error);
    }
    let status: number;
    try {
      begin(calleeState);
      if (sameMemory) {
        // Shared memory: the callee reads the caller's bytes where they are.
        status = checkedStatus(endpoint, qualified, spec, (endpoint as GuestInstance).invokeAt(index, ptr, len), calleeState.given);
        if (status >= 0) carriedOn(callee, qualified, calleeState);
        if (status > 0) side.publish(endpoint.resultPtr);
      } else {
        endpoint.argWriter(len);
        copyBytes(side.bytes(), ptr, len, endpoint.argU8, endpoint.argOffset);
        stats.copies++;
        stats.bytesCopied += len;
        status = checkedStatus(endpoint, qualified, spec, endpoint.invoke(index, len), calleeState.given);
        if (status >= 0) carriedOn(callee, qualified, calleeState);
        if (status > 0) {
          const at = side.answerRegion(status);
          copyBytes(endpoint.resultU8, endpoint.resultPtr, status, side.bytes(), at);
          stats.copies++;
          stats.bytesCopied += status;
          side.publish(at);
        }
      }
    } catch (thrown) {
      const error = endedByImport(callee, qualified, calleeState, thrown);
      if (!(error instanceof KarmemLinkerError)) throw error;
      ctx.faultLog.record(error);
      return give(-codeOf(error), error);
    }
    if (status < 0) {
      // Application codes pass through; the callee's own failures read as CALLEE_FAILED.
      const code = -status;
      const error = new GuestError(callee, qualified, code, { cause: calleeState.failed });
      ctx.faultLog.record(error);
      return give(code >= STATUS.APPLICATION ? status : -STATUS.CALLEE_FAILED, error);
    }
    return status;
  };
}

/**
 * Serves an import of `caller` with a host implementation: hands it a
 * viewer of the caller's bytes (a reader of this import's own, valid for the
 * whole host call) and encodes what it returns into the caller's RET region.
 */
export function hostBridge(ctx: CallContext, caller: string, qualified: string, spec: FunctionSpec, impl: Record<string, unknown>, checked: boolean): Bridge {
  const stats = ctx.stats;
  const give = giver(ctx.faultLog, ctx.state(caller), qualified, checked);
  const fn = impl[spec.name] as (arg?: unknown) => unknown;
  const param = spec.param;
  const result = spec.result;
  let fields: string[] | undefined;
  // One reader for every call of this import by this caller, made at the
  // first: the calls cannot nest (the caller is busy until the host call
  // returns, and a busy module refuses calls), so each call's viewer reads
  // its own argument until it returns, moved to the new buffer when the
  // caller's memory grows meanwhile (in shared memory, a call the
  // implementation makes into another module may grow it).
  let reader: Reader | undefined;
  let argumentAt = 0;
  let argumentLength = -1; // -1: no call running
  const failed = (error: KarmemLinkerError, code: number = STATUS.CALLEE_FAILED) => {
    ctx.faultLog.record(error);
    return give(-code, error);
  };
  return (side, ptr, len) => {
    stats.importCalls++;
    if (argumentOutside(ctx, caller, qualified, side, ptr, len)) return give(-STATUS.CALLEE_FAILED);
    if (ctx.closed) return failed(new ClosedError('host', qualified));
    let value: unknown;
    try {
      let arg: unknown;
      if (param !== undefined) {
        if (reader === undefined) {
          const made = (reader = new Reader());
          side.onMemoryGrowth?.(() => {
            if (argumentLength >= 0) made.resetAt(callerBuffer(side), argumentAt, argumentLength);
          });
        }
        argumentAt = ptr;
        argumentLength = len;
        arg = param.view(reader.resetAt(callerBuffer(side), ptr, len));
      }
      value = fn.call(impl, arg);
    } catch (error) {
      argumentLength = -1;
      return failed(new HostFunctionError(caller, qualified, error), standInCode(error));
    }
    // What the implementation returned is read and encoded under a try of its own: any of its getters
    // (`then` among them) may throw, and the bridge never throws into the guest.
    try {
      if (isThenable(value)) {
        return failed(new HostFunctionError(caller, qualified, undefined, 'returned a Promise: host implementations answer synchronously (guest calls cannot wait)'));
      }
      if (!result) return 0;
      if (value === undefined || value === null || (typeof value !== 'object' && typeof value !== 'function')) {
        return failed(new HostFunctionError(caller, qualified, undefined, `returned ${value === null ? 'null' : typeof value === 'undefined' ? 'undefined' : `a ${typeof value}`}, not a ${result.name} (or its encoded bytes)`));
      }
      if (value instanceof Uint8Array && value.length === 0) {
        // No message is empty (a table has its size, a struct its fields): the guest would read defaults.
        return failed(new HostFunctionError(caller, qualified, undefined, `returned empty bytes, not an encoded ${result.name}`));
      }
      const answered = answerFromHost(side, result, value);
      if (!(value instanceof Uint8Array)) {
        // The schema's fields, learnt once from a decoded answer: a field left out would be encoded as NaN or 0.
        fields ??= fieldsOf(result.decode(new Reader().resetAt(callerBuffer(side), side.answerRegion(0), answered)));
        const missing = missingField(value as Record<string, unknown>, fields);
        if (missing !== undefined) return failed(new HostFunctionError(caller, qualified, undefined, `returned a ${result.name} without ${missing}`));
      }
      return answered;
    } catch (error) {
      if (error instanceof KarmemLinkerError) return failed(error, error instanceof MemoryCapError ? STATUS.MEMORY_CAP : codeOf(error));
      return failed(new HostFunctionError(caller, qualified, error, `returned a value that cannot be read or does not encode as a ${result?.name ?? 'answer'}: ${describe(error)}`));
    } finally {
      // The answer may have read the argument (a viewer returned as it is): tracked until now.
      argumentLength = -1;
    }
  };
}

/**
 * The status a throwing host implementation gives its caller. One standing in
 * for a module (a worker pool, a module over NATS) throws that module's typed
 * failure: the caller gets what it would get from the module in-process (a
 * trap CALLEE_TRAPPED, a time limit TIMEOUT, an application code as it is);
 * anything else the host threw is CALLEE_FAILED.
 */
function standInCode(error: unknown): number {
  // A thrown Proxy's prototype trap may throw: `instanceof` inside the try.
  try {
    if (!(error instanceof KarmemLinkerError)) return STATUS.CALLEE_FAILED;
    if (error instanceof GuestError) return error.code >= STATUS.APPLICATION ? error.code : STATUS.CALLEE_FAILED;
    return codeOf(error);
  } catch {
    return STATUS.CALLEE_FAILED;
  }
}

/** The top-level fields of a decoded struct (none for bytes and non-objects). */
function fieldsOf(decoded: unknown): string[] {
  if (typeof decoded !== 'object' || decoded === null || ArrayBuffer.isView(decoded) || Array.isArray(decoded)) return [];
  return Object.keys(decoded);
}

/** The caller's memory buffer: from the runner's field where it keeps one (`CallerSide.buffer`), else through its bytes' getter. */
function callerBuffer(side: CallerSide): ArrayBufferLike {
  return side.buffer !== undefined ? side.buffer() : side.bytes().buffer;
}

/** The first of `fields` that `value` leaves undefined (a loop: no closure per host call). */
function missingField(value: Record<string, unknown>, fields: readonly string[]): string | undefined {
  for (let i = 0; i < fields.length; i++) if (value[fields[i]!] === undefined) return fields[i];
  return undefined;
}

function isThenable(value: unknown): boolean {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

function answerFromHost(side: CallerSide, codec: Codec, value: unknown): number {
  if (value instanceof Uint8Array) {
    const length = value.length;
    // Bytes of the caller's own memory (its argument, answered back): the answer region may have to grow,
    // which would detach them, so they are copied out first.
    const bytes = value.buffer === callerBuffer(side) ? value.slice() : value;
    const at = side.answerRegion(length);
    copyBytes(bytes, 0, length, side.bytes(), at);
    side.publish(at);
    return length;
  }
  let size = 1024;
  for (;;) {
    const w = side.answerWriter(size);
    try {
      codec.encode(value, w);
    } catch (error) {
      if (!(error instanceof KarmemWriteError) || error.code !== 'OUT_OF_SPACE') throw error;
      size = Math.max(w.capacity * 2, w.length + error.requested);
      continue;
    }
    side.publish(side.answerRegion(0));
    return w.length;
  }
}
