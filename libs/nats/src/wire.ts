/**
 * What travels on the wire besides the Karmem bytes: the subject of each
 * interface function, and errors. An error reply is a NATS service error
 * (`Nats-Service-Error-Code`, `Nats-Service-Error`) with one more header,
 * `Karmem-Error`, naming the linker's error class, and a small JSON body with
 * the fields the client needs to rebuild it (cause chain included).
 */
import {
  ClosedError,
  FuelExhaustedError,
  GuestError,
  GuestProtocolError,
  GuestTrapError,
  ImportFailedError,
  KarmemLinkerError,
  MemoryCapError,
  ReentrancyError,
  TimeoutError,
} from '@karmem-ts/linker';
import { type RemoteOrigin, RemoteServiceError } from './errors';

export const DEFAULT_PREFIX = 'karmem';
export const ERROR_HEADER = 'Karmem-Error';
export const SERVICE_ERROR_HEADER = 'Nats-Service-Error';
export const SERVICE_CODE_HEADER = 'Nats-Service-Error-Code';

/** `<prefix>.<module>.<Interface>.<Function>`. */
export function subjectOf(prefix: string, module: string, iface: string, fn: string): string {
  return `${prefix}.${module}.${iface}.${fn}`;
}

/** Refuses a prefix NATS would read as wildcards or more than tokens. */
export function checkPrefix(prefix: string): string {
  if (prefix === '' || /[\s*>]/.test(prefix) || prefix.split('.').some((token) => token === '')) {
    throw new TypeError(`karmem-nats: subject prefix "${prefix}" must be dot-separated tokens without spaces or wildcards`);
  }
  return prefix;
}

/** A linker error as JSON fields (the cause chain too, a few levels deep). */
export interface WireError {
  readonly name: string;
  readonly message: string;
  readonly module: string;
  readonly function?: string;
  readonly reason?: string;
  readonly budget?: number;
  readonly limit?: number;
  readonly used?: number;
  readonly requested?: number;
  readonly problem?: string;
  readonly code?: number;
  readonly failedImport?: string;
  readonly reset?: boolean;
  readonly resetFailed?: string;
  readonly timeoutMs?: number;
  readonly cause?: WireError;
}

const MAX_DEPTH = 8;

/** The NATS service error code for an error the serving linker raised. */
export function serviceCode(error: unknown): number {
  if (error instanceof GuestError) return 422; // the guest answered with a failure status
  if (error instanceof ImportFailedError) return 424; // one of its imports failed
  if (error instanceof TimeoutError) return 504;
  if (error instanceof ClosedError) return 503; // this server is shutting down; another may serve
  if (error instanceof ReentrancyError) return 409;
  return 500; // traps, fuel, memory caps, broken ABI, anything else
}

export function toWire(error: unknown, depth = 0): WireError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error), module: '?' };
  const e = error as KarmemLinkerError & Record<string, unknown>;
  const outcome = (e.outcome ?? {}) as { reset?: boolean; resetFailed?: string };
  const fields: Record<string, unknown> = {
    name: e.name,
    message: e.message,
    module: e instanceof KarmemLinkerError ? e.module : '?',
    function: e instanceof KarmemLinkerError ? e.function : undefined,
    reason: e instanceof GuestTrapError ? e.reason : undefined,
    budget: e instanceof FuelExhaustedError ? e.budget : undefined,
    limit: e instanceof MemoryCapError ? e.limit : undefined,
    used: e instanceof MemoryCapError ? e.used : undefined,
    requested: e instanceof MemoryCapError ? e.requested : undefined,
    problem: e instanceof GuestProtocolError ? e.problem : undefined,
    code: e instanceof GuestError || e instanceof ImportFailedError ? e.code : undefined,
    failedImport: e instanceof ImportFailedError ? e.failedImport : undefined,
    reset: outcome.reset,
    resetFailed: e instanceof GuestTrapError ? e.resetFailed : outcome.resetFailed,
    timeoutMs: e instanceof TimeoutError ? e.timeoutMs : undefined,
    cause: e.cause !== undefined && depth < MAX_DEPTH ? toWire(e.cause, depth + 1) : undefined,
  };
  for (const key of Object.keys(fields)) if (fields[key] === undefined) delete fields[key];
  return fields as unknown as WireError;
}

/**
 * The linker error `wire` describes, rebuilt with its own class (a class
 * this side does not know: a KarmemLinkerError carrying the remote name and
 * message). Flagged `remote` when `origin` is given (the top level).
 */
export function fromWire(wire: WireError, origin?: RemoteOrigin): KarmemLinkerError {
  const module = wire.module;
  const fn = wire.function;
  const reset = wire.resetFailed === undefined ? {} : { resetFailed: wire.resetFailed };
  const cause = wire.cause === undefined ? undefined : fromWire(wire.cause);
  let error: KarmemLinkerError;
  switch (wire.name) {
    case 'FuelExhaustedError':
      error = new FuelExhaustedError(module, fn, wire.budget ?? 0, reset);
      break;
    case 'GuestTrapError':
      error = new GuestTrapError(module, fn, wire.reason ?? 'trapped', reset);
      break;
    case 'MemoryCapError':
      error = new MemoryCapError(module, fn, wire.limit ?? 0, wire.used ?? 0, wire.requested ?? 0, reset);
      break;
    case 'GuestProtocolError':
      error = new GuestProtocolError(module, fn, wire.problem ?? 'broke the ABI', { ...reset, ...(wire.reset === undefined ? {} : { reset: wire.reset }) });
      break;
    case 'GuestError':
      error = new GuestError(module, fn, wire.code ?? 0, cause === undefined ? undefined : { cause });
      break;
    case 'ImportFailedError':
      error =
        cause === undefined
          ? generic(wire, undefined)
          : new ImportFailedError(module, fn, wire.failedImport ?? '?', wire.code ?? 0, cause, { reset: wire.reset ?? false, ...reset });
      break;
    case 'TimeoutError':
      error = new TimeoutError(module, fn, wire.timeoutMs ?? 0);
      break;
    case 'ClosedError':
      error = new ClosedError(module, fn);
      break;
    case 'ReentrancyError':
      error = new ReentrancyError(module, fn);
      break;
    default:
      error = generic(wire, cause);
  }
  if (origin !== undefined) Object.defineProperty(error, 'remote', { value: origin, enumerable: true });
  return error;
}

/** A class this side has no constructor for: its name and message as sent. */
function generic(wire: WireError, cause: KarmemLinkerError | undefined): KarmemLinkerError {
  const error = new KarmemLinkerError(wire.message, wire.module, wire.function, cause === undefined ? undefined : { cause });
  Object.defineProperty(error, 'name', { value: wire.name, enumerable: false });
  return error;
}

/** Reads an error reply: the linker error it carries, or a RemoteServiceError for anything else. */
export function errorFromReply(
  module: string,
  fn: string,
  origin: RemoteOrigin,
  code: number,
  description: string,
  karmemName: string | undefined,
  body: Uint8Array,
): KarmemLinkerError {
  if (karmemName !== undefined && body.length > 0) {
    let wire: WireError | undefined;
    try {
      wire = JSON.parse(new TextDecoder().decode(body)) as WireError;
    } catch {
      wire = undefined;
    }
    const checked = wireError(wire, 0);
    if (checked !== undefined) return fromWire(checked, origin);
  }
  const error = new RemoteServiceError(module, fn, code, karmemName, description);
  Object.defineProperty(error, 'remote', { value: origin, enumerable: true });
  return error;
}

/**
 * The fields of a parsed error body that have their types, as a WireError:
 * undefined unless it is an object with a string `name` and `module` (the
 * body comes from whoever answered: anything may be there). A cause that is
 * not one, or past MAX_DEPTH levels, is dropped.
 */
function wireError(value: unknown, depth: number): WireError | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const v = value as Record<string, unknown>;
  if (typeof v.name !== 'string' || typeof v.module !== 'string') return undefined;
  const out: Record<string, unknown> = { name: v.name, message: typeof v.message === 'string' ? v.message : '', module: v.module };
  for (const key of ['function', 'reason', 'problem', 'failedImport', 'resetFailed'] as const) if (typeof v[key] === 'string') out[key] = v[key];
  for (const key of ['budget', 'limit', 'used', 'requested', 'code', 'timeoutMs'] as const) if (typeof v[key] === 'number' && Number.isFinite(v[key])) out[key] = v[key];
  if (typeof v.reset === 'boolean') out.reset = v.reset;
  if (depth < MAX_DEPTH) {
    const cause = wireError(v.cause, depth + 1);
    if (cause !== undefined) out.cause = cause;
  }
  return out as unknown as WireError;
}

/** A header value: one line. */
export function oneLine(text: string): string {
  return text.replace(/[\r\n]+/g, ' ');
}
