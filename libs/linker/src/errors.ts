/**
 * Typed errors of the linker. Every one names the module and, when there is
 * one, the interface function (`Interface.Function`) involved.
 */
import { statusName } from './abi';

/** Base class of every error the linker raises. */
export class KarmemLinkerError extends Error {
  /** The guest module (as named in the schema), or `host`. */
  readonly module: string;
  /** `Interface.Function`, when a function is involved. */
  readonly function: string | undefined;

  constructor(message: string, module: string, fn: string | undefined, options?: { cause?: unknown }) {
    super(message, options);
    this.module = module;
    this.function = fn;
  }
}

export interface LinkProblem {
  readonly module: string;
  readonly function?: string;
  readonly problem: string;
}

function where(module: string, fn: string | undefined): string {
  return fn === undefined ? `module "${module}"` : `module "${module}", ${fn}`;
}

/** How a fault ended for the module: reset, or not even that (`resetFailed` says why). */
export interface ResetOutcome {
  /** Why the module could not be restarted, when it could not. */
  readonly resetFailed?: string;
  /** Nothing was reset: the module did not fail, the host could not make room for its argument. */
  readonly kept?: boolean;
}

function resetNote(outcome: ResetOutcome | undefined): string {
  if (outcome?.kept === true) return '(the module was kept)';
  return outcome?.resetFailed === undefined ? '(the module was reset)' : `(the module could not be reset: ${outcome.resetFailed})`;
}

/**
 * Something does not fit at link time: a missing or mistyped export or
 * import, no provider for an imported interface, overlapping memory, a
 * wrong ABI version. `problems` lists every problem found; the message and
 * the `module` / `function` / `problem` fields give the first.
 */
export class LinkError extends KarmemLinkerError {
  override readonly name = 'LinkError';
  readonly problem: string;
  readonly problems: readonly LinkProblem[];

  constructor(problems: readonly LinkProblem[], options?: { cause?: unknown }) {
    const first = problems[0] ?? { module: '?', problem: 'unknown link problem' };
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more: ${problems.slice(1).map(format).join('; ')})` : '';
    super(`karmem link: ${format(first)}${more}`, first.module, first.function, options);
    this.problem = first.problem;
    this.problems = problems;
  }
}

function format(p: LinkProblem): string {
  return `${where(p.module, p.function)}: ${p.problem}`;
}

/**
 * A guest trapped (a wasm trap, an AssemblyScript abort, a stack overflow)
 * while running `function`. The module's instance has been reset: its memory
 * and state are fresh, other modules were not touched.
 */
export class GuestTrapError extends KarmemLinkerError {
  override readonly name: string = 'GuestTrapError';
  constructor(
    module: string,
    fn: string | undefined,
    /** What the engine or the guest said: `unreachable`, `abort: ... at file:line:col`... */
    readonly reason: string,
    options?: { cause?: unknown } & ResetOutcome,
  ) {
    super(`karmem: ${where(module, fn)} trapped: ${reason} ${resetNote(options)}`, module, fn, options);
    this.resetFailed = options?.resetFailed;
  }

  /** Why the module could not be restarted, when it could not. */
  readonly resetFailed: string | undefined;
}

/**
 * A guest built with fuel spent its budget: it trapped when its counter went
 * below 0 (a loop that does not end, or more work than the budget allows).
 * A GuestTrapError (guest callers get CALLEE_TRAPPED); the module was reset,
 * other modules keep running. docs/linker.md, "Fuel".
 */
export class FuelExhaustedError extends GuestTrapError {
  override readonly name: string = 'FuelExhaustedError';
  constructor(
    module: string,
    fn: string | undefined,
    /** The budget it ran with, in units (1 per loop iteration and per entry into a function that calls others). */
    readonly budget: number,
    options?: { cause?: unknown } & ResetOutcome,
  ) {
    super(module, fn, `ran out of fuel (budget ${budget} units per call)`, options);
  }
}

/**
 * A guest broke the ABI: a pointer or length outside its memory (an answer,
 * an argument it passed to an import, its frame, a region it reserved), an
 * empty answer where the function has a result, a status only the linker
 * gives, a value of the wrong type. Raised by ./boundary.ts, the one place
 * guest data is checked. The module that gave the bad value is named (not
 * its caller) and was reset, since its state is suspect.
 */
export class GuestProtocolError extends KarmemLinkerError {
  override readonly name = 'GuestProtocolError';
  constructor(
    module: string,
    fn: string | undefined,
    /** What was wrong, e.g. `its answer [1048560, +100) lies outside its memory (1048576 bytes)`. */
    readonly problem: string,
    readonly outcome: ResetOutcome & { readonly reset?: boolean } = {},
  ) {
    super(`karmem: ${where(module, fn)} broke the ABI: ${problem}${outcome.reset === false ? '' : ` ${resetNote(outcome)}`}`, module, fn);
  }

  /** The same error, naming the function that was running, and how the reset went. */
  during(fn: string | undefined, outcome: ResetOutcome & { readonly reset?: boolean } = this.outcome): GuestProtocolError {
    return new GuestProtocolError(this.module, fn ?? this.function, this.problem, outcome);
  }
}

/**
 * A guest returned an error status instead of an answer: a runtime-as
 * error (OUT_OF_SPACE, TOO_LARGE, OUT_OF_MEMORY, DECODE_DEPTH, DECODE_BUDGET,
 * VALUE_TOO_LONG), a failed call of its
 * own (CALLEE_TRAPPED... with the callee's error as `cause`), or an
 * application code (>= 64) from `fail()`. The module is not reset.
 */
export class GuestError extends KarmemLinkerError {
  override readonly name = 'GuestError';
  readonly codeName: string;
  constructor(
    module: string,
    fn: string | undefined,
    /** The status code (positive: the guest returned `-code`). */
    readonly code: number,
    options?: { cause?: unknown },
  ) {
    super(`karmem: ${where(module, fn)} failed with status ${statusName(code)}`, module, fn, options);
    this.codeName = statusName(code);
  }
}

/**
 * One of the guest's imports failed (the callee trapped or failed, the host
 * implementation threw or answered wrongly...) and the guest's own call
 * ended because of it: the default for an import called through a plain
 * `karmem:` import (the generated wrappers end the call at once; a guest
 * that carried on has its answer refused). `cause` is the callee's error,
 * whose own `cause` may go on down the chain. A guest that wants to handle
 * failures calls the checked import instead (`tryX` in the generated glue).
 */
export class ImportFailedError extends KarmemLinkerError {
  override readonly name = 'ImportFailedError';
  /** The status the import returned (positive). */
  readonly code: number;
  readonly codeName: string;
  constructor(
    module: string,
    fn: string | undefined,
    /** The import that failed, `Interface.Function`. */
    readonly failedImport: string,
    code: number,
    cause: KarmemLinkerError,
    /** `reset: true` when the guest's call was ended by a trap (the module was then reset). */
    readonly outcome: ResetOutcome & { readonly reset: boolean },
  ) {
    const ended = outcome.reset ? `its call was ended ${resetNote(outcome)}` : 'its answer was refused (the module was not reset)';
    super(`karmem: ${where(module, fn)}: its import ${failedImport} failed with ${statusName(code)} (${describe(cause)}), so ${ended}`, module, fn, { cause });
    this.code = code;
    this.codeName = statusName(code);
  }
}

/** A guest in a worker thread ran past its time limit; the worker was stopped and will be restarted. */
export class TimeoutError extends KarmemLinkerError {
  override readonly name = 'TimeoutError';
  constructor(
    module: string,
    fn: string | undefined,
    readonly timeoutMs: number,
  ) {
    super(`karmem: ${where(module, fn)} ran past its ${timeoutMs} ms time limit and was stopped (the module was reset)`, module, fn);
  }
}

/** A call, `reset()` or client method after `linked.close()`. */
export class ClosedError extends KarmemLinkerError {
  override readonly name = 'ClosedError';
  constructor(module: string, fn: string | undefined) {
    super(`karmem: ${where(module, fn)}: the linked modules are closed`, module, fn);
  }
}

/**
 * A callback the host gave the linker (`onFault`, `log`) threw. The guest
 * that was running is not at fault and was not reset; the call that was
 * running throws this error once it has returned.
 */
export class HostCallbackError extends KarmemLinkerError {
  override readonly name = 'HostCallbackError';
  constructor(
    /** `onFault` or `log`. */
    readonly callback: string,
    /** The module that was running, or `host`. */
    module: string,
    cause: unknown,
  ) {
    super(`karmem: the host's ${callback} callback threw: ${describe(cause)} (module "${module}" was not reset)`, module, undefined, { cause });
  }
}

/** A guest asked for more memory than its cap allows. The module's instance has been reset. */
export class MemoryCapError extends KarmemLinkerError {
  override readonly name = 'MemoryCapError';
  constructor(
    module: string,
    fn: string | undefined,
    /** The cap, in bytes. */
    readonly limit: number,
    /** Bytes the module held when it asked. */
    readonly used: number,
    /** Bytes it asked for. */
    readonly requested: number,
    readonly outcome: ResetOutcome = {},
  ) {
    super(
      `karmem: ${where(module, fn)} reached its memory cap: ${used} bytes in use, ${requested} more requested, limit ${limit} ${resetNote(outcome)}`,
      module,
      fn,
    );
  }

  /** The same error, naming the function that was running, and how the reset went. */
  during(fn: string | undefined, outcome: ResetOutcome = this.outcome): MemoryCapError {
    return fn === this.function && outcome === this.outcome ? this : new MemoryCapError(this.module, fn, this.limit, this.used, this.requested, outcome);
  }
}

/** A call into a module that is already running a call (a cycle between modules, or a host callback). */
export class ReentrancyError extends KarmemLinkerError {
  override readonly name = 'ReentrancyError';
  constructor(module: string, fn: string | undefined) {
    super(`karmem: ${where(module, fn)}: the module is already running a call (re-entrant calls are refused)`, module, fn);
  }
}

/** A host implementation of an interface threw while serving a guest's import. */
export class HostFunctionError extends KarmemLinkerError {
  override readonly name = 'HostFunctionError';
  constructor(
    /** The guest that called. */
    caller: string,
    fn: string,
    cause: unknown,
    /** What went wrong when it did not throw (`returned a Promise...`). */
    problem?: string,
  ) {
    super(`karmem: the host implementation of ${fn}, called by module "${caller}", ${problem ?? `threw: ${describe(cause)}`}`, 'host', fn, { cause });
  }
}

/**
 * What `error` says, for a message. Total: a thrown value may be anything,
 * including an object without a prototype, a Proxy or one whose `message`
 * or `toString` throws.
 */
export function describe(error: unknown): string {
  try {
    return error instanceof Error ? String(error.message) : String(error);
  } catch {
    return `a ${typeof error} that cannot be shown`;
  }
}
