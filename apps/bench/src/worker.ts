// One benchmark case, alone in this worker thread: set it up, check its
// result, warm it up and time it; post the measurement (or the error) back.
import { parentPort, workerData } from 'node:worker_threads';
import { sameChecksum } from './data';
import { findCase } from './registry';
import { measure, sinkValue, type Batches, type TimingOptions } from './runner';

export interface WorkerInput {
  readonly id: string;
  readonly timing: TimingOptions;
}

export type WorkerOutput =
  | { readonly ok: true; readonly batches: Batches; readonly bytes?: number; readonly checksum?: number; readonly allocations?: number; readonly sink: number }
  | { readonly ok: false; readonly error: string };

async function main(input: WorkerInput): Promise<WorkerOutput> {
  const found = findCase(input.id);
  if (!found) return { ok: false, error: `no case ${input.id}` };
  const prepared = await found.setup();
  try {
    let checksum: number | undefined;
    const verify = (when: string): void => {
      if (!prepared.check || prepared.expected === undefined) return;
      checksum = prepared.check();
      if (!sameChecksum(checksum, prepared.expected)) {
        throw new Error(`${input.id}: wrong result ${when}: checksum ${checksum}, expected ${prepared.expected}`);
      }
    };
    verify('before timing');
    const batches = measure(() => prepared.run(), input.timing);
    verify('after timing');
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

if (parentPort) {
  const port = parentPort;
  main(workerData as WorkerInput).then(
    (result) => port.postMessage(result),
    (error: unknown) => port.postMessage({ ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
  );
}
