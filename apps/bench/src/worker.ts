// One benchmark case, alone in this worker thread: set it up, check its
// result, warm it up and time it; post the measurement (or the error) back.
// With a baseline, two cases share the worker and are timed in alternating
// batches (runner.ts, measurePair): how the targets' paired ratios are measured.
import { parentPort, workerData } from 'node:worker_threads';
import type { Prepared } from './cases';
import { sameChecksum } from './data';
import { findCase } from './registry';
import { measure, measurePair, sinkValue, type Batches, type PairedBatches, type TimingOptions } from './runner';

export interface WorkerInput {
  readonly id: string;
  readonly timing: TimingOptions;
  /** A second case to time against `id`, batch for batch: the worker then answers a PairedOutput. */
  readonly baseline?: string;
}

export type WorkerOutput =
  | { readonly ok: true; readonly batches: Batches; readonly bytes?: number; readonly checksum?: number; readonly allocations?: number; readonly sink: number }
  | { readonly ok: false; readonly error: string };

export type PairedOutput = { readonly ok: true; readonly paired: PairedBatches; readonly sink: number } | { readonly ok: false; readonly error: string };

/** Checks the case's result against the expected one; returns the checksum it computed. */
function verify(id: string, prepared: Prepared, when: string): number | undefined {
  if (!prepared.check || prepared.expected === undefined) return undefined;
  const checksum = prepared.check();
  if (!sameChecksum(checksum, prepared.expected)) {
    throw new Error(`${id}: wrong result ${when}: checksum ${checksum}, expected ${prepared.expected}`);
  }
  return checksum;
}

async function prepare(id: string): Promise<Prepared> {
  const found = findCase(id);
  if (!found) throw new Error(`no case ${id}`);
  return found.setup();
}

async function runCase(input: WorkerInput): Promise<WorkerOutput> {
  const prepared = await prepare(input.id);
  try {
    verify(input.id, prepared, 'before timing');
    const batches = measure(() => prepared.run(), input.timing);
    const checksum = verify(input.id, prepared, 'after timing');
    const allocations = prepared.allocations?.();
    const out: WorkerOutput = { ok: true, batches, sink: sinkValue() };
    return {
      ...out,
      ...(prepared.bytes !== undefined ? { bytes: prepared.bytes } : {}),
      ...(checksum !== undefined ? { checksum } : {}),
      ...(allocations !== undefined ? { allocations } : {}),
    };
  } finally {
    prepared.dispose?.();
  }
}

async function runPair(input: WorkerInput, baselineId: string): Promise<PairedOutput> {
  const subject = await prepare(input.id);
  try {
    const baseline = await prepare(baselineId);
    try {
      for (const [id, prepared] of [[input.id, subject], [baselineId, baseline]] as const) verify(id, prepared, 'before timing');
      const paired = measurePair(() => subject.run(), () => baseline.run(), input.timing);
      for (const [id, prepared] of [[input.id, subject], [baselineId, baseline]] as const) verify(id, prepared, 'after timing');
      return { ok: true, paired, sink: sinkValue() };
    } finally {
      baseline.dispose?.();
    }
  } finally {
    subject.dispose?.();
  }
}

if (parentPort) {
  const port = parentPort;
  const input = workerData as WorkerInput;
  (input.baseline === undefined ? runCase(input) : runPair(input, input.baseline)).then(
    (result) => port.postMessage(result),
    (error: unknown) => port.postMessage({ ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
  );
}
