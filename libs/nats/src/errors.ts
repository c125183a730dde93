/**
 * The errors of calls over NATS that the linker has no class for. Everything
 * a guest or the serving linker raises travels as the linker's own class
 * (./wire.ts rebuilds it on the client and flags it `remote`).
 */
import { KarmemLinkerError, TimeoutError } from '@karmem-ts/linker';

/** Where a rebuilt error came from: the subject that was called. */
export interface RemoteOrigin {
  readonly subject: string;
}

/** A linker error raised by the server's linker, rebuilt on the client: `error.remote` says from where. */
export type RemoteError<E extends KarmemLinkerError = KarmemLinkerError> = E & { readonly remote: RemoteOrigin };

/** True for an error a server sent back (a remote trap, a remote guest error...), false for one raised on this side. */
export function isRemote(error: unknown): error is RemoteError {
  return error instanceof KarmemLinkerError && typeof (error as { remote?: unknown }).remote === 'object';
}

/** Nobody serves the subject: no server of the module is connected to NATS (or none serves that function). */
export class NoResponderError extends KarmemLinkerError {
  override readonly name = 'NoResponderError';
  constructor(
    module: string,
    fn: string,
    readonly subject: string,
    /** Attempts made (1 + retries used). */
    readonly attempts: number,
  ) {
    super(`karmem: module "${module}", ${fn}: nobody serves ${subject} on NATS${attempts > 1 ? ` (${attempts} attempts)` : ''}`, module, fn);
  }
}

/**
 * No answer within the client's `timeoutMs`: the server is slow, stuck, or
 * was gone mid-call. The call may or may not have run on the server. A
 * TimeoutError (not flagged remote); retried only for `idempotent` clients.
 */
export class RequestTimeoutError extends TimeoutError {
  constructor(
    module: string,
    fn: string,
    readonly subject: string,
    timeoutMs: number,
    readonly attempts: number,
  ) {
    super(module, fn, timeoutMs);
    // TimeoutError's `name` is a literal type: set at run time only (instanceof TimeoutError still holds).
    Object.defineProperty(this, 'name', { value: 'RequestTimeoutError', enumerable: false });
    this.message =
      `karmem: module "${module}", ${fn}: no answer on ${subject} within ${timeoutMs} ms` +
      `${attempts > 1 ? ` (${attempts} attempts)` : ''} (the server may be slow or gone; the call may have run)`;
  }
}

/**
 * The NATS connection failed the request: it is closed or draining, or the
 * subject is not permitted (`retryable` false); or it is disconnected
 * (retryable: the client reconnects by itself).
 * `cause` is the NATS client's error.
 */
export class TransportError extends KarmemLinkerError {
  override readonly name = 'TransportError';
  constructor(
    module: string,
    fn: string,
    readonly subject: string,
    readonly retryable: boolean,
    readonly attempts: number,
    cause: unknown,
  ) {
    const why = cause instanceof Error ? cause.message : String(cause);
    super(`karmem: module "${module}", ${fn}: the NATS connection failed the request on ${subject}: ${why}${attempts > 1 ? ` (${attempts} attempts)` : ''}`, module, fn, {
      cause,
    });
  }
}

/**
 * A server answered with an error this client cannot rebuild as a linker
 * class (a non-karmem service error, or a class it does not know).
 */
export class RemoteServiceError extends KarmemLinkerError {
  override readonly name = 'RemoteServiceError';
  constructor(
    module: string,
    fn: string,
    /** The NATS service error code (`Nats-Service-Error-Code`). */
    readonly code: number,
    /** The class the server named (`Karmem-Error`), if any. */
    readonly remoteName: string | undefined,
    description: string,
  ) {
    super(`karmem: module "${module}", ${fn}: the server answered ${code}${remoteName ? ` ${remoteName}` : ''}: ${description}`, module, fn);
  }
}

/**
 * The synchronous bridge (./bridge.ts) had no word from its worker thread
 * within the call's time limit plus its margin: the worker is stuck or gone.
 * It was stopped; the next call starts a fresh one. The call may have run.
 */
export class BridgeTimeoutError extends TimeoutError {
  constructor(
    module: string,
    fn: string,
    timeoutMs: number,
    /** How long the calling thread waited, in ms (the time limit plus the margin). */
    readonly waitedMs: number,
  ) {
    super(module, fn, timeoutMs);
    // TimeoutError's `name` is a literal type: set at run time only (instanceof TimeoutError still holds).
    Object.defineProperty(this, 'name', { value: 'BridgeTimeoutError', enumerable: false });
    this.message =
      `karmem: module "${module}", ${fn}: the NATS bridge's worker thread gave no answer within ${Math.round(waitedMs)} ms ` +
      `(time limit ${timeoutMs} ms plus margin); it was stopped, the next call starts a fresh one (the call may have run)`;
  }
}

/** The bridge's worker thread could not start or connect to NATS (`cause` says why). */
export class BridgeStartError extends KarmemLinkerError {
  override readonly name = 'BridgeStartError';
  constructor(module: string, why: string, cause?: unknown) {
    super(`karmem: the NATS bridge to module "${module}" could not start: ${why}`, module, undefined, cause === undefined ? undefined : { cause });
  }
}

/** An argument or answer larger than the bridge's `maxMessageBytes` (its shared area cannot grow past it). */
export class MessageTooLargeError extends KarmemLinkerError {
  override readonly name = 'MessageTooLargeError';
  constructor(
    module: string,
    fn: string,
    readonly which: 'argument' | 'answer',
    readonly bytes: number,
    readonly limit: number,
  ) {
    super(`karmem: module "${module}", ${fn}: the ${which} is ${bytes} bytes, more than the bridge's maxMessageBytes (${limit})`, module, fn);
  }
}
