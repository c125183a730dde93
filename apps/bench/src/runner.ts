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
   * worker, and on this machine a whole worker runs in a fast or a slow mode
   * (docs/benchmarks.md, "Method"), so this compares cases in the same mode.
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
  // Warm-up, in growing rounds, until warmupMs has passed (and at least 5
  // calls were made); the last round estimates the cost of a call.
  let calls = 1;
  let made = 0;
  let perCallNs = 0;
  const warmupEnd = performance.now() + options.warmupMs;
  for (;;) {
    const t0 = performance.now();
    for (let i = 0; i < calls; i++) sink += run();
    const elapsed = performance.now() - t0;
    made += calls;
    perCallNs = (elapsed * 1e6) / calls;
    if (performance.now() >= warmupEnd && made >= 5) break;
    if (elapsed < options.batchMs / 4) calls *= 2;
  }
  const callsPerBatch = Math.max(1, Math.round((options.batchMs * 1e6) / Math.max(perCallNs, 1)));
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let b = 0; b < batches; b++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    for (let i = 0; i < callsPerBatch; i++) sink += run();
    const t1 = performance.now();
    const c1 = process.cpuUsage(c0);
    wall.push(((t1 - t0) * 1e6) / callsPerBatch);
    cpu.push(((c1.user + c1.system) * 1e3) / callsPerBatch);
  }
  return { wall, cpu, callsPerBatch };
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
