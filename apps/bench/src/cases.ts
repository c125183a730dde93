// What a benchmark case is. Every case runs alone in its own worker thread
// (src/worker.ts): `setup` prepares everything (and is not timed), then
// `run` is called in timed batches.

/**
 * Who a row is: the project, a peer, or a floor (what no implementation can beat).
 * A workload and phase may have two floors: `floor` (the ratios' reference) and
 * `hand` (a hand-written end-to-end path, e.g. record's host encoder + guest reader).
 */
export type Role = 'karmem' | 'peer' | 'floor';

export interface CaseInfo {
  /** Workload: `host`, `record`, `game`, `linker`. */
  readonly workload: string;
  /** Implementation, e.g. `karmem`, `flatbuffers`, `floor`. */
  readonly impl: string;
  /** What is timed, e.g. `encode`, `one-way`, `round-trip`, `sum`. */
  readonly phase: string;
  readonly role: Role;
  /** Libraries or code used, and anything a reader must know (e.g. "hand-written guest reader"). */
  readonly label: string;
}

/** What setup returns: the timed operation and how to check it. */
export interface Prepared {
  /** One operation; returns a number that depends on the work (fed to a sink). */
  run(): number;
  /**
   * Checked once after warm-up, outside the timing: the checksum the
   * operation computes, compared with `expected` (data.ts `sameChecksum`).
   */
  check?: () => number;
  expected?: number;
  /** Size of the message this case moves, in bytes, when there is one. */
  bytes?: number;
  /**
   * Managed allocations (the guest runtime's `__new` calls) per operation,
   * counted by an instrumented build outside the timing; only guest cases that count them.
   */
  allocations?: () => number;
  /** Release what setup made (optional). */
  dispose?: () => void;
}

export interface BenchCase extends CaseInfo {
  readonly id: string;
  setup(): Prepared | Promise<Prepared>;
}

/** A case that cannot run here, with the reason (reported, never silently dropped). */
export interface SkippedCase {
  readonly workload: string;
  readonly impl: string;
  readonly phase: string;
  readonly reason: string;
}

export function caseId(info: Pick<CaseInfo, 'workload' | 'impl' | 'phase'>): string {
  return `${info.workload}/${info.impl}/${info.phase}`;
}

export function defineCase(info: CaseInfo, setup: () => Prepared | Promise<Prepared>): BenchCase {
  return { ...info, id: caseId(info), setup };
}
