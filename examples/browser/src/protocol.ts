/** What the page sends its host worker, and what comes back (src/page.ts, src/host-worker.ts). */
import type { RunOutcome } from './simulate';

export interface HostRequest {
  readonly engine: WebAssembly.Module;
  readonly scorer: WebAssembly.Module;
  readonly looper: WebAssembly.Module;
  readonly bodies: number;
  readonly ticks: number;
  /** The runaway guest's time limit. */
  readonly timeoutMs: number;
}

/** One call to the runaway guest, as it went. */
export interface CallRecord {
  readonly call: string;
  readonly ms: number;
  readonly value?: unknown;
  readonly error?: ErrorRecord;
}

export interface ErrorRecord {
  readonly name: string;
  readonly message: string;
}

export interface RunawayOutcome {
  readonly timeoutMs: number;
  readonly calls: readonly CallRecord[];
  /** Web Workers the runner started for the guest (2 at link time, then one per timeout). */
  readonly starts: number;
}

export type HostReply = { readonly physics: RunOutcome; readonly runaway: RunawayOutcome } | { readonly error: ErrorRecord };

export function errorRecord(error: unknown): ErrorRecord {
  return error instanceof Error ? { name: error.name, message: error.message } : { name: 'Error', message: String(error) };
}
