/**
 * Faults: the record of what failed in nested calls (`linked.faults`,
 * `onFault`), the status code a fault becomes for a guest caller, and the
 * guard around the host's own callbacks (`onFault`, `log`), whose failures
 * are the host's, not a guest's.
 */
import { STATUS } from './abi';
import {
  GuestTrapError,
  HostCallbackError,
  type KarmemLinkerError,
  MemoryCapError,
  ReentrancyError,
  TimeoutError,
} from './errors';

/** How many faults `faults` keeps. */
const KEPT = 64;

export class FaultLog {
  /** Faults of nested calls, oldest first (the last 64). */
  readonly faults: KarmemLinkerError[] = [];
  /** Number of faults ever recorded. */
  count = 0;
  /**
   * Moves with everything a call must look at when it returns: every fault
   * kept (a host callback that threw among them), a plain import that failed,
   * the linked set's close(). A call compares it before and after: one test
   * for all of them on the common path.
   */
  epoch = 0;
  /** A host callback that threw while a call ran: the call throws it once it has returned. */
  private pendingHostError: HostCallbackError | undefined;

  constructor(
    private readonly onFault: ((error: KarmemLinkerError) => void) | undefined,
    private readonly logSink: ((line: string) => void) | undefined,
  ) {}

  /** Records a fault, logs it and tells `onFault`. Never throws. */
  record(error: KarmemLinkerError): void {
    this.keep(error);
    this.log(`karmem: ${error.message}`, error.module);
    if (this.onFault === undefined) return;
    try {
      this.onFault(error);
    } catch (thrown) {
      this.hostCallbackFailed('onFault', error.module, thrown);
    }
  }

  /** Sends a line to the host's `log`. Never throws: a throwing `log` is a HostCallbackError. */
  log(line: string, module = 'host'): void {
    if (this.logSink === undefined) return;
    try {
      this.logSink(line);
    } catch (thrown) {
      this.hostCallbackFailed('log', module, thrown);
    }
  }

  /** The log function a module's traces go to. */
  logFor(module: string): (line: string) => void {
    return (line) => this.log(line, module);
  }

  /** The first fault recorded since `count`. */
  since(count: number): KarmemLinkerError | undefined {
    if (this.count === count) return undefined;
    const back = this.count - count;
    return this.faults[Math.max(0, this.faults.length - back)];
  }

  /** The host callback error pending since the last call, if any (cleared). */
  takeHostError(): HostCallbackError | undefined {
    const error = this.pendingHostError;
    this.pendingHostError = undefined;
    return error;
  }

  private hostCallbackFailed(callback: string, module: string, thrown: unknown): void {
    const error = new HostCallbackError(callback, module, thrown);
    this.keep(error);
    this.pendingHostError ??= error;
  }

  /** Moves the epoch for an event that is not a fault kept here (close(), a plain import's failure). */
  interrupt(): void {
    this.epoch++;
  }

  private keep(error: KarmemLinkerError): void {
    this.count++;
    this.epoch++;
    this.faults.push(error);
    if (this.faults.length > KEPT) this.faults.shift();
  }
}

/** The status a guest caller gets for a fault of its callee. */
export function codeOf(error: KarmemLinkerError): number {
  if (error instanceof GuestTrapError) return STATUS.CALLEE_TRAPPED;
  if (error instanceof TimeoutError) return STATUS.TIMEOUT;
  if (error instanceof MemoryCapError) return STATUS.MEMORY_CAP;
  if (error instanceof ReentrancyError) return STATUS.REENTRANT;
  return STATUS.CALLEE_FAILED;
}
