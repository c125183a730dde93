// Timing: warm up, then time batches of calls; report the median of the
// batches, in ns per call, for wall time and CPU time.
import { performance } from 'node:perf_hooks';

export interface TimingOptions {
  /**
   * Rounds: the whole list of cases runs this many times, one after the
   * other, so that a busy spell of a shared machine does not land on one case
   * only; each round is a fresh worker with its own warm-up.
   */
  readonly rounds: number;
  /** Timed batches per round; at least 11 (the median is taken over the batches of all rounds). */
  readonly batches: number;
  /** Target duration of one batch, in ms (the calls per batch are set from the warm-up). */
  readonly batchMs: number;
  /** Warm-up before timing, in ms (V8 tiers JS and wasm up in the background meanwhile). */
  readonly warmupMs: number;
}

/** What one worker measured: the per-call time of each batch. */
export interface Batches {
  /** Wall time per call, ns, one value per batch. */
  readonly wall: readonly number[];
  /** CPU time per call, ns, one value per batch. */
  readonly cpu: readonly number[];
  readonly callsPerBatch: number;
}

export interface Measurement {
  /** Median over the batches of wall time per call. */
  readonly medianNs: number;
  /** Median over the batches of CPU time per call (process.cpuUsage: user + system, all threads of the process). */
  readonly cpuMedianNs: number;
  readonly minNs: number;
  readonly maxNs: number;
  /** Quartiles of the batch times, to show the spread. */
  readonly q1Ns: number;
  readonly q3Ns: number;
  /** Batches the medians are taken over (all rounds together). */
  readonly batches: number;
  /** Calls per batch (the smallest over the rounds). */
  readonly callsPerBatch: number;
  /**
   * The fastest round's median wall time per call: each round is a fresh
   * worker, and this machine runs in fast and slow spells (docs/benchmarks.md,
   * "Method"), so this compares cases in their fast spells.
   */
  readonly bestRoundNs: number;
}

export const MIN_BATCHES = 11;

let sink = 0;
/** The sum of every result: read once at the end so that no call can be dropped as dead code. */
export function sinkValue(): number {
  return sink;
}

export function measure(run: () => number, options: TimingOptions): Batches {
  const batches = Math.max(MIN_BATCHES, options.batches);
  const callsPerBatch = callsFor(warmUp(run, timeSubject, options), options.batchMs);
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let b = 0; b < batches; b++) timeSubject(run, callsPerBatch, wall, cpu);
  return { wall, cpu, callsPerBatch };
}

/** What a paired worker measured: both cases' batches, and the subject / baseline ratio of each pair of batches. */
export interface PairedBatches {
  readonly subject: Batches;
  readonly baseline: Batches;
  /** Subject's wall time per call / baseline's, one value per pair of adjacent batches. */
  readonly ratios: readonly number[];
}

/**
 * Two cases in one worker, timed in alternating batches (subject then
 * baseline, then the other way round, and so on), each pair's ratio taken from
 * two batches run back to back. This machine's speed changes in spells of
 * 0.1 s to seconds (docs/benchmarks.md, "Method"): a ratio of two medians
 * taken in different workers, or at different times, measures the spells as
 * much as the code; two adjacent batches share the spell.
 */
export function measurePair(subject: () => number, baseline: () => number, options: TimingOptions): PairedBatches {
  const pairs = Math.max(MIN_BATCHES, options.batches);
  const subjectCalls = callsFor(warmUp(subject, timeSubject, options), options.batchMs);
  const baselineCalls = callsFor(warmUp(baseline, timeBaseline, options), options.batchMs);
  const s = { wall: [] as number[], cpu: [] as number[] };
  const b = { wall: [] as number[], cpu: [] as number[] };
  const ratios: number[] = [];
  for (let p = 0; p < pairs; p++) {
    // Alternate which goes first, so that neither always runs on the other's leftovers (caches, GC debt).
    if (p % 2 === 0) {
      timeSubject(subject, subjectCalls, s.wall, s.cpu);
      timeBaseline(baseline, baselineCalls, b.wall, b.cpu);
    } else {
      timeBaseline(baseline, baselineCalls, b.wall, b.cpu);
      timeSubject(subject, subjectCalls, s.wall, s.cpu);
    }
    ratios.push(s.wall[p]! / b.wall[p]!);
  }
  return { subject: { ...s, callsPerBatch: subjectCalls }, baseline: { ...b, callsPerBatch: baselineCalls }, ratios };
}

type Timer = (run: () => number, calls: number, wall: number[], cpu: number[]) => void;

/**
 * Warm-up, in growing rounds through the loop that will be timed, until
 * `warmupMs` has passed (and at least 5 calls were made); returns the cost of
 * a call estimated by the last round.
 */
function warmUp(run: () => number, timer: Timer, options: TimingOptions): number {
  let calls = 1;
  let made = 0;
  const wall: number[] = [];
  const warmupEnd = performance.now() + options.warmupMs;
  for (;;) {
    timer(run, calls, wall, []);
    made += calls;
    const perCallNs = wall[wall.length - 1]!;
    if (performance.now() >= warmupEnd && made >= 5) return perCallNs;
    if ((perCallNs * calls) / 1e6 < options.batchMs / 4) calls *= 2;
  }
}

function callsFor(perCallNs: number, batchMs: number): number {
  return Math.max(1, Math.round((batchMs * 1e6) / Math.max(perCallNs, 1)));
}

/**
 * Times one batch of `calls` calls; appends its wall and CPU time per call.
 * Two copies of one loop, on purpose: in a paired worker each sees one
 * function only, so V8 can inline it into the loop as it does for a case
 * alone; one shared loop would see two (its call's feedback megamorphic)
 * and inline neither.
 */
function timeSubject(run: () => number, calls: number, wall: number[], cpu: number[]): void {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < calls; i++) sink += run();
  const t1 = performance.now();
  const c1 = process.cpuUsage(c0);
  wall.push(((t1 - t0) * 1e6) / calls);
  cpu.push(((c1.user + c1.system) * 1e3) / calls);
}

function timeBaseline(run: () => number, calls: number, wall: number[], cpu: number[]): void {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < calls; i++) sink += run();
  const t1 = performance.now();
  const c1 = process.cpuUsage(c0);
  wall.push(((t1 - t0) * 1e6) / calls);
  cpu.push(((c1.user + c1.system) * 1e3) / calls);
}

/** The medians and spread over every batch of every round of one case. */
export function summarize(rounds: readonly Batches[]): Measurement {
  const wall = rounds.flatMap((r) => r.wall);
  const cpu = rounds.flatMap((r) => r.cpu);
  const sorted = [...wall].sort((a, b) => a - b);
  return {
    medianNs: median(wall),
    cpuMedianNs: median(cpu),
    minNs: sorted[0]!,
    maxNs: sorted[sorted.length - 1]!,
    q1Ns: quantile(sorted, 0.25),
    q3Ns: quantile(sorted, 0.75),
    batches: wall.length,
    callsPerBatch: Math.min(...rounds.map((r) => r.callsPerBatch)),
    bestRoundNs: Math.min(...rounds.map((r) => median(r.wall))),
  };
}

export function median(values: readonly number[]): number {
  return quantile([...values].sort((a, b) => a - b), 0.5);
}

function quantile(sorted: readonly number[], q: number): number {
  const at = (sorted.length - 1) * q;
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (at - lo);
}
